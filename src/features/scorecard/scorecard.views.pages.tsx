import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { agencyViewPages } from './pages/agencies.pages.js';
import { coverageViewPages } from './pages/coverage.pages.js';
import { dashboardViewPages } from './pages/dashboard.pages.js';
import { timelineViewPages } from './pages/timeline.pages.js';
import { viewsKit } from './pages/views.kit.js';

/** The scorecard's views beside its table: per agency, coverage, timeline and dashboard. */
export async function scorecardViewsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const kit = viewsKit(app);
  await agencyViewPages(app, kit);
  await coverageViewPages(app, kit);
  await timelineViewPages(app, kit);
  await dashboardViewPages(app, kit);
}
