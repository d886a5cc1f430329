import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { agendaPages } from './pages/agenda.pages.js';
import { meetingListPages } from './pages/list.pages.js';
import { meetingPages } from './pages/meeting.pages.js';
import { outcomesPages } from './pages/outcomes.pages.js';
import { subscribePages } from './pages/subscribe.pages.js';

export { meetingHref } from './views/parts.js';

/** The meeting pages, one module per part of a meeting: see pages/. */
export async function meetingsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await meetingListPages(app);
  await subscribePages(app);
  await meetingPages(app);
  await agendaPages(app);
  await outcomesPages(app);
}
