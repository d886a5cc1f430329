import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone } from '../../../../app/access.js';
import { TooManyRequestsError, ValidationError } from '../../../../app/errors.js';
import { bindForm } from '../../../../app/forms/bind.js';
import { FormBody } from '../../../../app/forms/body.js';
import type { FormState } from '../../../../app/forms/define-form.js';
import { submitForm } from '../../../../app/forms/submit.js';
import { h, type Child, type Html } from '../../../../app/html/jsx.js';
import { sendHtml } from '../../../../app/html/send-html.js';
import { Layout } from '../../../../app/html/layout.js';
import type { PageContext } from '../../../../app/html/page-context.js';
import { Button } from '../../../../app/html/components.js';
import { formatDateTime } from '../../../../app/i18n/format.js';
import {
  CSRF_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../../../app/plugins/request-context.js';
import { sameOriginPath } from '../../../../app/redirect-target.js';
import { AccountLockedError, type SignedIn } from '../../login.js';
import { factorCodeForm, passkeyForm, passkeySignInForm } from '../second-factor.form.js';
import { clientOf, setSignInCookie } from '../second-factor.routes.js';
import type { TotpOffer } from '../second-factors.service.js';
import { PENDING_COOKIE, SecondFactorFailedError, SecondStepExpiredError } from '../second-step.js';
import {
  PasskeyAddForm,
  PasskeySignInForm,
  RecoveryCodeList,
  TotpOfferView,
  type PasskeyFormState,
  type PasskeySignInState,
} from '../views.js';
import { labelOf } from '../passkeys.service.js';
import { assertionAnswer, inPageWords, registrationAnswer } from './passkey-answer.js';

const NextQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);

type CodeState = FormState<typeof factorCodeForm.fields>;

const blankCode = (): CodeState => ({ values: factorCodeForm.initial({}), errors: [] });
const blankPasskey = (): PasskeySignInState => ({
  values: passkeySignInForm.initial({}),
  errors: [],
});
const blankNewPasskey = (): PasskeyFormState => ({ values: passkeyForm.initial({}), errors: [] });

/**
 * The second step: a passkey first for a user who has one, then a code of the app or a
 * recovery code, which always works, with or without JavaScript.
 */
function VerifyPage({
  ctx,
  next,
  state,
  passkey,
}: {
  ctx: PageContext;
  next: string;
  state: CodeState;
  /** Null when the user has no passkey. */
  passkey: PasskeySignInState | null;
}): Html {
  const { t } = ctx;
  const f = bindForm(factorCodeForm, ctx, state);
  const codeForm = (
    <f.Form action={`/login/factor?next=${encodeURIComponent(next)}`}>
      <f.Text name="code" autocomplete="one-time-code" />
      <Button>{t('factor.verify.submit')}</Button>
    </f.Form>
  );
  if (!passkey)
    return (
      <Layout ctx={ctx} title={t('factor.verify.title')}>
        <p class="ecl-u-type-paragraph">{t('factor.verify.intro')}</p>
        {codeForm}
      </Layout>
    );
  return (
    <Layout ctx={ctx} title={t('factor.verify.title')}>
      <section class="ecl-u-mb-xl">
        <h2 class="ecl-u-type-heading-2">{t('factor.verify.passkeyTitle')}</h2>
        <p class="ecl-u-type-paragraph">{t('factor.verify.passkeyIntro')}</p>
        <PasskeySignInForm
          ctx={ctx}
          action={`/login/factor/passkey?next=${encodeURIComponent(next)}`}
          state={passkey}
        />
      </section>
      <section>
        <h2 class="ecl-u-type-heading-2">{t('factor.verify.codeTitle')}</h2>
        <p class="ecl-u-type-paragraph">{t('factor.verify.intro')}</p>
        {codeForm}
      </section>
    </Layout>
  );
}

/** Setting up a factor at sign-in: an authenticator app (works without JavaScript) or a passkey. */
function EnrolPage({
  ctx,
  next,
  offer,
  state,
  passkey,
}: {
  ctx: PageContext;
  next: string;
  offer: TotpOffer;
  state: CodeState;
  passkey: PasskeyFormState;
}): Html {
  const { t } = ctx;
  const f = bindForm(factorCodeForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('factor.enrol.title')}>
      <section class="ecl-u-mb-xl">
        <h2 class="ecl-u-type-heading-2">{t('factor.enrol.appTitle')}</h2>
        <p class="ecl-u-type-paragraph">{t('factor.enrol.intro')}</p>
        <TotpOfferView ctx={ctx} offer={offer} />
        <f.Form action={`/login/enrol?next=${encodeURIComponent(next)}`}>
          <f.Text name="code" autocomplete="one-time-code" />
          <Button>{t('factor.enrol.submit')}</Button>
        </f.Form>
      </section>
      <section>
        <h2 class="ecl-u-type-heading-2">{t('factor.enrol.passkeyTitle')}</h2>
        <p class="ecl-u-type-paragraph">{t('factor.passkey.intro')}</p>
        <PasskeyAddForm
          ctx={ctx}
          action={`/login/enrol/passkey?next=${encodeURIComponent(next)}`}
          options="/api/session/enrol/passkey/options"
          state={passkey}
        />
      </section>
    </Layout>
  );
}

