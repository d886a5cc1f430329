import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses, setVersionTag } from '../../app/http.js';
import { versionTagSent } from '../../app/openapi/declare.js';
import { reportObligationsOf } from '../reporting/report-obligations.js';
import { prioritiesPolicy } from './priorities.policy.js';
import {
  FrameworkSchema,
  FrameworkSummarySchema,
  PrioritiesListQuery,
  ReportObligationSchema,
  VersionParams,
  YearParams,
} from './priorities.schema.js';

const tags = ['priorities'];

export async function prioritiesRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities } = app.services;

  app.get(
    '/api/priorities',
    {
      schema: {
        summary: 'The versions of the yearly priorities you may read, latest first',
        description:
          'Agreed priorities are read by all; versions under consultation by contact points; drafts by administrators.',
        tags,
        querystring: PrioritiesListQuery,
        response: { 200: Type.Array(FrameworkSummarySchema), ...errorResponses(400, 401) },
      },
      config: { access: prioritiesPolicy.read },
    },
    async (request) => priorities.list(requireActor(request.actor), request.query.year),
  );

  app.get(
    '/api/priorities/:year',
    {
      schema: {
        operationId: 'getPrioritiesOfYear',
        summary: "A year's priorities: the agreed version, or the latest you may read",
        tags,
        params: YearParams,
        // The framework to read, not the version a change is based on: that is under /versions.
        response: {
          200: versionTagSent(FrameworkSchema, 'never'),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { access: prioritiesPolicy.read },
    },
    async (request) => priorities.get(requireActor(request.actor), request.params.year),
  );

  app.get(
    '/api/priorities/:year/versions/:version',
    {
      schema: {
        summary: "One version of a year's priorities",
        description: 'The ETag is the row version that a change of a draft sends back in If-Match.',
        tags,
        params: VersionParams,
        response: { 200: FrameworkSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: prioritiesPolicy.read },
    },
    async (request, reply) => {
      const framework = await priorities.get(
        requireActor(request.actor),
        request.params.year,
        request.params.version,
      );
      setVersionTag(reply, framework.rowVersion);
      return framework;
    },
  );

  app.get(
    '/api/priorities/:year/report-obligations',
    {
      schema: {
        summary: 'The reports the network owes in a year: to whom, when, by which day',
        description: 'An empty list when none is recorded for the year.',
        tags,
        params: YearParams,
        response: { 200: Type.Array(ReportObligationSchema), ...errorResponses(400, 401) },
      },
      config: { access: prioritiesPolicy.read },
    },
    async (request) => {
      requireActor(request.actor);
      return reportObligationsOf(app.services.database.db, request.params.year);
    },
  );
}
