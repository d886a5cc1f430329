import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TInteger, type TObject } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses } from '../../app/http.js';
import { activityStatuses } from '../../db/schema.js';
import { scorecardPolicy } from './scorecard.policy.js';
import { ScorecardFiltersQuery } from './scorecard.schema.js';
import { assessmentBuckets } from './scorecard.views.js';
import { scorecardViewsOf } from './scorecard.views.service.js';
import type { ScorecardFilters } from './scorecard.model.js';

const tags = ['scorecard'];

// The views take the scorecard's filters; sorting means nothing to a summary.
const ViewQuery = Type.Omit(Type.Object(ScorecardFiltersQuery), ['sort', 'direction']);

function countsOf(keys: readonly string[], description: string): TObject<Record<string, TInteger>> {
  return Type.Object(Object.fromEntries(keys.map((key) => [key, Type.Integer()])), {
    description,
  });
}

const ByStatus = countsOf(activityStatuses, 'Activities by status');
const ByAssessment = countsOf(
  assessmentBuckets,
  'Activities by assessment; none counts those not assessed yet',
);

const Frame = {
  year: Type.Integer(),
  asOf: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
};

const AgenciesSchema = Type.Object({
  ...Frame,
  agencies: Type.Array(
    Type.Object({
      acronym: Type.String(),
      name: Type.String(),
      leads: Type.Integer({ description: 'Activities the agency leads' }),
      joins: Type.Integer({ description: 'Activities the agency joins as a participant' }),
      byStatus: ByStatus,
      byAssessment: ByAssessment,
    }),
  ),
});

const CoverageSchema = Type.Object({
  ...Frame,
  covered: Type.Integer({ description: 'Lines of action served by at least one activity' }),
  lines: Type.Integer({ description: "Lines of action of the year's agreed priorities" }),
  sections: Type.Array(
    Type.Object({
      number: Type.String(),
      title: Type.String(),
      covered: Type.Integer(),
      lines: Type.Array(
        Type.Object({
          key: Type.String(),
          code: Type.String({ description: 'Such as 1.1.3: the scorecard filter line takes it' }),
          text: Type.String(),
          activities: Type.Integer({ description: 'Activities serving the line; 0 is a gap' }),
        }),
      ),
    }),
  ),
});

const DashboardSchema = Type.Object({
  ...Frame,
  headline: Type.Object(
    {
      activities: Type.Integer(),
      byStatus: ByStatus,
      byAssessment: ByAssessment,
    },
    { description: 'Each activity counted once, whatever lines it serves' },
  ),
  statusBySection: Type.Array(
    Type.Object({ number: Type.String(), title: Type.String(), byStatus: ByStatus }),
    { description: 'An activity serving two sections counts in both' },
  ),
  agencies: Type.Array(
    Type.Object({
      acronym: Type.String(),
      name: Type.String(),
      leads: Type.Integer(),
      joins: Type.Integer(),
    }),
  ),
  assessmentOverTime: Type.Array(
    Type.Object({ day: Type.String({ format: 'date' }), counts: ByAssessment }),
    {
      description:
        'Assessments at the end of each month of the year, up to asOf or today; the current month as it stands',
    },
  ),
});

const filtersNote =
  'Takes the filters of GET /api/scorecard, and asOf for the scorecard as it stood on a day. Counts only the activities the caller may read: observers, those released to them.';

export async function scorecardViewsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard } = app.services;
  const views = scorecardViewsOf(app.services);

  const filtersOf = async (
    query: Omit<ScorecardFilters, 'year'> & { year?: number | undefined },
  ) => {
    const filters: ScorecardFilters = {
      ...query,
      year: query.year ?? (await scorecard.defaultYear()),
    };
    return { filters, frame: { year: filters.year, asOf: filters.asOf ?? null } };
  };

  app.get(
    '/api/scorecard/agencies',
    {
      schema: {
        summary: 'Activities per member agency: how many it leads and joins, by status',
        description: filtersNote,
        tags,
        querystring: ViewQuery,
        response: { 200: AgenciesSchema, ...errorResponses(400, 401) },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => {
      const { filters, frame } = await filtersOf(request.query);
      const figures = await views.agencies(requireActor(request.actor), filters);
      return {
        ...frame,
        agencies: figures.map(({ agency, ...counts }) => ({
          acronym: agency.acronym,
          name: agency.name,
          ...counts,
        })),
      };
    },
  );

  app.get(
    '/api/scorecard/coverage',
    {
      schema: {
        summary: "Coverage of the year's priorities: activities per line of action, and the gaps",
        description: filtersNote,
        tags,
        querystring: ViewQuery,
        response: { 200: CoverageSchema, ...errorResponses(400, 401) },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => {
      const { filters, frame } = await filtersOf(request.query);
      return { ...frame, ...(await views.coverage(requireActor(request.actor), filters)) };
    },
  );

  app.get(
    '/api/scorecard/dashboard',
    {
      schema: {
        summary: 'The figures of the dashboard: status per section, agencies, assessments by month',
        description: filtersNote,
        tags,
        querystring: ViewQuery,
        response: { 200: DashboardSchema, ...errorResponses(400, 401) },
      },
      config: { access: scorecardPolicy.read },
    },
    async (request) => {
      const { filters, frame } = await filtersOf(request.query);
      return { ...frame, ...(await views.dashboard(requireActor(request.actor), filters)) };
    },
  );
}
