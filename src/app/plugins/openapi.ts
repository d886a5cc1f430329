import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { finishDocument } from '../openapi/finish-document.js';
import type { OpenApiDocument } from '../openapi/openapi-types.js';
import { documentRoute, type DocumentedSchema } from '../openapi/route-operation.js';

/**
 * The OpenAPI 3.1 document, generated from the route schemas. Pages are left out; every
 * operation states who may call it, from the access rule the route declares, and every answer it
 * can give (`src/app/openapi/`).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'jhanet API',
        version: '1',
        description:
          'The JSON API of the platform of the EU Justice and Home Affairs agencies network. Errors are RFC 9457 problem details (application/problem+json). Writes of versioned records send If-Match with the ETag the record was read with.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jhanet_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (jht_...)' },
        },
      },
    },
    transform: ({ schema: declared, url, route }) => {
      // Typed as always present, but a route that declares no schema (a plain page) has none.
      const schema = (declared as DocumentedSchema | undefined) ?? {};
      const config = route.config;
      if (config?.page === true || url.startsWith('/assets/')) {
        return { url, schema: { ...schema, hide: true } };
      }
      const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
      return { url, schema: documentRoute(method, url, schema, config?.access) };
    },
    // The generator's object is typed for every OpenAPI version; this one is 3.1 (above).
    transformObject: (generated) =>
      'openapiObject' in generated
        ? (finishDocument(generated.openapiObject as unknown as OpenApiDocument) as object)
        : generated.swaggerObject,
  });
}
