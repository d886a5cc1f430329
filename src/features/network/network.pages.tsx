import type { FastifyInstance } from 'fastify';
import { chairPages } from './pages/chairs.pages.js';
import { organisationFormPages } from './pages/organisation-form.pages.js';
import { registryPages } from './pages/registry.pages.js';

export { ChairName, organisationHref } from './views/registry.views.js';

/** The network's pages: the registers of agencies and bodies, their forms, and the chairs. */
export async function networkPages(app: FastifyInstance): Promise<void> {
  await registryPages(app);
  await organisationFormPages(app);
  await chairPages(app);
}
