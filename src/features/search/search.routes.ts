import { MAX_COUNTED_MATCHES } from '../documents/documents.model.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, signedIn } from '../../app/access.js';
import { errorResponses, oneOf } from '../../app/http.js';
import { MAX_QUERY_CHARS, searchKinds, SiteSearch } from './search.service.js';

const tags = ['search'];

const SearchHitSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    href: Type.String({ description: 'The page of the record' }),
    reference: Type.Union([Type.String(), Type.Null()], {
      description: "A line's code, a document's registration number, a meeting's city",
    }),
    organisation: Type.Union([Type.String(), Type.Null()], {
      description: 'The lead agency, the host, the originator (acronym)',
    }),
    year: Type.Integer(),
    date: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    marking: Type.Union([Type.String(), Type.Null()], { description: "A document's marking" }),
    snippet: Type.Union([Type.String(), Type.Null()], {
      description: 'A passage around the match; matched text between U+E000 and U+E001',
    }),
  },
  { title: 'SearchHit' },
);

const SearchResultSchema = Type.Object(
  {
    q: Type.String(),
    kind: Type.Union([oneOf(searchKinds), Type.Null()]),
    groups: Type.Array(
      Type.Object({
        kind: oneOf(searchKinds),
        total: Type.Integer({ description: 'Every hit of the kind the caller may read' }),
        totalIsLowerBound: Type.Boolean({
          description: `Documents only: more than ${MAX_COUNTED_MATCHES.toLocaleString('en')} match, and \`total\` means "more than"`,
        }),
        page: Type.Integer(),
        pageSize: Type.Integer(),
        items: Type.Array(SearchHitSchema),
        lists: Type.Array(
          Type.Object({
            href: Type.String({ description: "The kind's own list, filtered to the hits" }),
            total: Type.Integer(),
            year: Type.Union([Type.Integer(), Type.Null()], {
              description: 'For activities: the scorecard of this year',
            }),
          }),
        ),
      }),
    ),
    marking: Type.Union(
      [Type.Object({ line: Type.String(), classification: Type.String() }), Type.Null()],
      { description: 'The most restrictive marking of the documents listed' },
    ),
  },
  { title: 'SearchResult' },
);

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: MAX_QUERY_CHARS }),
    kind: Type.Optional(oneOf(searchKinds)),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);

export async function searchRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const search = new SiteSearch(app.services.database, app.services.documents);

  app.get(
    '/api/search',
    {
      schema: {
        summary: 'Searches priorities, activities, meetings and documents at once',
        description:
          'Every kind is searched within what the caller may read, through its own rules: priority lines of the versions the caller may read, activities (observers: those released to them), meetings their organisation hosts or is invited to, documents they may read (by the words of title, number, description and text). Without kind, the first hits of every kind; with kind, a page of that kind.',
        tags,
        querystring: SearchQuery,
        response: { 200: SearchResultSchema, ...errorResponses(400, 401) },
      },
      config: { access: signedIn },
    },
    async (request) => search.search(requireActor(request.actor), request.query),
  );
}
