import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, signedIn } from '../../app/access.js';
import { errorResponses, oneOf } from '../../app/http.js';
import {
  MAX_VIEW_NAME_CHARS,
  MAX_VIEW_QUERY_CHARS,
  SavedViews,
  viewLists,
} from './saved-views.service.js';

const tags = ['views'];

const SavedViewSchema = Type.Object(
  {
    id: Type.String({ description: "A built-in view's key, or a saved view's id" }),
    name: Type.String(),
    query: Type.String({ description: "The list's filters as a query string, without ?" }),
    builtIn: Type.Boolean(),
  },
  { title: 'SavedView' },
);

const ListQuery = Type.Object({ list: oneOf(viewLists) }, { additionalProperties: false });

const NewViewBody = Type.Object(
  {
    list: oneOf(viewLists),
    name: Type.String({ maxLength: MAX_VIEW_NAME_CHARS }),
    query: Type.String({
      maxLength: MAX_VIEW_QUERY_CHARS,
      description: "The list's filters as a query string; other parameters are left out",
    }),
  },
  { additionalProperties: false },
);

export const ViewParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export async function savedViewRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const views = new SavedViews(app.services.database, app.services.audit);

  app.get(
    '/api/views',
    {
      schema: {
        summary: "A list's views for the caller: the built-in ones, then their own",
        tags,
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(SavedViewSchema) }),
          ...errorResponses(400, 401),
        },
      },
      config: { access: signedIn },
    },
    async (request) => ({
      items: await views.list(requireActor(request.actor), request.query.list, request.t),
    }),
  );

  app.post(
    '/api/views',
    {
      schema: {
        summary: "Saves the caller's own view of a list",
        description: 'Names are unique per user and list. Seen by its owner only.',
        tags,
        body: NewViewBody,
        response: { 201: SavedViewSchema, ...errorResponses(400, 401) },
      },
      config: { access: signedIn },
    },
    async (request, reply) => {
      const view = await views.save(
        request.auditContext(),
        requireActor(request.actor),
        request.body,
      );
      return reply.status(201).send(view);
    },
  );

  app.delete(
    '/api/views/:id',
    {
      schema: {
        summary: "Deletes one of the caller's own views",
        tags,
        params: ViewParams,
        response: { 204: Type.Null(), ...errorResponses(401, 404) },
      },
      config: { access: signedIn },
    },
    async (request, reply) => {
      await views.delete(request.auditContext(), requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
