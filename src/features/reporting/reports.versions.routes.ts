import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { reportsPolicy } from './reports.policy.js';
import { ReportIdParams } from './reports.schema.js';
import { sectionChanges } from './reports.versions.js';

const VersionNumber = Type.Integer({ minimum: 1, maximum: 1_000_000 });

export const CompareVersionsQuery = Type.Object(
  { from: VersionNumber, to: VersionNumber },
  { additionalProperties: false },
);

const versionReasons = ['created', 'section_edit', 'as_of', 'finalised'] as const;

export const ReportVersionSchema = Type.Object({
  number: Type.Integer({ description: '1, 2, 3… within the report.' }),
  reason: oneOf(versionReasons, {
    description:
      'What kept it: the draft was started, a written section was saved, the day of the data changed (the data sections were regenerated), or the report was finalised.',
  }),
  asOf: Type.String({ format: 'date', description: 'The day its data sections were read on.' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String({ description: 'Who made the change, by name.' }),
});

export const ReportComparisonSchema = Type.Object({
  report: Type.Object({ id: Type.String(), title: Type.String() }),
  from: ReportVersionSchema,
  to: ReportVersionSchema,
  counts: Type.Object({
    unchanged: Type.Integer(),
    changed: Type.Integer(),
    added: Type.Integer(),
    removed: Type.Integer(),
  }),
  sections: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'What the section is: sections match by their kind.' }),
      origin: oneOf(['data', 'written'] as const),
      title: Type.String(),
      status: oneOf(sectionChanges),
      before: Type.String({ description: 'The section as text in the earlier version.' }),
      after: Type.String({ description: 'The section as text in the later version.' }),
      words: Type.Array(
        Type.Object({ op: oneOf(['equal', 'insert', 'delete'] as const), text: Type.String() }),
        { description: 'The words kept, deleted and inserted, in reading order.' },
      ),
    }),
  ),
});

nameSchemas({
  ReportVersion: ReportVersionSchema,
  ReportComparison: ReportComparisonSchema,
});

const tags = ['reports'];

/** A report's versions and the comparison of two of them. */
export async function reportVersionsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reportVersions } = app.services;

  app.get(
    '/api/reports/:id/versions',
    {
      schema: {
        summary: "A report's versions, the latest first",
        description:
          'Each save of a written section, each change of the day of the data and finalising keep a version. Versions are drafts: only the secretariat reads them; for anyone else the report is not found (404).',
        tags,
        params: ReportIdParams,
        response: { 200: Type.Array(ReportVersionSchema), ...errorResponses(401, 404) },
      },
      config: { access: reportsPolicy.read },
    },
    async (request) => reportVersions.list(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/reports/:id/compare',
    {
      schema: {
        summary: 'Compare two versions of a report section by section',
        description:
          'Sections match by their kind; each is unchanged, changed (with its words deleted and inserted), added or removed. A data section compares as the text it was generated into. A version or report the caller may not read answers 404.',
        tags,
        params: ReportIdParams,
        querystring: CompareVersionsQuery,
        response: { 200: ReportComparisonSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: reportsPolicy.read },
    },
    async (request) =>
      reportVersions.compare(
        requireActor(request.actor),
        request.params.id,
        request.query.from,
        request.query.to,
      ),
  );
}
