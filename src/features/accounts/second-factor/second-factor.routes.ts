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
import { authenticationResponseOf, registrationResponseOf } from './passkeys.service.js';
import {
  AddedPasskeySchema,
  CodeBody,
  ConfirmedTotpSchema,
  FactorIdParams,
  FactorsSchema,
  PasskeyAssertionBody,
  PasskeyCreationOptionsSchema,
  PasskeyRegistrationBody,
  PasskeyRequestOptionsSchema,
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
  const { passkeys, secondFactors, secondStep, users } = app.services;
  const EmptyBody = Type.Object({}, { additionalProperties: false });

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

  app.post(
    '/api/session/factor/passkey/options',
    {
      schema: {
        summary: 'Sign in: the challenge for a passkey',
        description:
          "After the password (202 from POST /api/session, secondFactor verify): the options for navigator.credentials.get(), listing the user's passkeys. The challenge is kept with the half-signed-in state and replaces any earlier one. The body is an empty JSON object.",
        tags,
        body: EmptyBody,
        response: { 200: PasskeyRequestOptionsSchema, ...errorResponses(401) },
      },
      config: { access: anyone },
    },
    async (request) => secondStep.passkeyOptions(request.cookies[PENDING_COOKIE]),
  );

  app.post(
    '/api/session/factor/passkey',
    {
      schema: {
        operationId: 'signInPasskey',
        summary: 'Sign in: the second step with a passkey',
        description:
          'The answer of navigator.credentials.get() to the challenge of POST /api/session/factor/passkey/options. The challenge is good for one answer; the signature counter must go forward. A refused answer counts as a failed sign-in.',
        tags,
        body: PasskeyAssertionBody,
        response: { 200: SessionSchema, ...errorResponses(400, 401, 429) },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const signedIn = await secondStep.verifyPasskey(
        request.cookies[PENDING_COOKIE],
        authenticationResponseOf(request.body.response),
        clientOf(request),
        request.auditContext(),
      );
      setSignInCookie(app, request, reply, signedIn);
      return sessionAnswer(signedIn);
    },
  );

  app.post(
    '/api/session/enrol/passkey/options',
    {
      schema: {
        summary: 'Sign in: the challenge for setting up a passkey',
        description:
          'For a user who must have a second factor and has none, after the password, in place of an authenticator app: the options for navigator.credentials.create(). The body is an empty JSON object.',
        tags,
        body: EmptyBody,
        response: { 200: PasskeyCreationOptionsSchema, ...errorResponses(401) },
      },
      config: { access: anyone },
    },
    async (request) => secondStep.enrolPasskeyOptions(request.cookies[PENDING_COOKIE]),
  );

  app.post(
    '/api/session/enrol/passkey',
    {
      schema: {
        summary: 'Sign in: set up a passkey',
        description:
          'The answer of navigator.credentials.create() to the challenge of POST /api/session/enrol/passkey/options, with a name for the passkey. Completes the sign-in and returns ten recovery codes, shown this once.',
        tags,
        body: PasskeyRegistrationBody,
        response: {
          200: Type.Intersect([SessionSchema, RecoveryCodesSchema]),
          ...errorResponses(400, 401, 409, 429),
        },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      const signedIn = await secondStep.enrolPasskey(
        request.cookies[PENDING_COOKIE],
        request.body.name,
        registrationResponseOf(request.body.response),
        clientOf(request),
        request.auditContext(),
      );
      setSignInCookie(app, request, reply, signedIn);
      return { ...(await sessionAnswer(signedIn)), recoveryCodes: signedIn.recoveryCodes };
    },
  );

  app.post(
    '/api/me/factors/passkeys/options',
    {
      schema: {
        summary: 'Start adding a passkey',
        description:
          'In a browser session only. The options for navigator.credentials.create(); the challenge is kept for this session, for five minutes, and is good for one answer.',
        tags,
        response: { 200: PasskeyCreationOptionsSchema, ...errorResponses(401, 403) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request) => passkeys.offer(requireActor(request.actor)),
  );

  app.post(
    '/api/me/factors/passkeys',
    {
      schema: {
        summary: 'Add a passkey',
        description:
          'The answer of navigator.credentials.create() to the challenge of POST /api/me/factors/passkeys/options, with a name for the passkey. A passkey registered already is refused (409). The first factor of an account comes with ten recovery codes, shown this once.',
        tags,
        body: PasskeyRegistrationBody,
        response: { 201: AddedPasskeySchema, ...errorResponses(400, 401, 403, 409) },
      },
      config: { access: usersPolicy.createToken },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await passkeys.register(
            requireActor(request.actor),
            request.auditContext(),
            request.body.name,
            registrationResponseOf(request.body.response),
          ),
        ),
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
