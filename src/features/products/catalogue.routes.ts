import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { textResponse } from '../../app/openapi/declare.js';
import { catalogueGraph, toJsonLd, toTurtle } from './products.dcat.js';
import { productsPolicy } from './products.policy.js';

const tags = ['products'];
const TURTLE = 'text/turtle';
const JSON_LD = 'application/ld+json';

const JsonLdSchema = Type.Object({
  '@context': Type.Record(Type.String(), Type.String()),
  '@graph': Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

/** Whether a request's Accept asks for JSON-LD (or JSON) before Turtle. */
function wantsJsonLd(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of ranked) {
    if (type === TURTLE) return false;
    if (type === JSON_LD || type === 'application/json') return true;
  }
  return false;
}

/**
 * The open data catalogue of the public products, DCAT-AP 3.0, at stable addresses that a
 * harvester (data.europa.eu) reads without signing in: Turtle, JSON-LD, or either by the Accept
 * header. It holds the public products only; nothing else ever reaches it.
 */
export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  const { products, config } = app.services;

  async function send(reply: FastifyReply, format: 'turtle' | 'jsonld'): Promise<FastifyReply> {
    const graph = catalogueGraph(
      config.publicUrl,
      await products.publicCatalogue(),
      config.catalogue,
    );
    reply.header('cache-control', 'public, max-age=300');
    return format === 'turtle'
      ? reply.type(`${TURTLE}; charset=utf-8`).send(toTurtle(graph))
      : reply.type(JSON_LD).send(JSON.stringify(toJsonLd(graph)));
  }

  app.get(
    '/catalog/products.ttl',
    {
      schema: {
        operationId: 'getProductCatalogueTurtle',
        summary: 'The catalogue of public products, DCAT-AP 3.0, as Turtle',
        tags,
        response: { 200: textResponse('The catalogue (Turtle)', TURTLE) },
      },
      config: { access: productsPolicy.catalogue },
    },
    async (_request, reply) => send(reply, 'turtle'),
  );

  app.get(
    '/catalog/products.jsonld',
    {
      schema: {
        operationId: 'getProductCatalogueJsonLd',
        summary: 'The catalogue of public products, DCAT-AP 3.0, as JSON-LD',
        tags,
        response: {
          200: {
            description: 'The catalogue (JSON-LD)',
            content: { [JSON_LD]: { schema: JsonLdSchema } },
          },
        },
      },
      config: { access: productsPolicy.catalogue },
    },
    async (_request, reply) => send(reply, 'jsonld'),
  );

  app.get(
    '/catalog/products',
    {
      schema: {
        operationId: 'getProductCatalogue',
        summary:
          'The catalogue of public products, DCAT-AP 3.0, in the format the Accept header asks',
        description:
          'Turtle unless Accept prefers application/ld+json (or application/json). The same catalogue is at /catalog/products.ttl and /catalog/products.jsonld.',
        tags,
        response: {
          200: {
            description: 'The catalogue',
            content: {
              [TURTLE]: { schema: Type.String() },
              [JSON_LD]: { schema: JsonLdSchema },
            },
          },
        },
      },
      config: { access: productsPolicy.catalogue },
    },
    async (request, reply) => {
      reply.header('vary', 'Accept');
      return send(reply, wantsJsonLd(request.headers.accept) ? 'jsonld' : 'turtle');
    },
  );
}
