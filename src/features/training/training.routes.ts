import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import {
  errorResponses,
  expectedVersion,
  IfMatchHeader,
  pageOf,
  PROBLEM_MEDIA_TYPE,
  setVersionTag,
} from '../../app/http.js';
import { translator } from '../../app/i18n/i18n.js';
import { fileResponse } from '../../app/openapi/declare.js';
import { toProblem } from '../../app/plugins/problems.js';
import {
  acceptWorkbooks,
  importOperation,
  importSizeText,
  sendExport,
} from '../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { toInput, type TrainingInput } from './training.model.js';
import { trainingPolicy } from './training.policy.js';
import { trainingFigures, trainingReportDocx } from './training.report.js';
import {
  ConfirmQuery,
  DuplicatePairSchema,
  NewTrainingBody,
  TrainingChangesBody,
  TrainingExportQuery,
  TrainingListQuery,
  TrainingParams,
  TrainingReportSchema,
  TrainingRevisionSchema,
  TrainingSchema,
  YearQuery,
} from './training.schema.js';
import { PossibleDuplicatesError } from './training.service.js';

const tags = ['training'];
export const DOCX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A new training's input: what the body leaves out is empty, and not released to observers. */
export function newTrainingInput(body: NewTrainingBody): TrainingInput {
  return {
    coOrganisers: [],
    capacity: null,
    participants: null,
    offerUrl: null,
    releasedToObservers: false,
    ...body,
  };
}

const exportDescription =
  'One row per training, with the filters of GET /api/trainings; observers get only what is released to them. The layout is described in docs/training.md.';

