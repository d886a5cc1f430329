import type { FastifyInstance } from 'fastify';
import { draftPages } from './pages/drafts.pages.js';
import { sectionPages } from './pages/sections.pages.js';
import { stepPages } from './pages/steps.pages.js';

export { WorkflowActions } from './views/drafting.views.js';

/** The secretariat's drafting of a year's priorities, page by page. */
export async function prioritiesDraftingPages(fastify: FastifyInstance): Promise<void> {
  await draftPages(fastify);
  await sectionPages(fastify);
  await stepPages(fastify);
}
