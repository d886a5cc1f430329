import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone } from '../../../app/access.js';
import { AppError, TooManyRequestsError, type FieldError } from '../../../app/errors.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  FormErrors,
  Notification,
  TextField,
} from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import {
  CSRF_COOKIE,
  cookieOptions,
  useSecureCookies,
} from '../../../app/plugins/request-context.js';
import { sameOriginPath } from '../../../app/redirect-target.js';
import { signInAndSetCookie, signOutAndClearCookie } from '../accounts.routes.js';
import { AccountLockedError, LoginFailedError } from '../login.js';
import { usersPolicy } from '../users.policy.js';

export const LoginQuery = Type.Object(
  {
    next: Type.Optional(Type.String({ maxLength: 2048 })),
    signedOut: Type.Optional(Type.String({ maxLength: 8 })),
    expired: Type.Optional(Type.String({ maxLength: 8 })),
    reset: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

export const LoginForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    password: Type.String({ maxLength: 1000 }),
    next: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

export function LoginPage({
  ctx,
  next,
  email = '',
  errors = [],
  message,
}: {
  ctx: PageContext;
  next: string;
  email?: string;
  errors?: FieldError[];
  message?: Child;
}): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('login.title')}>
      <p class="ecl-u-type-paragraph">{t('login.intro')}</p>
      {message}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/login">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <TextField
          name="email"
          type="email"
          label={t('login.email')}
          value={email}
          errors={errors}
          autocomplete="username"
          maxlength={254}
          required
        />
        <TextField
          name="password"
          type="password"
          label={t('login.password')}
          errors={errors}
          autocomplete="current-password"
          maxlength={200}
          required
        />
        <Button>{t('login.submit')}</Button>
      </form>
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
        <LoginPage ctx={ctx} next={safeNext(request.query.next)} message={message} />,
      );
    },
  );

  app.post(
    '/login',
    {
      schema: { body: LoginForm },
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
            email={typeof body?.email === 'string' ? body.email : ''}
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
      const next = safeNext(request.body.next);
      const email = request.body.email.trim();
      const { password } = request.body;
      const errors: FieldError[] = [];
      if (email === '') errors.push({ field: 'email', message: t('login.emailRequired') });
      if (password === '') errors.push({ field: 'password', message: t('login.passwordRequired') });
      const again = (status: number, message?: Child, fieldErrors: FieldError[] = []) =>
        sendHtml(
          reply,
          <LoginPage ctx={ctx} next={next} email={email} errors={fieldErrors} message={message} />,
          status,
        );
      if (errors.length > 0) return again(400, undefined, errors);
      try {
        await signInAndSetCookie(app, request, reply, email, password);
      } catch (error) {
        if (error instanceof LoginFailedError) {
          return again(401, <Notification variant="error">{t('login.failed')}</Notification>);
        }
        if (error instanceof TooManyRequestsError) {
          reply.header('retry-after', String(error.retryAfterSeconds));
          const text =
            error instanceof AccountLockedError
              ? t('login.locked', { until: formatDateTime(ctx.locale, error.until) })
              : t('login.throttled');
          return again(429, <Notification variant="error">{text}</Notification>);
        }
        throw error;
      }
      // The pre-session token has done its job; the session carries its own from now on.
      reply.clearCookie(CSRF_COOKIE, cookieOptions(secureCookies));
      return reply.redirect(next, 303);
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

// ---------------------------------------------------------------------------------------------
// My account: details, language and personal API tokens
