import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { Services } from '../../../app/services.js';
import { IdParams } from '../accounts.schema.js';
import { bindIdentityForm, confirmForm } from '../forms/identity.form.js';
import { SubjectBoundError } from '../sso/sso-identities.service.js';
import { usersPolicy } from '../users.policy.js';
import { userPath } from '../views/account.views.js';
import {
  ResetFactorsPage,
  UnbindIdentityPage,
  type ProviderChoice,
  type UserIdentity,
} from '../views/user-identity.views.js';

const IdentityParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    identityId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** The configured identity providers, as the administrator chooses among them. */
function providerChoices(config: Services['config']): ProviderChoice[] {
  return config.sso.map(({ id, label }) => ({ id, label }));
}

/** An account's second factors and single sign-on identities, for its administrator's page. */
export async function loadUserIdentity(
  services: Pick<Services, 'secondFactors' | 'ssoIdentities' | 'config'>,
  userId: string,
): Promise<UserIdentity> {
  const [factors, identities] = await Promise.all([
    services.secondFactors.list(userId),
    services.ssoIdentities.list(userId),
  ]);
  return { factors, identities, providers: providerChoices(services.config) };
}

/** Renders an account's page again with the bind form as sent, and a status. */
export type ShowUserWithBind = (
  reply: FastifyReply,
  ctx: PageContext,
  userId: string,
  bind: FormState<typeof bindIdentityForm.fields>,
  status: number,
) => Promise<FastifyReply>;

/**
 * The administrator's forms for how an account signs in: resetting its second factors and
 * binding or unbinding its single sign-on identities. They call the services the API calls, so
 * a page and an API request write the same rows and the same audit entries.
 */
export async function userIdentityPages(
  fastify: FastifyInstance,
  showUserWithBind: ShowUserWithBind,
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, secondFactors, ssoIdentities, config } = app.services;
  const access = { access: usersPolicy.manage, page: true };
  const providers = providerChoices(config);
  const unconfirmed = () => ({ values: confirmForm.initial(), errors: [] });

  app.get(
    '/users/:id/factors/reset',
    { schema: { params: IdParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const user = await users.get(requireActor(request.actor), request.params.id);
      const factors = await secondFactors.list(user.id);
      if (factors.factors.length === 0) return reply.redirect(userPath(user.id), 303);
      return sendHtml(
        reply,
        <ResetFactorsPage ctx={ctx} user={user} factors={factors} state={unconfirmed()} />,
      );
    },
  );

  app.post(
    '/users/:id/factors/reset',
    { schema: { params: IdParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const user = await users.get(actor, request.params.id);
      return submitForm(reply, {
        form: confirmForm,
        body: request.body,
        t: ctx.t,
        write: async () => {
          // A reset ends every session of the account: the administrator's own would go with it.
          if (user.id === actor.userId)
            throw new ConflictError(ctx.t('users.factors.resetSelf'), 'own_factors');
          return secondFactors.reset(request.auditContext(), user.id);
        },
        show: async (state, status) =>
          sendHtml(
            reply,
            <ResetFactorsPage
              ctx={ctx}
              user={user}
              factors={await secondFactors.list(user.id)}
              state={state}
            />,
            status,
          ),
        done: userPath(user.id, '?done=factors-reset'),
      });
    },
  );

  app.post(
    '/users/:id/sso-identities',
    { schema: { params: IdParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const user = await users.get(actor, request.params.id);
      // Without a configured provider the page offers no form; a post answers as an unknown page.
      if (providers.length === 0) throw new NotFoundError();
      return submitForm(reply, {
        form: bindIdentityForm,
        body: request.body,
        t: ctx.t,
        write: async (values) => {
          try {
            return await ssoIdentities.bind(actor, request.auditContext(), user.id, values);
          } catch (error) {
            // The field to correct, in the page's words; which account holds it is not said.
            if (error instanceof SubjectBoundError)
              throw new ValidationError([
                { field: 'subject', message: ctx.t('users.sso.subjectBound') },
              ]);
            throw error;
          }
        },
        show: (state, status) => showUserWithBind(reply, ctx, user.id, state, status),
        done: userPath(user.id, '?done=sso-bound'),
      });
    },
  );

  async function identityOf(userId: string, identityId: string) {
    const identity = (await ssoIdentities.list(userId)).find((i) => i.id === identityId);
    if (!identity) throw new NotFoundError();
    return identity;
  }

  app.get(
    '/users/:id/sso-identities/:identityId/unbind',
    { schema: { params: IdentityParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const user = await users.get(requireActor(request.actor), request.params.id);
      const identity = await identityOf(user.id, request.params.identityId);
      return sendHtml(
        reply,
        <UnbindIdentityPage
          ctx={ctx}
          user={user}
          identity={identity}
          providers={providers}
          state={unconfirmed()}
        />,
      );
    },
  );

  app.post(
    '/users/:id/sso-identities/:identityId/unbind',
    { schema: { params: IdentityParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const user = await users.get(requireActor(request.actor), request.params.id);
      const identity = await identityOf(user.id, request.params.identityId);
      return submitForm(reply, {
        form: confirmForm,
        body: request.body,
        t: ctx.t,
        write: () => ssoIdentities.unbind(request.auditContext(), user.id, identity.id),
        show: (state, status) =>
          sendHtml(
            reply,
            <UnbindIdentityPage
              ctx={ctx}
              user={user}
              identity={identity}
              providers={providers}
              state={state}
            />,
            status,
          ),
        done: userPath(user.id, '?done=sso-unbound'),
      });
    },
  );
}
