import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../app/access.js';
import { ValidationError, type FieldError } from '../../app/errors.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  FormErrors,
  Notification,
  TextField,
} from '../../app/html/components.js';
import { formatDateTime } from '../../app/i18n/format.js';
import { AccountLockedError, normaliseEmail } from './login.js';
import {
  RESET_LINK_MINUTES,
  ResetLinkInvalidError,
  newPasswordErrors,
  type PasswordChange,
} from './passwords.js';
import { ResetTokenParams } from './password.schema.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './secrets.js';
import { usersPolicy } from './users.policy.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ChangeQuery = Type.Object(
  { done: Type.Optional(Type.Literal('1')) },
  { additionalProperties: false },
);

const ChangeForm = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 1000 }),
    newPassword: Type.String({ maxLength: 1000 }),
    confirmPassword: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const ForgotForm = Type.Object(
  { email: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

const ResetForm = Type.Object(
  {
    password: Type.String({ maxLength: 1000 }),
    confirmPassword: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

/**
 * Pages with a password form or a reset link's secret in their address are kept by no cache;
 * the site-wide referrer policy already keeps the address from other hosts.
 */
function keepPrivate(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

function NewPasswordFields({
  ctx,
  name,
  errors,
}: {
  ctx: PageContext;
  name: 'newPassword' | 'password';
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <div>
      <TextField
        name={name}
        type="password"
        label={t('password.change.new')}
        hint={t('password.change.newHint', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH })}
        errors={errors}
        autocomplete="new-password"
        maxlength={MAX_PASSWORD_LENGTH}
        required
      />
      <TextField
        name="confirmPassword"
        type="password"
        label={t('password.change.confirm')}
        errors={errors}
        autocomplete="new-password"
        maxlength={MAX_PASSWORD_LENGTH}
        required
      />
    </div>
  );
}

function ChangePage({
  ctx,
  errors = [],
  notice,
}: {
  ctx: PageContext;
  errors?: FieldError[];
  notice?: Child;
}): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.change.title')} notices={notice}>
      <p class="ecl-u-type-paragraph">{t('password.change.intro')}</p>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/account/password">
        <CsrfField ctx={ctx} />
        <input type="text" value={ctx.actor?.email ?? ''} autocomplete="username" hidden readonly />
        <TextField
          name="currentPassword"
          type="password"
          label={t('password.change.current')}
          errors={errors}
          autocomplete="current-password"
          maxlength={MAX_PASSWORD_LENGTH}
          required
        />
        <NewPasswordFields ctx={ctx} name="newPassword" errors={errors} />
        <Button>{t('password.change.submit')}</Button>
      </form>
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/account">
          {t('account.backToAccount')}
        </a>
      </p>
    </Layout>
  );
}

function ForgotPage({
  ctx,
  email = '',
  errors = [],
}: {
  ctx: PageContext;
  email?: string;
  errors?: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.forgot.title')}>
      <p class="ecl-u-type-paragraph">
        {t('password.forgot.intro', { minutes: RESET_LINK_MINUTES })}
      </p>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/login/forgot">
        <CsrfField ctx={ctx} />
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
        <Button>{t('password.forgot.submit')}</Button>
      </form>
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/login">
          {t('login.title')}
        </a>
      </p>
    </Layout>
  );
}

function ResetPage({
  ctx,
  token,
  expiresAt,
  errors = [],
}: {
  ctx: PageContext;
  token: string;
  expiresAt: string;
  errors?: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.reset.title')}>
      <p class="ecl-u-type-paragraph">
        {t('password.reset.intro', { until: formatDateTime(ctx.locale, expiresAt) })}
      </p>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action={`/login/reset/${encodeURIComponent(token)}`}>
        <CsrfField ctx={ctx} />
        <NewPasswordFields ctx={ctx} name="password" errors={errors} />
        <Button>{t('password.reset.submit')}</Button>
      </form>
    </Layout>
  );
}

function InvalidLinkPage({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.reset.invalidTitle')}>
      <p class="ecl-u-type-paragraph">{t('password.reset.invalid')}</p>
      <p>
        <a class="ecl-link ecl-link--standalone ecl-link--cta jh-link-button" href="/login/forgot">
          {t('password.reset.again')}
        </a>
      </p>
    </Layout>
  );
}

/** Every error of a new password and its confirmation at once, before anything is tried. */
function confirmationErrors(
  ctx: PageContext,
  field: 'newPassword' | 'password',
  password: string,
  confirmation: string,
  current?: string,
): FieldError[] {
  return [
    ...newPasswordErrors(field, password, current),
    ...(password !== confirmation
      ? [{ field: 'confirmPassword', message: ctx.t('password.confirmMismatch') }]
      : []),
  ];
}

/** Changing one's own password, and resetting a forgotten one with a link sent by e-mail. */
export async function passwordPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { passwords } = app.services;

  app.get(
    '/account/password',
    {
      schema: { querystring: ChangeQuery },
      config: { access: usersPolicy.changeOwnPassword, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const notice = request.query.done ? (
        <Notification variant="success">{ctx.t('password.change.done')}</Notification>
      ) : undefined;
      return sendHtml(keepPrivate(reply), <ChangePage ctx={ctx} notice={notice} />);
    },
  );

  app.post(
    '/account/password',
    {
      schema: { body: ChangeForm },
      config: { access: usersPolicy.changeOwnPassword, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { currentPassword, newPassword, confirmPassword } = request.body;
      const change: PasswordChange = { currentPassword, newPassword };
      const errors = [
        ...(currentPassword === ''
          ? [{ field: 'currentPassword', message: ctx.t('login.passwordRequired') }]
          : []),
        ...confirmationErrors(ctx, 'newPassword', newPassword, confirmPassword, currentPassword),
      ];
      if (errors.length > 0) return sendHtml(reply, <ChangePage ctx={ctx} errors={errors} />, 400);
      try {
        await passwords.change(requireActor(request.actor), request.auditContext(), change);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendHtml(reply, <ChangePage ctx={ctx} errors={error.fieldErrors} />, 400);
        }
        if (error instanceof AccountLockedError) {
          reply.header('retry-after', String(error.retryAfterSeconds));
          const until = formatDateTime(ctx.locale, error.until);
          const notice = (
            <Notification variant="error">
              {ctx.t('password.change.locked', { until })}
            </Notification>
          );
          return sendHtml(reply, <ChangePage ctx={ctx} notice={notice} />, 429);
        }
        throw error;
      }
      return reply.redirect('/account/password?done=1', 303);
    },
  );

  app.get('/login/forgot', { config: { access: anyone, page: true } }, async (request, reply) =>
    sendHtml(reply, <ForgotPage ctx={request.pageContext()} />),
  );

  app.post(
    '/login/forgot',
    { schema: { body: ForgotForm }, config: { access: anyone, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const email = normaliseEmail(request.body.email);
      if (!EMAIL_PATTERN.test(email) || email.length > 254) {
        const errors = [{ field: 'email', message: t('password.forgot.emailInvalid') }];
        return sendHtml(
          reply,
          <ForgotPage ctx={ctx} email={request.body.email} errors={errors} />,
          400,
        );
      }
      await passwords.requestReset(
        email,
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
        request.auditContext(),
      );
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('password.forgot.sentTitle')}>
          <Notification variant="success">
            {t('password.forgot.sent', { email, minutes: RESET_LINK_MINUTES })}
          </Notification>
          <p>
            <a class="ecl-link ecl-link--standalone" href="/login">
              {t('login.title')}
            </a>
          </p>
        </Layout>,
      );
    },
  );

  app.get(
    '/login/reset/:token',
    { schema: { params: ResetTokenParams }, config: { access: anyone, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { token } = request.params;
      let expiresAt: string;
      try {
        ({ expiresAt } = await passwords.checkResetLink(token));
      } catch (error) {
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        return sendHtml(keepPrivate(reply), <InvalidLinkPage ctx={ctx} />, 404);
      }
      return sendHtml(
        keepPrivate(reply),
        <ResetPage ctx={ctx} token={token} expiresAt={expiresAt} />,
      );
    },
  );

  app.post(
    '/login/reset/:token',
    {
      schema: { params: ResetTokenParams, body: ResetForm },
      config: { access: anyone, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { token } = request.params;
      const { password, confirmPassword } = request.body;
      const invalid = () => sendHtml(keepPrivate(reply), <InvalidLinkPage ctx={ctx} />, 404);
      let expiresAt: string;
      try {
        ({ expiresAt } = await passwords.checkResetLink(token));
      } catch (error) {
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        await passwords.auditRefusedLink(request.auditContext(), token);
        return invalid();
      }
      const errors = confirmationErrors(ctx, 'password', password, confirmPassword);
      if (errors.length > 0) {
        return sendHtml(
          keepPrivate(reply),
          <ResetPage ctx={ctx} token={token} expiresAt={expiresAt} errors={errors} />,
          400,
        );
      }
      try {
        await passwords.completeReset(token, password, request.auditContext());
      } catch (error) {
        if (!(error instanceof ResetLinkInvalidError)) throw error;
        return invalid();
      }
      return reply.redirect('/login?reset=1', 303);
    },
  );
}
