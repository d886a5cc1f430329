import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { calendarPages } from './pages/calendar.pages.js';
import { contributionsPages } from './pages/contributions.pages.js';
import { comparePages } from './pages/compare.pages.js';
import { infographicPages } from './pages/infographic.pages.js';
import { reportLifecyclePages } from './pages/report-lifecycle.pages.js';
import { reportPages } from './pages/report.pages.js';
import { printPages } from './reports.print.js';

/** The reporting pages, one module per part of a report: see pages/. */
export async function reportsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await calendarPages(app);
  await infographicPages(app);
  await reportPages(app);
  reportLifecyclePages(app);
  await contributionsPages(app);
  await comparePages(app);
  await app.register(printPages);
}
