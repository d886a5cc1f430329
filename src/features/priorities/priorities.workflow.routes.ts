import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { ValidationError } from '../../app/errors.js';
import { IfMatchHeader, errorResponses, expectedVersion, setVersionTag } from '../../app/http.js';
import { versionTagSent } from '../../app/openapi/declare.js';
import { parseVersionRef } from './priorities.compare.js';
import type { VersionRef } from './priorities.drafting.js';
import { prioritiesPolicy } from './priorities.policy.js';
import { FrameworkSchema, VersionParams } from './priorities.schema.js';
import type { FrameworkView } from './priorities.service.js';
import {
  AgreementBody,
  AnswerBody,
  AnswerChangesBody,
  AnswerParams,
  AnswerSchema,
  CompareQuery,
  ComparisonSchema,
  ConsultationBody,
  ConsultationSchema,
  FrameworkChangesBody,
  LineChangesBody,
  LineParams,
  NewDraftBody,
  NewLineBody,
  SectionChangesBody,
  SectionParams,
} from './priorities.workflow.schema.js';

const tags = ['priorities'];

const editErrors = errorResponses(400, 401, 404, 409, 412, 428);

export async function prioritiesWorkflowRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities, priorityDrafting, priorityConsultation, priorityComparison } = app.services;

  /** The version as it now is, with its row version as the ETag for the next change. */
  async function current(
    reply: FastifyReply,
    actor: Actor,
    ref: VersionRef,
  ): Promise<FrameworkView> {
    const framework = await priorities.get(actor, ref.year, ref.version);
    setVersionTag(reply, framework.rowVersion);
    return framework;
  }

  app.get(
    '/api/priorities/compare',
    {
      schema: {
        summary: 'Compare two versions of the priorities line by line',
        description:
          'Lines are matched by their key, which a line keeps from version to version: each is unchanged, changed (with its words deleted and inserted), added, removed, or moved to another section or number. Either version may be of any year; one you may not read answers 404.',
        tags,
        querystring: CompareQuery,
        response: { 200: ComparisonSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: prioritiesPolicy.read },
    },
    async (request) =>
      priorityComparison.compare(requireActor(request.actor), request.query.from, request.query.to),
  );

  app.post(
    '/api/priorities/drafts',
    {
      schema: {
        summary: "Start a draft of a year's priorities as a copy of a version",
        description:
          "The copy keeps the key of every line. A year's first version is 1; a year with versions gets the next number. A year has at most one version in draft or consultation (409).",
        tags,
        body: NewDraftBody,
        response: { 201: FrameworkSchema, ...errorResponses(400, 401, 404, 409) },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      const from = parseVersionRef(request.body.from);
      if (!from) {
        throw new ValidationError([
          {
            field: 'from',
            message: 'Name the version to start from as year/version, such as 2017/1.',
          },
        ]);
      }
      const ref = await priorityDrafting.startDraft(request.auditContext(), {
        year: request.body.year,
        from,
      });
      const framework = await current(reply, requireActor(request.actor), ref);
      reply.header('location', `/api/priorities/${ref.year}/versions/${ref.version}`);
      return reply.status(201).send(framework);
    },
  );

  app.patch(
    '/api/priorities/:year/versions/:version',
    {
      schema: {
        summary: 'Change the title, introduction or principles of a draft or consulted version',
        description:
          'Agreed versions are frozen (409). A change during a consultation is recorded as a revision.',
        tags,
        params: VersionParams,
        headers: IfMatchHeader,
        body: FrameworkChangesBody,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      await priorityDrafting.updateFramework(
        request.auditContext(),
        request.params,
        expectedVersion(request),
        request.body,
      );
      return current(reply, requireActor(request.actor), request.params);
    },
  );

  app.delete(
    '/api/priorities/:year/versions/:version',
    {
      schema: {
        summary: 'Delete a draft',
        description: 'Only a draft: a version once put to consultation is kept (409).',
        tags,
        params: VersionParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      await priorityDrafting.deleteDraft(
        request.auditContext(),
        request.params,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/priorities/:year/versions/:version/sections/:section',
    {
      schema: {
        summary: "Change a section's title or headline objective",
        tags,
        params: SectionParams,
        headers: IfMatchHeader,
        body: SectionChangesBody,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      const { year, version, section } = request.params;
      await priorityDrafting.updateSection(
        request.auditContext(),
        { year, version },
        section,
        expectedVersion(request),
        request.body,
      );
      return current(reply, requireActor(request.actor), { year, version });
    },
  );

  app.post(
    '/api/priorities/:year/versions/:version/sections/:section/lines',
    {
      schema: {
        summary: 'Add a line of action to a section',
        description: 'The new line gets a new key; the Location header names it.',
        tags,
        params: SectionParams,
        headers: IfMatchHeader,
        body: NewLineBody,
        response: { 201: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      const { year, version, section } = request.params;
      const { key } = await priorityDrafting.addLine(
        request.auditContext(),
        { year, version },
        section,
        expectedVersion(request),
        request.body,
      );
      const framework = await current(reply, requireActor(request.actor), { year, version });
      reply.header('location', `/api/priorities/${year}/versions/${version}/lines/${key}`);
      return reply.status(201).send(framework);
    },
  );

  app.patch(
    '/api/priorities/:year/versions/:version/lines/:key',
    {
      schema: {
        summary: 'Change a line of action, reorder it, or move it to another section',
        tags,
        params: LineParams,
        headers: IfMatchHeader,
        body: LineChangesBody,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      const { year, version, key } = request.params;
      await priorityDrafting.updateLine(
        request.auditContext(),
        { year, version },
        key,
        expectedVersion(request),
        request.body,
      );
      return current(reply, requireActor(request.actor), { year, version });
    },
  );

  app.delete(
    '/api/priorities/:year/versions/:version/lines/:key',
    {
      schema: {
        summary: 'Remove a line of action',
        description: 'Answers the version as it now is, with its new ETag.',
        tags,
        params: LineParams,
        headers: IfMatchHeader,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      const { year, version, key } = request.params;
      await priorityDrafting.removeLine(
        request.auditContext(),
        { year, version },
        key,
        expectedVersion(request),
      );
      return current(reply, requireActor(request.actor), { year, version });
    },
  );

  app.post(
    '/api/priorities/:year/versions/:version/consultation',
    {
      schema: {
        operationId: 'openPriorityVersionConsultation',
        summary: 'Open a consultation of the member agencies on a draft, or move its deadline',
        tags,
        params: VersionParams,
        headers: IfMatchHeader,
        body: ConsultationBody,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      await priorityDrafting.openConsultation(
        request.auditContext(),
        request.params,
        expectedVersion(request),
        request.body,
      );
      return current(reply, requireActor(request.actor), request.params);
    },
  );

  app.post(
    '/api/priorities/:year/versions/:version/agreement',
    {
      schema: {
        operationId: 'agreePriorityVersion',
        summary: 'Record that the network agreed a version; it is then frozen',
        tags,
        params: VersionParams,
        headers: IfMatchHeader,
        body: AgreementBody,
        response: { 200: FrameworkSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.draft },
    },
    async (request, reply) => {
      await priorityDrafting.recordAgreement(
        request.auditContext(),
        request.params,
        expectedVersion(request),
        request.body,
      );
      return current(reply, requireActor(request.actor), request.params);
    },
  );

  app.get(
    '/api/priorities/:year/versions/:version/consultation',
    {
      schema: {
        summary: 'A consultation and the answers you may read',
        description:
          "Administrators read every answer and each agency's progress. A contact point reads its own agency's answers while the consultation is open, and every agency's after the deadline.",
        tags,
        params: VersionParams,
        // Its version is the number of the priorities consulted on, not a row version.
        response: {
          200: versionTagSent(ConsultationSchema, 'never'),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: prioritiesPolicy.consultation },
    },
    async (request) => priorityConsultation.get(requireActor(request.actor), request.params),
  );

  app.post(
    '/api/priorities/:year/versions/:version/consultation/answers',
    {
      schema: {
        summary: 'Answer a consultation for your agency, on one section',
        description:
          'A comment, a proposed change of a line (name it by lineKey) or a proposed new line. Until the end of the deadline day, Brussels time; then 409.',
        tags,
        params: VersionParams,
        body: AnswerBody,
        response: { 201: AnswerSchema, ...errorResponses(400, 401, 404, 409) },
      },
      config: { access: prioritiesPolicy.answer },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const id = await priorityConsultation.createAnswer(
        request.auditContext(),
        actor,
        request.params,
        request.body,
      );
      const answer = await priorityConsultation.ownAnswer(actor, request.params, id);
      setVersionTag(reply, answer.rowVersion);
      return reply.status(201).send(answer);
    },
  );

  app.patch(
    '/api/priorities/:year/versions/:version/consultation/answers/:id',
    {
      schema: {
        summary: "Change one of your agency's answers while the consultation is open",
        tags,
        params: AnswerParams,
        headers: IfMatchHeader,
        body: AnswerChangesBody,
        response: { 200: AnswerSchema, ...editErrors },
      },
      config: { access: prioritiesPolicy.answer },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { year, version, id } = request.params;
      await priorityConsultation.updateAnswer(
        request.auditContext(),
        actor,
        { year, version },
        id,
        expectedVersion(request),
        request.body,
      );
      const answer = await priorityConsultation.ownAnswer(actor, { year, version }, id);
      setVersionTag(reply, answer.rowVersion);
      return answer;
    },
  );

  app.delete(
    '/api/priorities/:year/versions/:version/consultation/answers/:id',
    {
      schema: {
        summary: "Withdraw one of your agency's answers while the consultation is open",
        tags,
        params: AnswerParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...editErrors },
      },
      config: { access: prioritiesPolicy.answer },
    },
    async (request, reply) => {
      const { year, version, id } = request.params;
      await priorityConsultation.withdrawAnswer(
        request.auditContext(),
        requireActor(request.actor),
        { year, version },
        id,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );
}
