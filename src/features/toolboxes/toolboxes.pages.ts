import type { FastifyInstance } from 'fastify';
import { toolboxImportPages } from './pages/import.pages.js';
import { offerPages } from './pages/offers.pages.js';
import { toolboxPages } from './pages/toolboxes.pages.js';

/** Every page of the toolboxes. */
export async function toolboxesPages(app: FastifyInstance): Promise<void> {
  await app.register(toolboxPages);
  await app.register(offerPages);
  await app.register(toolboxImportPages);
}
