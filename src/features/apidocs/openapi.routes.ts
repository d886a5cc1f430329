import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { anyone } from '../../app/access.js';

const open = { additionalProperties: true };

/** The outline of an OpenAPI 3.1 document; everything else the specification allows may be there. */
const OpenApiDocumentSchema = Type.Object(
  {
    openapi: Type.String({ pattern: '^3\\.1\\.\\d+$' }),
    info: Type.Object({ title: Type.String(), version: Type.String() }, open),
    paths: Type.Record(Type.String({ pattern: '^/' }), Type.Object({}, open)),
    components: Type.Object({}, open),
  },
  {
    ...open,
    title: 'OpenApiDocument',
    description: 'An OpenAPI 3.1 document: https://spec.openapis.org/oas/v3.1.0',
  },
);

/** The machine-readable OpenAPI 3.1 document, built from the route schemas. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document',
        tags: ['meta'],
        operationId: 'getOpenApiDocument',
        response: { 200: OpenApiDocumentSchema },
      },
      config: { access: anyone },
    },
    async () => app.swagger(),
  );
}
