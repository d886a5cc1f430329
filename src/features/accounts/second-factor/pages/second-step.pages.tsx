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
import { factorCodeForm } from '../second-factor.form.js';
import { clientOf, setSignInCookie } from '../second-factor.routes.js';
import type { TotpOffer } from '../second-factors.service.js';
import { PENDING_COOKIE, SecondFactorFailedError, SecondStepExpiredError } from '../second-step.js';
import { RecoveryCodeList, TotpOfferView } from '../views.js';

const NextQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);

type CodeState = FormState<typeof factorCodeForm.fields>;

function VerifyPage({
  ctx,
  next,
  state,
}: {
  ctx: PageContext;
  next: string;
  state: CodeState;
}): Html {
  const { t } = ctx;
  const f = bindForm(factorCodeForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('factor.verify.title')}>
      <p class="ecl-u-type-paragraph">{t('factor.verify.intro')}</p>
      <f.Form action={`/login/factor?next=${encodeURIComponent(next)}`}>
        <f.Text name="code" autocomplete="one-time-code" />
        <Button>{t('factor.verify.submit')}</Button>
      </f.Form>
    </Layout>
  );
}

function EnrolPage({
  ctx,
  next,
  offer,
  state,
}: {
  ctx: PageContext;
  next: string;
  offer: TotpOffer;
  state: CodeState;
}): Html {
  const { t } = ctx;
  const f = bindForm(factorCodeForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('factor.enrol.title')}>
      <p class="ecl-u-type-paragraph">{t('factor.enrol.intro')}</p>
      <TotpOfferView ctx={ctx} offer={offer} />
      <f.Form action={`/login/enrol?next=${encodeURIComponent(next)}`}>
        <f.Text name="code" autocomplete="one-time-code" />
        <Button>{t('factor.enrol.submit')}</Button>
      </f.Form>
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
  const { secondStep, sessions } = app.services;
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
          state={{ values: factorCodeForm.initial({}), errors: [] }}
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
          sendHtml(reply, <VerifyPage ctx={ctx} next={next} state={state} />, status),
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
          state={{ values: factorCodeForm.initial({}), errors: [] }}
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
          setSignInCookie(app, request, reply, signedIn);
          finish(reply);
          return {
            recoveryCodes: signedIn.recoveryCodes,
            ctx: await signedInContext(ctx, signedIn),
          };
        },
        show: (state, status) =>
          sendHtml(reply, <EnrolPage ctx={ctx} next={next} offer={offer} state={state} />, status),
        // Shown in this answer only: the codes are stored as hashes.
        answer: (enrolled) =>
          sendHtml(
            reply,
            <RecoveryCodesPage ctx={enrolled.ctx} codes={enrolled.recoveryCodes} next={next} />,
          ),
        done: next,
      });
    },
  );
}