/** The training matrix's JSON API. */
export async function trainingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainings, trainingTransfer } = app.services;
  acceptWorkbooks(app);

  /** Runs a write; a possible duplicate answers 409 with its candidates rather than failing. */
  const answeringDuplicates = (
    request: Parameters<typeof toProblem>[1],
    reply: import('fastify').FastifyReply,
    error: unknown,
  ) => {
    if (!(error instanceof PossibleDuplicatesError)) throw error;
    return reply
      .status(409)
      .type(PROBLEM_MEDIA_TYPE)
      .send({ ...toProblem(error, request), candidates: error.candidates });
  };

  app.get(
    '/api/trainings',
    {
      schema: {
        summary: 'The training matrix: trainings filtered, sorted and paged',
        description:
          'Filters combine: an agency matches the trainings it organises or co-organises. Observers see the trainings released to them.',
        tags,
        querystring: TrainingListQuery,
        response: { 200: pageOf(TrainingSchema), ...errorResponses(400, 401) },
      },
      config: { access: trainingPolicy.read },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { sort, direction, page, pageSize, ...filters } = request.query;
      return trainings.list(actor, {
        ...(await trainings.filtersOf(filters)),
        sort,
        direction,
        page,
        pageSize,
      });
    },
  );

  app.post(
    '/api/trainings',
    {
      schema: {
        summary: 'Enter a training in the matrix',
        description:
          'Contact points enter the trainings their own agency organises. A training that resembles others is answered with 409 and the list of them, storing nothing; `?confirm=true` stores it anyway, and the audit entry names the trainings it was saved despite.',
        tags,
        querystring: ConfirmQuery,
        body: NewTrainingBody,
        response: { 201: TrainingSchema, ...errorResponses(400, 401, 404, 409) },
      },
      config: { access: trainingPolicy.write },
    },
    async (request, reply) => {
      try {
        const training = await trainings.create(
          requireActor(request.actor),
          request.auditContext(),
          newTrainingInput(request.body),
          { confirmed: request.query.confirm === true },
        );
        setVersionTag(reply, training.version);
        return await reply
          .status(201)
          .header('location', `/api/trainings/${training.id}`)
          .send(training);
      } catch (error) {
        return answeringDuplicates(request, reply, error);
      }
    },
  );

  app.get(
    '/api/trainings/duplicates',
    {
      schema: {
        summary: 'Likely duplicate trainings of a year, across every agency',
        description:
          'Pairs of trainings for the same audience whose days overlap and whose titles (trigram similarity) or topic areas (Jaccard) are alike, most alike first.',
        tags,
        querystring: YearQuery,
        response: { 200: Type.Array(DuplicatePairSchema), ...errorResponses(400, 401) },
      },
      config: { access: trainingPolicy.duplicates },
    },
    async (request) => {
      const pairs = await trainings.duplicates(requireActor(request.actor), request.query.year);
      return pairs.map(({ a, b, titleSimilarity, topicSimilarity }) => ({
        a,
        b,
        titleSimilarity,
        topicSimilarity,
      }));
    },
  );

  app.get(
    '/api/trainings/report',
    {
      schema: {
        summary: 'The annual training report: figures of a year per agency, topic area and kind',
        description:
          'A training counts for each agency that organised or co-organised it and for each of its topic areas. Observers get the figures of what is released to them.',
        tags,
        querystring: YearQuery,
        response: { 200: TrainingReportSchema, ...errorResponses(400, 401) },
      },
      config: { access: trainingPolicy.read },
    },
    async (request) => {
      const { year } = request.query;
      return trainingFigures(
        year,
        await trainings.all(requireActor(request.actor), { year, sort: 'start', direction: 'asc' }),
      );
    },
  );

  app.get(
    '/api/trainings/report.docx',
    {
      schema: {
        summary: 'The annual training report as a Word document',
        tags,
        querystring: YearQuery,
        response: {
          200: fileResponse('The report', [DOCX_CONTENT_TYPE]),
          ...errorResponses(400, 401),
        },
      },
      config: { access: trainingPolicy.read },
    },
    async (request, reply) => {
      const { year } = request.query;
      const actor = requireActor(request.actor);
      const locale = actor.locale ?? 'en';
      const figures = trainingFigures(
        year,
        await trainings.all(actor, { year, sort: 'start', direction: 'asc' }),
      );
      const body = await trainingReportDocx(
        figures,
        translator(locale),
        locale,
        await trainings.chairOf(year),
      );
      return sendExport(reply, {
        name: `jhanet-training-report-${String(year)}.docx`,
        contentType: DOCX_CONTENT_TYPE,
        body,
      });
    },
  );

  app.get(
    '/api/trainings/export.xlsx',
    {
      schema: {
        summary: 'Export the training matrix as an Excel workbook',
        description: exportDescription,
        tags,
        querystring: TrainingExportQuery,
        response: {
          200: fileResponse('The workbook', [XLSX_CONTENT_TYPE]),
          ...errorResponses(400, 401),
        },
      },
      config: { access: trainingPolicy.read },
    },
    async (request, reply) => {
      const body = await trainingTransfer.exportXlsx(
        requireActor(request.actor),
        await trainings.filtersOf(request.query),
      );
      return sendExport(reply, {
        name: 'jhanet-training-matrix.xlsx',
        contentType: XLSX_CONTENT_TYPE,
        body,
      });
    },
  );

  importOperation(app, {
    url: '/api/trainings/import',
    summary: 'Import trainings from an Excel workbook in the layout of the export',
    description: `Send the .xlsx file as the request body (${importSizeText}); only the first sheet is read. Rows without an ID add trainings; a row with an ID changes that training and must keep the Version it was exported at. Every row is checked first: if any is invalid, nothing is stored and the answer lists each problem with its row and column. Contact points import the trainings their own agency organises.`,
    tags,
    response: Type.Object({
      created: Type.Integer(),
      updated: Type.Integer(),
      unchanged: Type.Integer(),
    }),
    access: trainingPolicy.write,
    importFile: (request, _params, bytes) =>
      trainingTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });

  app.get(
    '/api/trainings/:id',
    {
      schema: {
        summary: 'One training',
        tags,
        params: TrainingParams,
        response: { 200: TrainingSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: trainingPolicy.read },
    },
    async (request, reply) => {
      const training = await trainings.get(requireActor(request.actor), request.params.id);
      setVersionTag(reply, training.version);
      return training;
    },
  );

  app.patch(
    '/api/trainings/:id',
    {
      schema: {
        summary: 'Change a training',
        description:
          'Send If-Match with the ETag you read: a change based on an older version is refused with 412. Contact points change the trainings their own agency organises; only administrators hand a training to another agency. A change of the title, topic areas, audience or days that makes the training resemble others is answered with 409 and the list, unless `?confirm=true`.',
        tags,
        params: TrainingParams,
        querystring: ConfirmQuery,
        headers: IfMatchHeader,
        body: TrainingChangesBody,
        response: {
          200: TrainingSchema,
          ...errorResponses(400, 401, 404, 409, 412, 428),
        },
      },
      config: { access: trainingPolicy.write },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const version = expectedVersion(request);
      try {
        const current = await trainings.get(actor, request.params.id);
        const training = await trainings.update(
          actor,
          request.auditContext(),
          current.id,
          { ...toInput(current), ...request.body },
          version,
          { confirmed: request.query.confirm === true },
        );
        setVersionTag(reply, training.version);
        return training;
      } catch (error) {
        return answeringDuplicates(request, reply, error);
      }
    },
  );

  app.delete(
    '/api/trainings/:id',
    {
      schema: {
        summary: 'Delete a training and its history',
        tags,
        params: TrainingParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...errorResponses(401, 404, 412, 428) },
      },
      config: { access: trainingPolicy.write },
    },
    async (request, reply) => {
      await trainings.delete(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/trainings/:id/revisions',
    {
      schema: {
        summary: 'Every version of a training: when, by whom, which fields changed',
        tags,
        params: TrainingParams,
        response: { 200: Type.Array(TrainingRevisionSchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: trainingPolicy.read },
    },
    async (request) => trainings.revisions(requireActor(request.actor), request.params.id),
  );
}