export function RecoveryCodesPage({
  ctx,
  codes,
  next,
  notice,
}: {
  ctx: PageContext;
  codes: string[];
  next: string;
  notice?: Child;
}): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('factor.recovery.title')} notices={notice}>
      <p class="ecl-u-type-paragraph">{t('factor.recovery.intro')}</p>
      <RecoveryCodeList codes={codes} />
      <p>
        <a class="ecl-button ecl-button--primary" href={next}>
          {t('factor.recovery.continue')}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The second step of signing in, as pages: the code after the password, or setting up an
 * authenticator app for a user who must have one. Both are reached only with the cookie of a
 * half-signed-in state; without it they send the browser back to the password.
 */
export async function secondStepPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { passkeys, secondStep, sessions } = app.services;
  const secureCookies = useSecureCookies(app.services.config);
  const safeNext = (next: string | undefined) =>
    sameOriginPath(next, app.services.config.publicUrl);
  const restart = (reply: FastifyReply) => reply.redirect('/login?expired=1', 303);

  /**
   * Reads the half-signed-in state; when it has expired or is missing, sends the browser back to
   * the password and answers null.
   */
  async function inSecondStep<T>(
    reply: FastifyReply,
    read: () => Promise<T>,
  ): Promise<{ value: T } | null> {
    try {
      return { value: await read() };
    } catch (error) {
      if (!(error instanceof SecondStepExpiredError)) throw error;
      await restart(reply);
      return null;
    }
  }

  /** Refusals of a code, in the page's words: a field error, or the lock of the account. */
  async function asPageErrors<T>(ctx: PageContext, reply: FastifyReply, run: () => Promise<T>) {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SecondFactorFailedError)
        throw new ValidationError([{ field: 'code', message: ctx.t('factor.failed') }]);
      if (error instanceof AccountLockedError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        throw new TooManyRequestsError(
          ctx.t('login.locked', { until: formatDateTime(ctx.locale, error.until) }),
          error.retryAfterSeconds,
        );
      }
      throw error;
    }
  }

  const finish = (reply: FastifyReply) =>
    reply.clearCookie(CSRF_COOKIE, cookieOptions(secureCookies));
  const pendingOf = (request: FastifyRequest) => request.cookies[PENDING_COOKIE];
  /** The end of setting up a first factor at sign-in: the session, and its recovery codes. */
  const enrolled = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    signedIn: SignedIn & { recoveryCodes: string[] },
  ) => {
    setSignInCookie(app, request, reply, signedIn);
    finish(reply);
    return { recoveryCodes: signedIn.recoveryCodes, ctx: await signedInContext(ctx, signedIn) };
  };
  // Shown in this answer only: the codes are stored as hashes.
  const recoveryCodesAnswer =
    (reply: FastifyReply, next: string) => (done: { recoveryCodes: string[]; ctx: PageContext }) =>
      sendHtml(reply, <RecoveryCodesPage ctx={done.ctx} codes={done.recoveryCodes} next={next} />);
  // Between the password and the session the header offers neither the menu nor "Sign in".
  const signingInContext = (request: FastifyRequest): PageContext => ({
    ...request.pageContext(),
    signingIn: true,
  });
  /** The page that ends a sign-in shows it ended: who is signed in, the menu, "Sign out". */
  async function signedInContext(ctx: PageContext, signedIn: SignedIn): Promise<PageContext> {
    const actor = await sessions.resolve(signedIn.cookieValue);
    return { ...ctx, signingIn: false, actor, csrfToken: signedIn.csrfToken };
  }

  app.get(
    '/login/factor',
    { schema: { querystring: NextQuery }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const pending = await inSecondStep(reply, () =>
        secondStep.current(pendingOf(request), 'verify'),
      );
      if (!pending) return reply;
      const ctx = signingInContext(request);
      return sendHtml(
        reply,
        <VerifyPage
          ctx={ctx}
          next={safeNext(request.query.next)}
          state={blankCode()}
          passkey={(await passkeys.hasPasskey(pending.value.userId)) ? blankPasskey() : null}
        />,
      );
    },
  );

  app.post(
    '/login/factor',
    { schema: { querystring: NextQuery, body: FormBody }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = signingInContext(request);
      const next = safeNext(request.query.next);
      const pending = await inSecondStep(reply, () =>
        secondStep.current(pendingOf(request), 'verify'),
      );
      if (!pending) return reply;
      const passkey = (await passkeys.hasPasskey(pending.value.userId)) ? blankPasskey() : null;
      return submitForm(reply, {
        form: factorCodeForm,
        body: request.body,
        t: ctx.t,
        write: async ({ code }) => {
          const signedIn = await asPageErrors(ctx, reply, () =>
            secondStep.verify(pendingOf(request), code, clientOf(request), request.auditContext()),
          );
          setSignInCookie(app, request, reply, signedIn);
          finish(reply);
        },
        show: (state, status) =>
          sendHtml(
            reply,
            <VerifyPage ctx={ctx} next={next} state={state} passkey={passkey} />,
            status,
          ),
        done: next,
      });
    },
  );

  app.post(
    '/login/factor/passkey',
    { schema: { querystring: NextQuery, body: FormBody }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = signingInContext(request);
      const next = safeNext(request.query.next);
      const pending = await inSecondStep(reply, () =>
        secondStep.current(pendingOf(request), 'verify'),
      );
      if (!pending) return reply;
      return submitForm(reply, {
        form: passkeySignInForm,
        body: request.body,
        t: ctx.t,
        write: async ({ credential }) => {
          const signedIn = await asPageErrors(ctx, reply, () =>
            inPageWords(ctx.t, () =>
              secondStep.verifyPasskey(
                pendingOf(request),
                assertionAnswer(credential, ctx.t),
                clientOf(request),
                request.auditContext(),
              ),
            ),
          );
          setSignInCookie(app, request, reply, signedIn);
          finish(reply);
        },
        show: (state, status) =>
          sendHtml(
            reply,
            <VerifyPage
              ctx={ctx}
              next={next}
              state={blankCode()}
              passkey={{ ...state, values: { credential: '' } }}
            />,
            status,
          ),
        done: next,
      });
    },
  );

  app.get(
    '/login/enrol',
    { schema: { querystring: NextQuery }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const pending = await inSecondStep(reply, () => secondStep.enrolOffer(pendingOf(request)));
      if (!pending) return reply;
      const offer = pending.value;
      const ctx = signingInContext(request);
      return sendHtml(
        reply,
        <EnrolPage
          ctx={ctx}
          next={safeNext(request.query.next)}
          offer={offer}
          state={blankCode()}
          passkey={blankNewPasskey()}
        />,
      );
    },
  );

  app.post(
    '/login/enrol',
    { schema: { querystring: NextQuery, body: FormBody }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = signingInContext(request);
      const next = safeNext(request.query.next);
      const pending = await inSecondStep(reply, () => secondStep.enrolOffer(pendingOf(request)));
      if (!pending) return reply;
      const offer = pending.value;
      return submitForm(reply, {
        form: factorCodeForm,
        body: request.body,
        t: ctx.t,
        write: async ({ code }) => {
          const signedIn = await asPageErrors(ctx, reply, () =>
            secondStep.enrolConfirm(
              pendingOf(request),
              code,
              clientOf(request),
              request.auditContext(),
            ),
          );
          return enrolled(request, reply, ctx, signedIn);
        },
        show: (state, status) =>
          sendHtml(
            reply,
            <EnrolPage
              ctx={ctx}
              next={next}
              offer={offer}
              state={state}
              passkey={blankNewPasskey()}
            />,
            status,
          ),
        answer: recoveryCodesAnswer(reply, next),
        done: next,
      });
    },
  );

  app.post(
    '/login/enrol/passkey',
    { schema: { querystring: NextQuery, body: FormBody }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = signingInContext(request);
      const next = safeNext(request.query.next);
      const pending = await inSecondStep(reply, () => secondStep.enrolOffer(pendingOf(request)));
      if (!pending) return reply;
      const offer = pending.value;
      return submitForm(reply, {
        form: passkeyForm,
        body: request.body,
        t: ctx.t,
        write: async ({ passkeyName, credential }) => {
          const signedIn = await asPageErrors(ctx, reply, () =>
            inPageWords(ctx.t, () =>
              secondStep.enrolPasskey(
                pendingOf(request),
                // The name first: a form sent without one says so, answer or not.
                labelOf(passkeyName, 'passkeyName'),
                registrationAnswer(credential, ctx.t),
                clientOf(request),
                request.auditContext(),
              ),
            ),
          );
          return enrolled(request, reply, ctx, signedIn);
        },
        show: (state, status) =>
          sendHtml(
            reply,
            <EnrolPage
              ctx={ctx}
              next={next}
              offer={offer}
              state={blankCode()}
              passkey={{ ...state, values: { ...state.values, credential: '' } }}
            />,
            status,
          ),
        answer: recoveryCodesAnswer(reply, next),
        done: next,
      });
    },
  );
}
