import type { FastifyInstance } from 'fastify';
import { anyone } from '../../app/access.js';

/** The machine-readable OpenAPI 3.1 document, built from the route schemas. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/openapi.json',
    {
      schema: { summary: 'This API as an OpenAPI 3.1 document', tags: ['meta'] },
      config: { access: anyone },
    },
    async () => app.swagger(),
  );
}
