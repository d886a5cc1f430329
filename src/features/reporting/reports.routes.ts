import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import { IfMatchHeader, errorResponses, expectedVersion, setVersionTag } from '../../app/http.js';
import type { ReportDetail } from './reports.model.js';
import { reportOutputsRoutes } from './reports.outputs.js';
import { reportsPolicy } from './reports.policy.js';
import { reportVersionsRoutes } from './reports.versions.routes.js';
import { reportInfographicRoutes } from './reports.infographic.routes.js';
import {
  CalendarSchema,
  NewReportBody,
  ReportChangesBody,
  ReportIdParams,
  ReportSchema,
  ReportSectionParams,
  ReportSectionSchema,
  ReportSummarySchema,
  SectionTextBody,
  SubmissionBody,
  YearQuery,
} from './reports.schema.js';

const tags = ['reports'];

/**
 * A report as the API answers it. The document's lists are read-only in the service (nothing
 * changes a frozen report) and plain in the schema: the same values, typed for the answer.
 */
function present(report: ReportDetail): Static<typeof ReportSchema> {
  return { ...report, document: report.document as Static<typeof ReportSchema>['document'] };
}

/** The current year when a request names none. */
export const yearOrCurrent = (year: number | undefined) => year ?? Number(todayUtc().slice(0, 4));

/** The reporting calendar and the reports: the secretariat writes, readers see what is released. */
export async function reportsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = app.services;
  await app.register(reportOutputsRoutes);
  await app.register(reportVersionsRoutes);
  await app.register(reportInfographicRoutes);

  app.get(
    '/api/reports/calendar',
    {
      schema: {
        summary: 'The reports owed in a year and where each stands',
        description:
          'Each obligation with its recipient, due day, the responsible chair as named then and its status on today. Without year, the current one.',
        tags,
        querystring: YearQuery,
        response: { 200: CalendarSchema },
      },
      config: { access: reportsPolicy.calendar },
    },
    async (request) => {
      const year = yearOrCurrent(request.query.year);
      const today = todayUtc();
      return {
        year,
        today,
        entries: await reports.calendar(requireActor(request.actor), year, today),
      };
    },
  );

  app.get(
    '/api/reports',
    {
      schema: {
        summary: 'The reports the caller may read',
        description:
          'Drafts only for the secretariat; others read finalised reports released to them.',
        tags,
        querystring: YearQuery,
        response: { 200: Type.Array(ReportSummarySchema) },
      },
      config: { access: reportsPolicy.read },
    },
    async (request) => reports.list(requireActor(request.actor), request.query.year),
  );

  app.post(
    '/api/reports',
    {
      schema: {
        summary: 'Start the report answering an obligation',
        description:
          'A draft with the default sections: the foreword, the data sections, the conclusions.',
        tags,
        body: NewReportBody,
        response: { 201: ReportSchema, ...errorResponses(409) },
      },
      config: { access: reportsPolicy.manage },
    },
    async (request, reply) => {
      const report = await reports.create(
        requireActor(request.actor),
        request.auditContext(),
        request.body,
      );
      setVersionTag(reply, report.version);
      return reply.status(201).send(present(report));
    },
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        summary: 'A report as the caller receives it',
        description:
          'A draft is assembled from the data as of its day at each read; a finalised report is its frozen snapshot. Observers receive the public edition.',
        tags,
        params: ReportIdParams,
        response: { 200: ReportSchema },
      },
      config: { access: reportsPolicy.read },
    },
    async (request, reply) => {
      const report = await reports.get(requireActor(request.actor), request.params.id);
      setVersionTag(reply, report.version);
      return present(report);
    },
  );

  app.patch(
    '/api/reports/:id',
    {
      schema: {
        summary: "Change a report's title, day of data or readers",
        description: 'Title and day only while it is a draft; who reads it at any time.',
        tags,
        params: ReportIdParams,
        headers: IfMatchHeader,
        body: ReportChangesBody,
        response: { 200: ReportSchema, ...errorResponses(409, 428) },
      },
      config: { access: reportsPolicy.manage },
    },
    async (request, reply) => {
      const report = await reports.update(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, report.version);
      return present(report);
    },
  );

  app.put(
    '/api/reports/:id/sections/:sectionId',
    {
      schema: {
        summary: 'Write the text of a written section',
        description: 'Only while the report is a draft; If-Match with the section version.',
        tags,
        params: ReportSectionParams,
        headers: IfMatchHeader,
        body: SectionTextBody,
        response: { 200: ReportSectionSchema, ...errorResponses(409, 428) },
      },
      config: { access: reportsPolicy.manage },
    },
    async (request, reply) => {
      const section = await reports.editSection(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.params.sectionId,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, section.version);
      return section;
    },
  );

  app.post(
    '/api/reports/:id/finalise',
    {
      schema: {
        summary: 'Finalise a report: freeze it as assembled now, with its hash',
        tags,
        params: ReportIdParams,
        headers: IfMatchHeader,
        response: { 200: ReportSchema, ...errorResponses(409, 428) },
      },
      config: { access: reportsPolicy.manage },
    },
    async (request, reply) => {
      const report = await reports.finalise(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      setVersionTag(reply, report.version);
      return present(report);
    },
  );

  app.post(
    '/api/reports/:id/submit',
    {
      schema: {
        summary: 'Record that a finalised report was sent to its recipient',
        tags,
        params: ReportIdParams,
        headers: IfMatchHeader,
        body: SubmissionBody,
        response: { 200: ReportSchema, ...errorResponses(409, 428) },
      },
      config: { access: reportsPolicy.manage },
    },
    async (request, reply) => {
      const report = await reports.submit(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, report.version);
      return present(report);
    },
  );
}
