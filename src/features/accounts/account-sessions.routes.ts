import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses } from '../../app/http.js';
import {
  SESSION_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../app/plugins/request-context.js';
import { SESSION_HANDLE_PATTERN } from './account-sessions.js';
import { usersPolicy } from './users.policy.js';

const tags = ['accounts'];

export const SessionHandleParams = Type.Object({
  id: Type.String({ pattern: SESSION_HANDLE_PATTERN, description: 'The session, as listed' }),
});

export const SessionViewSchema = Type.Object({
  id: Type.String({ description: 'Names the session in this list and in the audit log' }),
  startedAt: Type.String(),
  lastSeenAt: Type.String({ description: 'Recorded at most once a minute' }),
  expiresAt: Type.String(),
  ip: Type.String(),
  userAgent: Type.String(),
  current: Type.Boolean({ description: 'The session this request was made with' }),
});

export const EndAllQuery = Type.Object(
  {
    keepCurrent: Type.Optional(
      Type.Boolean({ description: 'Keep the session making this request signed in' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Ends every session of the signed-in user (or every other one); when the request's own session
 * ends, its cookie is cleared as well. Returns how many ended.
 */
export async function endAllOwnSessions(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  keepCurrent: boolean,
): Promise<number> {
  const actor = requireActor(request.actor);
  const ended = await app.services.accountSessions.endAllOwn(actor, request.auditContext(), {
    keepCurrent,
  });
  if (!keepCurrent && actor.via.kind === 'session') {
    reply.clearCookie(SESSION_COOKIE, cookieOptions(useSecureCookies(app.services.config)));
  }
  return ended;
}

/** The signed-in user's own sessions: where they are signed in, and signing out of them. */
export async function accountSessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accountSessions } = app.services;

  app.get(
    '/api/me/sessions',
    {
      schema: {
        summary: 'Where I am signed in',
        description: 'My live sessions, the most recently used first.',
        tags,
        response: { 200: Type.Array(SessionViewSchema), ...errorResponses(401) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request) => accountSessions.listOwn(requireActor(request.actor)),
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      schema: {
        summary: 'Sign out one of my sessions',
        description: 'Another user’s session, or one already ended, answers 404.',
        tags,
        params: SessionHandleParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id } = request.params;
      const current = actor.via.kind === 'session' && actor.via.sessionId.startsWith(id);
      await accountSessions.endOwn(actor, request.auditContext(), id);
      if (current) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions(useSecureCookies(app.services.config)));
      }
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/me/sessions',
    {
      schema: {
        summary: 'Sign out everywhere',
        description:
          'Ends every session of mine, or with keepCurrent=true every one but the session making this request. API tokens are not sessions: revoke them apart.',
        tags,
        querystring: EndAllQuery,
        response: {
          200: Type.Object({ ended: Type.Integer({ minimum: 0 }) }),
          ...errorResponses(400, 401, 403),
        },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => ({
      ended: await endAllOwnSessions(app, request, reply, request.query.keepCurrent ?? false),
    }),
  );
}
