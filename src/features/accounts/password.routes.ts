import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../app/access.js';
import { errorResponses } from '../../app/http.js';
import {
  PasswordChangeBody,
  ResetCompleteBody,
  ResetLinkSchema,
  ResetRequestAnswer,
  ResetRequestBody,
  ResetTokenParams,
} from './password.schema.js';
import { usersPolicy } from './users.policy.js';

const tags = ['accounts'];

/** What asking for a reset link answers, for every address alike. */
export const RESET_REQUESTED =
  'If an account has this address, a link to choose a new password is on its way to it.';

export async function passwordRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { passwords } = app.services;

  app.post(
    '/api/me/password',
    {
      schema: {
        operationId: 'changeMyPassword',
        summary: 'Change my password',
        description:
          'In a browser session only, with the current password. A wrong current password counts as a failed sign-in. Ends every other session of the account; API tokens stay.',
        tags,
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
      config: { access: usersPolicy.changeOwnPassword },
    },
    async (request, reply) => {
      await passwords.change(requireActor(request.actor), request.auditContext(), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/password-resets',
    {
      schema: {
        operationId: 'requestPasswordReset',
        summary: 'Ask for a link to reset a forgotten password',
        description:
          'Answers 202 with the same message for every address, and sends one e-mail either way: a link when an active account has the address, else a note that none has. At most 3 requests an hour per address and 20 per client address send mail.',
        tags,
        body: ResetRequestBody,
        response: { 202: ResetRequestAnswer, ...errorResponses(400) },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      await passwords.requestReset(
        request.body.email,
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
        request.auditContext(),
      );
      return reply.status(202).send({ message: RESET_REQUESTED });
    },
  );

  app.get(
    '/api/password-resets/:token',
    {
      schema: {
        operationId: 'checkPasswordResetLink',
        summary: 'Whether a reset link still works',
        description: 'Does not use the link. 404 for a link unknown, expired or used.',
        tags,
        params: ResetTokenParams,
        response: { 200: ResetLinkSchema, ...errorResponses(404) },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return passwords.checkResetLink(request.params.token);
    },
  );

  app.post(
    '/api/password-resets/:token',
    {
      schema: {
        operationId: 'resetPassword',
        summary: 'Choose a new password with a reset link',
        description:
          'Uses the link, once. Ends every session, revokes API tokens and the calendar feed address, and ends a pause of sign-in. 404 for a link unknown, expired or used.',
        tags,
        params: ResetTokenParams,
        body: ResetCompleteBody,
        response: { 204: Type.Null(), ...errorResponses(400, 404) },
      },
      config: { access: anyone },
    },
    async (request, reply) => {
      await passwords.completeReset(
        request.params.token,
        request.body.password,
        request.auditContext(),
      );
      return reply.status(204).send(null);
    },
  );
}
