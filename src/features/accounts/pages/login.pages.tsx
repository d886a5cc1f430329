import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone } from '../../../app/access.js';
import {
  AppError,
  TooManyRequestsError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { bindForm } from '../../../app/forms/bind.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Button, Notification } from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import {
  CSRF_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../../app/plugins/request-context.js';
import { sameOriginPath } from '../../../app/redirect-target.js';
import { signInAndSetCookie, signOutAndClearCookie } from '../accounts.routes.js';
import { AccountLockedError, LoginFailedError, secondStepPath } from '../login.js';
import { usersPolicy } from '../users.policy.js';
import { loginForm } from '../forms/password.form.js';
import { SsoButtons, type SsoChoice } from '../sso/views/sso-buttons.views.js';

export const LoginQuery = Type.Object(
  {
    next: Type.Optional(Type.String({ maxLength: 2048 })),
    signedOut: Type.Optional(Type.String({ maxLength: 8 })),
    expired: Type.Optional(Type.String({ maxLength: 8 })),
    reset: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

export function LoginPage({
  ctx,
  next,
  state,
  message,
  providers = [],
}: {
  ctx: PageContext;
  next: string;
  state: FormState<typeof loginForm.fields>;
  message?: Child;
  /** The identity providers to offer besides the password. */
  providers?: readonly SsoChoice[];
}): Html {
  const { t } = ctx;
  const f = bindForm(loginForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('login.title')}>
      <p class="ecl-u-type-paragraph">{t('login.intro')}</p>
      {message}
      <SsoButtons ctx={ctx} providers={providers} next={next} />
      <f.Form action="/login">
        <input type="hidden" name="next" value={next} />
        <f.Text name="email" type="email" autocomplete="username" />
        <f.Text name="password" type="password" autocomplete="current-password" />
        <Button>{t('login.submit')}</Button>
      </f.Form>
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/login/forgot">
          {t('password.forgot.link')}
        </a>
      </p>
    </Layout>
  );
}

export async function loginPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const secureCookies = useSecureCookies(app.services.config);
  const safeNext = (next: string | undefined) =>
    sameOriginPath(next, app.services.config.publicUrl);

  app.get(
    '/login',
    { schema: { querystring: LoginQuery }, config: { access: anyone, page: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = request.pageContext();
      const { t } = ctx;
      const message = request.query.signedOut ? (
        <Notification variant="success">{t('login.signedOut')}</Notification>
      ) : request.query.reset ? (
        <Notification variant="success">{t('password.reset.done')}</Notification>
      ) : request.query.expired ? (
        <Notification variant="info">{t('login.expired')}</Notification>
      ) : null;
      return sendHtml(
        reply,
        <LoginPage
          ctx={ctx}
          next={safeNext(request.query.next)}
          state={{ values: loginForm.initial(), errors: [] }}
          message={message}
          providers={app.services.sso.providers}
        />,
      );
    },
  );

  app.post(
    '/login',
    {
      schema: { body: FormBody },
      config: { access: anyone, page: true },
      // A stale or missing CSRF token most often means the form sat open across a sign-in or
      // sign-out elsewhere: offer the form again, with the current token, not an error page.
      errorHandler: (error, request, reply) => {
        if (!(error instanceof AppError && error.code === 'csrf_failed')) throw error;
        const ctx = request.pageContext();
        // The CSRF check runs before validation, so the body is not yet known to fit the schema.
        const body = request.body as { email?: unknown; next?: unknown } | undefined;
        void sendHtml(
          reply,
          <LoginPage
            ctx={ctx}
            next={safeNext(typeof body?.next === 'string' ? body.next : undefined)}
            state={{
              values: loginForm.initial({
                email: typeof body?.email === 'string' ? body.email : '',
              }),
              errors: [],
            }}
            message={<Notification variant="error">{ctx.t('login.csrf')}</Notification>}
          />,
          403,
        );
      },
    },
    async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      const ctx = request.pageContext();
      const { t } = ctx;
      const sentNext = request.body.next;
      const next = safeNext(typeof sentNext === 'string' ? sentNext : undefined);
      return submitForm(reply, {
        form: loginForm,
        body: request.body,
        t,
        write: async (values) => {
          const email = values.email.trim();
          const errors: FieldError[] = [];
          if (email === '') errors.push({ field: 'email', message: t('login.emailRequired') });
          if (values.password === '')
            errors.push({ field: 'password', message: t('login.passwordRequired') });
          if (errors.length > 0) throw new ValidationError(errors);
          let outcome;
          try {
            outcome = await signInAndSetCookie(app, request, reply, email, values.password);
          } catch (error) {
            // The same words whether the address or the password is wrong: nothing to enumerate.
            if (error instanceof LoginFailedError)
              throw new AppError(error.code, error.status, t('login.failed'));
            if (!(error instanceof TooManyRequestsError)) throw error;
            reply.header('retry-after', String(error.retryAfterSeconds));
            const text =
              error instanceof AccountLockedError
                ? t('login.locked', { until: formatDateTime(ctx.locale, error.until) })
                : t('login.throttled');
            throw new TooManyRequestsError(text, error.retryAfterSeconds);
          }
          // The pre-session token has done its job; the session carries its own from now on.
          // The second step of a sign-in still needs it.
          if (outcome.kind === 'session')
            reply.clearCookie(CSRF_COOKIE, cookieOptions(secureCookies));
          return outcome;
        },
        show: (state, status) =>
          sendHtml(
            reply,
            <LoginPage
              ctx={ctx}
              next={next}
              state={state}
              providers={app.services.sso.providers}
            />,
            status,
          ),
        done: (outcome) =>
          outcome.kind === 'session' ? next : secondStepPath(outcome.stage, next),
      });
    },
  );

  app.post(
    '/logout',
    { config: { access: usersPolicy.ownAccount, page: true } },
    async (request, reply) => {
      await signOutAndClearCookie(app, request, reply);
      return reply.redirect('/login?signedOut=1', 303);
    },
  );
}
