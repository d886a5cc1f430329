import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { anyone } from '../access.js';

/**
 * The OpenAPI 3.1 document, generated from the route schemas. Pages are left out; every
 * operation states who may call it, from the access rule the route declares.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'jhanet API',
        version: '1',
        description:
          'The JSON API of the platform of the EU Justice and Home Affairs agencies network. Errors are RFC 9457 problem details (application/problem+json).',
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
      const schema = (declared as FastifySchema | undefined) ?? {};
      const config = route.config as
        { access?: { description: string }; page?: boolean } | undefined;
      const hidden = config?.page === true || url.startsWith('/assets/');
      const access = config?.access;
      const description = [schema.description, access ? `Access: ${access.description}.` : '']
        .filter((part) => part)
        .join('\n\n');
      return {
        url,
        schema: {
          ...schema,
          ...(hidden ? { hide: true } : {}),
          description,
          ...(access && access !== anyone ? { security: [{ session: [] }, { bearer: [] }] } : {}),
        },
      };
    },
  });
}
