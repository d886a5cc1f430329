import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../../app/access.js';
import { errorResponses } from '../../../app/http.js';
import {
  SESSION_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../../app/plugins/request-context.js';
import { SessionSchema } from '../accounts.schema.js';
import { usersPolicy } from '../users.policy.js';
import type { HalfSignedIn, SignedIn } from '../login.js';
import { PENDING_SIGN_IN_MINUTES } from './pending-sign-ins.js';
import { PENDING_COOKIE } from './second-step.js';
import {
  CodeBody,
  ConfirmedTotpSchema,
  FactorIdParams,
  FactorsSchema,
  RecoveryCodesSchema,
  ResetFactorsSchema,
  TotpOfferSchema,
} from './second-factor.schema.js';

const tags = ['accounts'];

/** Sets the cookie a sign-in ended with: the session, or the half-signed-in state. */
export function setSignInCookie(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: SignedIn | HalfSignedIn,
): void {
  const { config } = app.services;
  const secure = useSecureCookies(config);
  if (outcome.kind === 'session') {
    if (request.cookies[PENDING_COOKIE] !== undefined)
      reply.clearCookie(PENDING_COOKIE, cookieOptions(secure));
    reply.setCookie(
      SESSION_COOKIE,
      outcome.cookieValue,
      cookieOptions(secure, config.sessionMaxHours * 3600),
    );
  } else {
    reply.setCookie(
      PENDING_COOKIE,
      outcome.cookieValue,
      cookieOptions(secure, PENDING_SIGN_IN_MINUTES * 60),
    );
  }
}

export function clientOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

export async function secondFactorRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { secondFactors, secondStep, users } = app.services;

  async function sessionAnswer(signedIn: SignedIn) {
    const user = await users.getById(signedIn.userId);
    return { user, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt };
  }

  app.post(
    '/api/session/factor',
    {
      schema: {
        operationId: 'signInSecondFactor',
        summary: 'Sign in: the second step',
        description:
          'After the password (202 from POST /api/session): a code of the authenticator app, or a recovery code, which is then used up. A code is accepted once. Wrong codes count as failed sign-ins.',
        tags,
        body: CodeBody,
        response: { 200: SessionSchema, ...errorResponses(400, 401, 429) },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const signedIn = await secondStep.verify(
        request.cookies[PENDING_COOKIE],
        request.body.code,
        clientOf(request),
        request.auditContext(),
      );
      setSignInCookie(app, request, reply, signedIn);
      return sessionAnswer(signedIn);
    },
  );

  app.post(
    '/api/session/enrol',
    {
      schema: {
        summary: 'Sign in: the authenticator app to set up',
        description:
          'For a user who must have a second factor and has none, after the password. The same secret until it is confirmed or the sign-in expires. The body is an empty JSON object.',
        tags,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: TotpOfferSchema, ...errorResponses(401) },
      },
      config: { access: anyone },
    },
    async (request) => secondStep.enrolOffer(request.cookies[PENDING_COOKIE]),
  );

  app.post(
    '/api/session/enrol/confirm',
    {
      schema: {
        summary: 'Sign in: confirm the authenticator app with its first code',
        description: 'Completes the sign-in and returns ten recovery codes, shown this once.',
        tags,
        body: CodeBody,
        response: {
          200: Type.Intersect([SessionSchema, RecoveryCodesSchema]),
          ...errorResponses(400, 401, 429),
        },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const signedIn = await secondStep.enrolConfirm(
        request.cookies[PENDING_COOKIE],
        request.body.code,
        clientOf(request),
        request.auditContext(),
      );
      setSignInCookie(app, request, reply, signedIn);
      return { ...(await sessionAnswer(signedIn)), recoveryCodes: signedIn.recoveryCodes };
    },
  );

  app.get(
    '/api/me/factors',
    {
      schema: {
        summary: 'My second factors',
        tags,
        response: { 200: FactorsSchema, ...errorResponses(401) },
      },
      config: { access: usersPolicy.ownAccount },
    },
    async (request) => secondFactors.list(requireActor(request.actor).userId),
  );

  app.post(
    '/api/me/factors/totp',
    {
      schema: {
        summary: 'Start setting up an authenticator app',
        description:
          'In a browser session only. Returns the secret and its otpauth:// address; the app counts once confirmed with its first code.',
        tags,
        response: { 201: TotpOfferSchema, ...errorResponses(401, 403) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request, reply) =>
      reply.status(201).send(await secondFactors.offerTotp(requireActor(request.actor))),
  );

  app.post(
    '/api/me/factors/totp/:id/confirm',
    {
      schema: {
        summary: 'Confirm an authenticator app with its first code',
        description:
          'The first factor of an account comes with ten recovery codes, shown this once.',
        tags,
        params: FactorIdParams,
        body: CodeBody,
        response: { 200: ConfirmedTotpSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request) =>
      secondFactors.confirmTotp(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body.code,
      ),
  );

  app.delete(
    '/api/me/factors/:id',
    {
      schema: {
        summary: 'Remove one of my second factors',
        description: 'In a browser session only. Ends my other sessions.',
        tags,
        params: FactorIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request, reply) => {
      await secondFactors.revoke(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/recovery-codes',
    {
      schema: {
        summary: 'New recovery codes in place of the old ones',
        tags,
        response: { 200: RecoveryCodesSchema, ...errorResponses(401, 403, 409) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request) => ({
      recoveryCodes: await secondFactors.regenerateRecoveryCodes(
        requireActor(request.actor),
        request.auditContext(),
      ),
    }),
  );

  app.post(
    '/api/users/:id/factors/reset',
    {
      schema: {
        summary: "Remove a user's second factors",
        description:
          "For a user who lost their factors: removes every factor and recovery code and ends the user's sessions.",
        tags,
        params: FactorIdParams,
        response: { 200: ResetFactorsSchema, ...errorResponses(401, 403, 404) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request) => {
      await users.get(requireActor(request.actor), request.params.id);
      return secondFactors.reset(request.auditContext(), request.params.id);
    },
  );
}
