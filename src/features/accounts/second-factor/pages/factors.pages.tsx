import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../../../app/access.js';
import { ValidationError } from '../../../../app/errors.js';
import { bindForm } from '../../../../app/forms/bind.js';
import { FormBody } from '../../../../app/forms/body.js';
import type { FormState } from '../../../../app/forms/define-form.js';
import { submitForm } from '../../../../app/forms/submit.js';
import { h, type Html } from '../../../../app/html/jsx.js';
import { sendHtml } from '../../../../app/html/send-html.js';
import { Layout } from '../../../../app/html/layout.js';
import type { PageContext } from '../../../../app/html/page-context.js';
import { Button, Notification } from '../../../../app/html/components.js';
import { EmptyForm } from '../../pages/account.pages.js';
import { usersPolicy } from '../../users.policy.js';
import { BackLink } from '../../views/account.views.js';
import { factorCodeForm, passkeyForm } from '../second-factor.form.js';
import { FactorIdParams } from '../second-factor.schema.js';
import { InvalidCodeError, type TotpOffer } from '../second-factors.service.js';
import {
  ACCOUNT_PASSKEY_OPTIONS,
  PasskeyAddForm,
  TotpOfferView,
  type PasskeyFormState,
} from '../views.js';
import { labelOf } from '../passkeys.service.js';
import { inPageWords, registrationAnswer } from './passkey-answer.js';
import { RecoveryCodesPage } from './second-step.pages.js';

function ConfirmTotpPage({
  ctx,
  offer,
  state,
}: {
  ctx: PageContext;
  offer: TotpOffer;
  state: FormState<typeof factorCodeForm.fields>;
}): Html {
  const { t } = ctx;
  const f = bindForm(factorCodeForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('factor.addTotp')}>
      <TotpOfferView ctx={ctx} offer={offer} />
      <f.Form action={`/account/factors/totp/${encodeURIComponent(offer.id)}/confirm`}>
        <f.Text name="code" autocomplete="one-time-code" />
        <Button>{t('factor.enrol.submit')}</Button>
      </f.Form>
      <BackLink href="/account">{t('factor.backToAccount')}</BackLink>
    </Layout>
  );
}

/** The passkey form again, with what went wrong: reached from the account page's form. */
function AddPasskeyPage({ ctx, state }: { ctx: PageContext; state: PasskeyFormState }): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('factor.addPasskey')}>
      <p class="ecl-u-type-paragraph">{t('factor.passkey.intro')}</p>
      <PasskeyAddForm
        ctx={ctx}
        action="/account/factors/passkey"
        options={ACCOUNT_PASSKEY_OPTIONS}
        state={state}
      />
      <BackLink href="/account">{t('factor.backToAccount')}</BackLink>
    </Layout>
  );
}

/** The account page's forms for second factors: set up an app, remove a factor, new codes. */
export async function factorPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { secondFactors } = app.services;
  const blank = () => ({ values: factorCodeForm.initial({}), errors: [] });

  app.post(
    '/account/factors/totp',
    { schema: { body: EmptyForm }, config: { access: usersPolicy.createToken, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const offer = await secondFactors.offerTotp(requireActor(request.actor));
      return sendHtml(reply, <ConfirmTotpPage ctx={ctx} offer={offer} state={blank()} />);
    },
  );

  app.post(
    '/account/factors/totp/:id/confirm',
    {
      schema: { params: FactorIdParams, body: FormBody },
      config: { access: usersPolicy.createToken, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      // The offer again, to show with an error: the same secret, read back from the database.
      const offer = await secondFactors.pendingOffer(actor, request.params.id);
      return submitForm(reply, {
        form: factorCodeForm,
        body: request.body,
        t: ctx.t,
        write: async ({ code }) => {
          try {
            return await secondFactors.confirmTotp(
              actor,
              request.auditContext(),
              request.params.id,
              code,
            );
          } catch (error) {
            if (error instanceof InvalidCodeError)
              throw new ValidationError([{ field: 'code', message: ctx.t('factor.failed') }]);
            throw error;
          }
        },
        show: (state, status) =>
          sendHtml(reply, <ConfirmTotpPage ctx={ctx} offer={offer} state={state} />, status),
        // The recovery codes of a first factor are shown in this answer only.
        answer: (confirmed) =>
          confirmed.recoveryCodes
            ? sendHtml(
                reply,
                <RecoveryCodesPage
                  ctx={ctx}
                  codes={confirmed.recoveryCodes}
                  next="/account?done=factor-added"
                  notice={<Notification variant="success">{ctx.t('factor.enrolled')}</Notification>}
                />,
              )
            : null,
        done: '/account?done=factor-added',
      });
    },
  );

  app.post(
    '/account/factors/passkey',
    { schema: { body: FormBody }, config: { access: usersPolicy.createToken, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      return submitForm(reply, {
        form: passkeyForm,
        body: request.body,
        t: ctx.t,
        write: ({ passkeyName, credential }) =>
          inPageWords(ctx.t, () =>
            app.services.passkeys.register(
              actor,
              request.auditContext(),
              // The name first: a form sent without one says so, answer or not.
              labelOf(passkeyName, 'passkeyName'),
              registrationAnswer(credential, ctx.t),
            ),
          ),
        // The answer is for one challenge only: it is not shown back.
        show: (state, status) =>
          sendHtml(
            reply,
            <AddPasskeyPage
              ctx={ctx}
              state={{ ...state, values: { ...state.values, credential: '' } }}
            />,
            status,
          ),
        answer: (added) =>
          added.recoveryCodes
            ? sendHtml(
                reply,
                <RecoveryCodesPage
                  ctx={ctx}
                  codes={added.recoveryCodes}
                  next="/account?done=passkey-added"
                  notice={
                    <Notification variant="success">{ctx.t('factor.passkey.added')}</Notification>
                  }
                />,
              )
            : null,
        done: '/account?done=passkey-added',
      });
    },
  );

  app.post(
    '/account/factors/:id/revoke',
    {
      schema: { params: FactorIdParams, body: EmptyForm },
      config: { access: usersPolicy.createToken, page: true },
    },
    async (request, reply) => {
      await secondFactors.revoke(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.redirect('/account?done=factor-revoked', 303);
    },
  );

  app.post(
    '/account/recovery-codes',
    { schema: { body: EmptyForm }, config: { access: usersPolicy.createToken, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const codes = await secondFactors.regenerateRecoveryCodes(
        requireActor(request.actor),
        request.auditContext(),
      );
      return sendHtml(reply, <RecoveryCodesPage ctx={ctx} codes={codes} next="/account" />);
    },
  );
}
