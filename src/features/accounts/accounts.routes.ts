import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../app/access.js';
import { AppError } from '../../app/errors.js';
import {
  IfMatchHeader,
  errorResponses,
  expectedVersion,
  pageOf,
  setVersionTag,
} from '../../app/http.js';
import {
  SESSION_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../app/plugins/request-context.js';
import {
  CreatedTokenSchema,
  CreatedUserSchema,
  IdParams,
  LoginBody,
  MeChanges,
  NewTokenBody,
  NewUserBody,
  PasswordBody,
  PasswordResultSchema,
  SessionSchema,
  TokenSchema,
  UserChangesBody,
  UserListQuery,
  UserSchema,
} from './accounts.schema.js';
import { usersPolicy } from './users.policy.js';
import { passwordRoutes } from './password.routes.js';
import { accountSessionRoutes } from './account-sessions.routes.js';
import {
  clientOf,
  secondFactorRoutes,
  setSignInCookie,
} from './second-factor/second-factor.routes.js';
import { SecondFactorNeededSchema } from './second-factor/second-factor.schema.js';

const tags = ['accounts'];

/** Sign-in over the API: sets the session cookie and returns the CSRF token for later writes. */
export async function signInAndSetCookie(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  email: string,
  password: string,
) {
  const outcome = await app.services.login.signIn(
    email,
    password,
    clientOf(request),
    request.auditContext(),
  );
  setSignInCookie(app, request, reply, outcome);
  return outcome;
}

/**
 * Sign-out, for the API and the sign-out button alike: ends the session, audited in the same
 * transaction, and clears the cookie.
 */
export async function signOutAndClearCookie(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const actor = requireActor(request.actor);
  if (actor.via.kind !== 'session') {
    throw new AppError(
      'not_a_session',
      400,
      'This request is authenticated by a token, not a session.',
    );
  }
  const { sessionId } = actor.via;
  const { database, sessions, audit, config } = app.services;
  await database.db.transaction().execute(async (trx) => {
    await sessions.end(sessionId, trx);
    await audit.record(trx, request.auditContext(), {
      action: 'session.logout',
      targetType: 'session',
      targetId: sessionId.slice(0, 16),
    });
  });
  reply.clearCookie(SESSION_COOKIE, cookieOptions(useSecureCookies(config)));
}

export async function accountRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, tokens } = app.services;
  await passwordRoutes(fastify);
  await accountSessionRoutes(fastify);
  await secondFactorRoutes(fastify);

  app.post(
    '/api/session',
    {
      schema: {
        operationId: 'signIn',
        summary: 'Sign in',
        description:
          'Sets the HttpOnly session cookie. Failed attempts are throttled and audited. When the account has or needs a second factor, answers 202 and the sign-in continues at POST /api/session/factor (a code) or /api/session/factor/passkey, or, to set up a factor, /api/session/enrol or /api/session/enrol/passkey.',
        tags,
        body: LoginBody,
        response: {
          200: SessionSchema,
          202: SecondFactorNeededSchema,
          ...errorResponses(400, 401, 429),
        },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const session = await signInAndSetCookie(
        app,
        request,
        reply,
        request.body.email,
        request.body.password,
      );
      if (session.kind === 'second_factor') {
        return reply
          .status(202)
          .send({ secondFactor: session.stage, expiresAt: session.expiresAt });
      }
      const user = await users.getById(session.userId);
      return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'The current session',
        tags,
        response: { 200: SessionSchema, ...errorResponses(401) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      return {
        user: await users.get(actor, actor.userId),
        csrfToken: actor.via.kind === 'session' ? actor.via.csrfToken : '',
      };
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        operationId: 'signOut',
        summary: 'Sign out',
        tags,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => {
      await signOutAndClearCookie(app, request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        summary: 'My account',
        tags,
        response: { 200: UserSchema, ...errorResponses(401) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const user = await users.get(actor, actor.userId);
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.patch(
    '/api/me',
    {
      schema: {
        summary: 'Change my name or language',
        tags,
        headers: IfMatchHeader,
        body: MeChanges,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 412, 428) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const user = await users.update(
        request.auditContext(),
        actor.userId,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.get(
    '/api/me/tokens',
    {
      schema: {
        summary: 'My API tokens',
        tags,
        response: { 200: Type.Array(TokenSchema), ...errorResponses(401) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request) => tokens.listOwn(requireActor(request.actor)),
  );

  app.post(
    '/api/me/tokens',
    {
      schema: {
        summary: 'Create an API token',
        description:
          'In a browser session only (with its CSRF token): a request made with a token is refused. The token is in this answer only; it is stored hashed.',
        tags,
        body: NewTokenBody,
        response: { 201: CreatedTokenSchema, ...errorResponses(400, 401, 403) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const created = await tokens.create(actor, request.auditContext(), request.body);
      return reply.status(201).send({ token: created.token, details: created.view });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      schema: {
        summary: 'Revoke one of my API tokens',
        tags,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request, reply) => {
      await tokens.revoke(requireActor(request.actor), request.auditContext(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        summary: 'List user accounts',
        description: 'Administrators see every account; anyone else sees only their own.',
        tags,
        querystring: UserListQuery,
        response: { 200: pageOf(UserSchema), ...errorResponses(400, 401) },
      },
      config: { access: usersPolicy.read },
    },
    async (request) => users.list(requireActor(request.actor), request.query),
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        summary: 'One user account',
        tags,
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(401, 404) },
      },
      config: { access: usersPolicy.read },
    },
    async (request, reply) => {
      const user = await users.get(requireActor(request.actor), request.params.id);
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        summary: 'Create a user account',
        description: 'Without a password, one is generated and returned once.',
        tags,
        body: NewUserBody,
        response: { 201: CreatedUserSchema, ...errorResponses(400, 401, 403, 404) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request, reply) => {
      const created = await users.create(request.auditContext(), request.body);
      setVersionTag(reply, created.user.version);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        summary: 'Change a user account',
        tags,
        params: IdParams,
        headers: IfMatchHeader,
        body: UserChangesBody,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404, 412, 428) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request, reply) => {
      await users.get(requireActor(request.actor), request.params.id);
      const user = await users.update(
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, user.version);
      return user;
    },
  );

  for (const [suffix, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/users/:id/${suffix}`,
      {
        schema: {
          summary: disabled
            ? 'Disable an account, ending its sessions at once'
            : 'Enable an account',
          tags,
          params: IdParams,
          headers: IfMatchHeader,
          response: { 200: UserSchema, ...errorResponses(401, 403, 404, 409, 412, 428) },
        },
        config: { access: usersPolicy.manage },
      },
      async (request, reply) => {
        const user = await users.setDisabled(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          disabled,
          expectedVersion(request),
        );
        setVersionTag(reply, user.version);
        return user;
      },
    );
  }

  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        summary: 'Allow sign-in to an account again after repeated failed attempts',
        description:
          'Clears the failed attempts that pause sign-in to the account. Needs no version: the pause is not part of the record. 409 when sign-in is not paused.',
        tags,
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(401, 403, 404, 409) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request, reply) => {
      const user = await users.unlock(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      schema: {
        operationId: 'setUserPassword',
        summary: "Set a user's password",
        description:
          "Without a password, one is generated and returned once. Ends the user's sessions.",
        tags,
        params: IdParams,
        body: PasswordBody,
        response: { 200: PasswordResultSchema, ...errorResponses(400, 401, 403, 404) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request) => {
      await users.get(requireActor(request.actor), request.params.id);
      return users.resetPassword(request.auditContext(), request.params.id, request.body.password);
    },
  );
}
