import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { errorResponses } from '../../../app/http.js';
import { IdParams } from '../accounts.schema.js';
import { usersPolicy } from '../users.policy.js';

const tags = ['accounts'];

const IdentityParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  identityId: Type.String({ minLength: 1, maxLength: 64 }),
});

const SsoIdentitySchema = Type.Object({
  id: Type.String(),
  provider: Type.String({ description: 'The configured provider (JHANET_SSO_PROVIDERS id)' }),
  issuer: Type.String(),
  subject: Type.String({ description: 'The provider’s stable `sub` for this person' }),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()], {
    description: 'The administrator who bound it; null when a first sign-in made the account',
  }),
  createdByName: Type.Union([Type.String(), Type.Null()]),
});

const BindBody = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 32 }),
    subject: Type.String({ minLength: 1, maxLength: 255 }),
  },
  { additionalProperties: false },
);

/** Administrators bind and unbind the provider subjects that open accounts. */
export async function ssoRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ssoIdentities } = app.services;

  app.get(
    '/api/users/:id/sso-identities',
    {
      schema: {
        summary: 'The single sign-on identities bound to an account',
        tags,
        params: IdParams,
        response: { 200: Type.Array(SsoIdentitySchema), ...errorResponses(400, 401, 403, 404) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request) => ssoIdentities.list(request.params.id),
  );

  app.post(
    '/api/users/:id/sso-identities',
    {
      schema: {
        summary: 'Bind a provider’s subject to an account',
        description:
          'Signing in through that provider as that subject then opens this account, whatever e-mail address the provider sends. Audited `user.sso_bind`.',
        tags,
        params: IdParams,
        body: BindBody,
        response: { 201: SsoIdentitySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request, reply) => {
      const identity = await ssoIdentities.bind(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(identity);
    },
  );

  app.delete(
    '/api/users/:id/sso-identities/:identityId',
    {
      schema: {
        summary: 'Unbind a provider’s subject from an account',
        description: 'Audited `user.sso_unbind`. Sessions already open stay open.',
        tags,
        params: IdentityParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
      config: { access: usersPolicy.manage },
    },
    async (request, reply) => {
      await ssoIdentities.unbind(
        request.auditContext(),
        request.params.id,
        request.params.identityId,
      );
      return reply.status(204).send(null);
    },
  );
}
