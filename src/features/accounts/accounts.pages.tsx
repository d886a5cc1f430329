import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone, requireActor } from '../../app/access.js';
import {
  AppError,
  ConflictError,
  StaleVersionError,
  TooManyRequestsError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  LinkButton,
  Notification,
  Pagination,
  SelectField,
  Table,
  TextField,
  urlWith,
  type Column,
  type SelectOption,
} from '../../app/html/components.js';
import { formatDate, formatDateTime, formatNumber } from '../../app/i18n/format.js';
import { supportedLocales, type MessageKey } from '../../app/i18n/i18n.js';
import { SortDirection, oneOf } from '../../app/http.js';
import { CSRF_COOKIE, cookieOptions, useSecureCookies } from '../../app/plugins/request-context.js';
import { sameOriginPath } from '../../app/redirect-target.js';
import { roles, type Role } from '../../db/schema.js';
import { signInAndSetCookie, signOutAndClearCookie } from './accounts.routes.js';
import { IdParams, RoleSchema } from './accounts.schema.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type TokenView } from './api-tokens.js';
import { AccountLockedError, LoginFailedError } from './login.js';
import { usersPolicy } from './users.policy.js';
import { passwordPages } from './password.pages.js';
import { userSortKeys, type UserView } from './users.service.js';

const USERS_PAGE_SIZE = 25;

const roleLabels: Record<Role, MessageKey> = {
  admin: 'role.admin',
  contact: 'role.contact',
  member: 'role.member',
  observer: 'role.observer',
};

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A language in its own language, as language pickers show them. */
function languageName(code: string): string {
  return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
}

const SECRET_SLOT = '\u0000';

/**
 * A message with a secret (a token, a password) in it, the secret set apart so it can be read and
 * copied exactly. The catalogue decides where in the sentence it goes.
 */
function SecretMessage({ message, secret }: { message: string; secret: string }): Html {
  const [before = '', after = ''] = message.split(SECRET_SLOT);
  return (
    <p class="ecl-u-type-paragraph">
      {before}
      <code class="jh-secret">{secret}</code>
      {after}
    </p>
  );
}

function BackLink({ href, children }: { href: string; children?: Child }): Html {
  return (
    <p>
      <a class="ecl-link ecl-link--standalone" href={href}>
        {children}
      </a>
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// Sign-in and sign-out

const LoginQuery = Type.Object(
  {
    next: Type.Optional(Type.String({ maxLength: 2048 })),
    signedOut: Type.Optional(Type.String({ maxLength: 8 })),
    expired: Type.Optional(Type.String({ maxLength: 8 })),
    reset: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

const LoginForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    password: Type.String({ maxLength: 1000 }),
    next: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

function LoginPage({
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

async function loginPages(fastify: FastifyInstance): Promise<void> {
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

const AccountQuery = Type.Object(
  { done: Type.Optional(oneOf(['saved', 'revoked'] as const)) },
  { additionalProperties: false },
);

const LanguageForm = Type.Object(
  {
    locale: Type.String({ maxLength: 16 }),
    version: Type.String({ pattern: '^[0-9]{1,9}$' }),
  },
  { additionalProperties: false },
);

const TokenForm = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    expiresInDays: Type.String({ maxLength: 12 }),
  },
  { additionalProperties: false },
);

const EmptyForm = Type.Object({}, { additionalProperties: false });

function languageOptions(ctx: PageContext): SelectOption[] {
  return [
    { value: '', label: ctx.t('account.languageAuto') },
    ...supportedLocales.map((code) => ({ value: code, label: languageName(code) })),
  ];
}

function languageLabel(ctx: PageContext, locale: string | null): string {
  return locale ? languageName(locale) : ctx.t('account.languageAuto');
}

function isActive(token: TokenView, now: string): boolean {
  return !token.revoked && token.expiresAt > now;
}

function TokenTable({ ctx, tokens }: { ctx: PageContext; tokens: TokenView[] }): Html {
  const { t } = ctx;
  if (tokens.length === 0) return <p class="ecl-u-type-paragraph">{t('account.noTokens')}</p>;
  const now = new Date().toISOString();
  const columns: Column<TokenView>[] = [
    { header: t('account.tokenName'), cell: (token) => token.name },
    {
      header: t('account.tokenCreatedAt'),
      cell: (token) => (
        <time datetime={token.createdAt}>{formatDate(ctx.locale, token.createdAt)}</time>
      ),
    },
    {
      header: t('account.tokenExpiresAt'),
      cell: (token) => (
        <time datetime={token.expiresAt}>{formatDate(ctx.locale, token.expiresAt)}</time>
      ),
    },
    {
      header: t('account.tokenLastUsed'),
      cell: (token) =>
        token.lastUsedAt ? (
          <time datetime={token.lastUsedAt}>{formatDateTime(ctx.locale, token.lastUsedAt)}</time>
        ) : (
          t('users.never')
        ),
    },
    {
      header: t('account.tokenRevokedColumn'),
      cell: (token) => (token.revoked ? t('common.yes') : t('common.no')),
    },
    {
      header: t('common.actions'),
      cell: (token) =>
        isActive(token, now) ? (
          <form
            method="post"
            action={`/account/tokens/${encodeURIComponent(token.id)}/revoke`}
            class="jh-inline-form"
          >
            <CsrfField ctx={ctx} />
            <button
              type="submit"
              class="ecl-button ecl-button--secondary"
              aria-label={t('account.tokenRevokeNamed', { name: token.name })}
            >
              {t('account.tokenRevoke')}
            </button>
          </form>
        ) : null,
    },
  ];
  return <Table ctx={ctx} caption={t('account.tokens')} columns={columns} rows={tokens} />;
}

interface AccountPageProps {
  ctx: PageContext;
  user: UserView;
  tokens: TokenView[];
  notice?: Child;
  /** What the language form shows: the saved setting, or what was sent when saving failed. */
  locale?: string;
  languageErrors?: FieldError[];
  /** The current version of the account, when a language change was based on an older one. */
  conflict?: UserView;
  tokenInput?: { name: string; expiresInDays: string };
  tokenErrors?: FieldError[];
}

function AccountPage(props: AccountPageProps): Html {
  const { ctx, user, conflict } = props;
  const { t } = ctx;
  const languageErrors = props.languageErrors ?? [];
  const tokenErrors = props.tokenErrors ?? [];
  return (
    <Layout ctx={ctx} title={t('account.title')} notices={props.notice}>
      <FormErrors ctx={ctx} errors={[...languageErrors, ...tokenErrors]} />
      <h2 class="ecl-u-type-heading-2">{t('account.details')}</h2>
      <DescriptionList
        items={[
          [t('users.name'), user.name],
          [t('users.email'), user.email],
          [t('users.organisation'), user.organisationAcronym],
          [t('users.role'), t(roleLabels[user.role])],
        ]}
      />

      <p>
        <a class="ecl-link ecl-link--standalone" href="/account/password">
          {t('password.change.link')}
        </a>
      </p>

      <h2 class="ecl-u-type-heading-2">{t('account.language')}</h2>
      {conflict ? (
        <Notification variant="error" title={t('error.conflict.title')}>
          <p>{t('error.conflict.body')}</p>
          <DescriptionList
            items={[
              [t('account.language'), languageLabel(ctx, conflict.locale)],
              [t('users.version'), conflict.version],
            ]}
          />
        </Notification>
      ) : null}
      <form method="post" action="/account/language">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={(conflict ?? user).version} />
        <SelectField
          name="locale"
          label={t('account.language')}
          value={props.locale ?? user.locale ?? ''}
          options={languageOptions(ctx)}
          errors={languageErrors}
        />
        <Button>{t('common.save')}</Button>
      </form>

      <h2 class="ecl-u-type-heading-2">{t('account.tokens')}</h2>
      <p class="ecl-u-type-paragraph">{t('account.tokensIntro')}</p>
      <TokenTable ctx={ctx} tokens={props.tokens} />
      <h3 class="ecl-u-type-heading-3">{t('account.tokenCreate')}</h3>
      <form method="post" action="/account/tokens">
        <CsrfField ctx={ctx} />
        <TextField
          name="name"
          label={t('account.tokenName')}
          value={props.tokenInput?.name}
          errors={tokenErrors}
          maxlength={100}
          required
        />
        <TextField
          name="expiresInDays"
          type="number"
          label={t('account.tokenExpires')}
          hint={t('account.tokenExpiresHint', { max: MAX_TOKEN_DAYS })}
          value={props.tokenInput?.expiresInDays ?? DEFAULT_TOKEN_DAYS}
          errors={tokenErrors}
          required
        />
        <Button>{t('account.tokenCreate')}</Button>
      </form>
    </Layout>
  );
}

async function accountPage(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, tokens } = app.services;

  app.get(
    '/account',
    {
      schema: { querystring: AccountQuery },
      config: { access: usersPolicy.ownAccount, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const { done } = request.query;
      const notice =
        done === 'saved' ? (
          <Notification variant="success">{ctx.t('common.saved')}</Notification>
        ) : done === 'revoked' ? (
          <Notification variant="success">{ctx.t('account.tokenRevoked')}</Notification>
        ) : null;
      const [user, own] = await Promise.all([
        users.get(actor, actor.userId),
        tokens.listOwn(actor),
      ]);
      return sendHtml(reply, <AccountPage ctx={ctx} user={user} tokens={own} notice={notice} />);
    },
  );

  app.post(
    '/account/language',
    {
      schema: { body: LanguageForm },
      config: { access: usersPolicy.ownAccount, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const { locale } = request.body;
      try {
        await users.update(
          request.auditContext(),
          actor.userId,
          { locale: locale === '' ? null : locale },
          Number(request.body.version),
        );
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof StaleVersionError)) throw error;
        const [user, own] = await Promise.all([
          users.get(actor, actor.userId),
          tokens.listOwn(actor),
        ]);
        return error instanceof StaleVersionError
          ? sendHtml(
              reply,
              <AccountPage ctx={ctx} user={user} tokens={own} locale={locale} conflict={user} />,
              409,
            )
          : sendHtml(
              reply,
              <AccountPage
                ctx={ctx}
                user={user}
                tokens={own}
                locale={locale}
                languageErrors={error.fieldErrors}
              />,
              400,
            );
      }
      return reply.redirect('/account?done=saved', 303);
    },
  );

  app.post(
    '/account/tokens',
    {
      schema: { body: TokenForm },
      config: { access: usersPolicy.createToken, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const days = request.body.expiresInDays.trim();
      let created: { token: string };
      try {
        created = await tokens.create(actor, request.auditContext(), {
          name: request.body.name,
          // Anything but a whole number is refused by the service with its range in the message.
          expiresInDays: days === '' ? undefined : /^\d+$/.test(days) ? Number(days) : Number.NaN,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const [user, own] = await Promise.all([
          users.get(actor, actor.userId),
          tokens.listOwn(actor),
        ]);
        return sendHtml(
          reply,
          <AccountPage
            ctx={ctx}
            user={user}
            tokens={own}
            tokenInput={request.body}
            tokenErrors={error.fieldErrors}
          />,
          400,
        );
      }
      // Shown in this answer only: the token is stored hashed and cannot be shown again.
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('account.tokenCreatedTitle')}>
          <Notification variant="success">
            <SecretMessage
              message={t('account.tokenCreated', { token: SECRET_SLOT })}
              secret={created.token}
            />
          </Notification>
          <BackLink href="/account">{t('account.backToAccount')}</BackLink>
        </Layout>,
      );
    },
  );

  app.post(
    '/account/tokens/:id/revoke',
    {
      schema: { params: IdParams, body: EmptyForm },
      config: { access: usersPolicy.ownAccount, page: true },
    },
    async (request, reply) => {
      await tokens.revoke(requireActor(request.actor), request.auditContext(), request.params.id);
      return reply.redirect('/account?done=revoked', 303);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Users: the secretariat's administration of accounts

/**
 * The list's filters arrive from a GET form, which sends every field, empty or not; they are
 * checked here so a bad value marks the field instead of showing an error page.
 */
const UsersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(Type.String({ maxLength: 16 })),
    organisationId: Type.Optional(Type.String({ maxLength: 64 })),
    sort: oneOf(userSortKeys, { default: 'name' }),
    direction: SortDirection,
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);

const userNotices = ['created', 'saved', 'disabled', 'enabled', 'password', 'unlocked'] as const;
type UserNotice = (typeof userNotices)[number];

const UserQuery = Type.Object(
  { done: Type.Optional(oneOf(userNotices)) },
  { additionalProperties: false },
);

const Version = Type.String({ pattern: '^[0-9]{1,9}$' });

const NewUserForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    name: Type.String({ maxLength: 1000 }),
    organisationId: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    password: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const UserChangesForm = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    name: Type.String({ maxLength: 1000 }),
    organisationId: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    version: Version,
  },
  { additionalProperties: false },
);

const VersionForm = Type.Object({ version: Version }, { additionalProperties: false });

const PasswordForm = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

interface UserFormValues {
  email: string;
  name: string;
  organisationId: string;
  role: string;
}

function valuesOf(user: UserView): UserFormValues {
  return {
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    role: user.role,
  };
}

function userPath(id: string, suffix = ''): string {
  return `/users/${encodeURIComponent(id)}${suffix}`;
}

function userStatus(ctx: PageContext, user: UserView): string {
  if (user.disabled) return ctx.t('users.disabled');
  if (user.lockedUntil) {
    return ctx.t('users.locked', { until: formatDateTime(ctx.locale, user.lockedUntil) });
  }
  return ctx.t('users.active');
}

function lastLogin(ctx: PageContext, user: UserView): Child {
  return user.lastLoginAt ? (
    <time datetime={user.lastLoginAt}>{formatDateTime(ctx.locale, user.lastLoginAt)}</time>
  ) : (
    ctx.t('users.never')
  );
}

function roleOptions(ctx: PageContext): SelectOption[] {
  return roles.map((role) => ({ value: role, label: ctx.t(roleLabels[role]) }));
}

function UserForm({
  ctx,
  action,
  values,
  errors,
  organisations,
  version,
  submit,
}: {
  ctx: PageContext;
  action: string;
  values: UserFormValues;
  errors: FieldError[];
  organisations: SelectOption[];
  /** The version an edit is based on; a new account has none and may be given a password. */
  version?: number;
  submit: string;
}): Html {
  const { t } = ctx;
  return (
    <form method="post" action={action}>
      <CsrfField ctx={ctx} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <TextField
        name="email"
        type="email"
        label={t('users.email')}
        value={values.email}
        errors={errors}
        autocomplete="off"
        maxlength={254}
        required
      />
      <TextField
        name="name"
        label={t('users.name')}
        value={values.name}
        errors={errors}
        autocomplete="off"
        maxlength={200}
        required
      />
      <SelectField
        name="organisationId"
        label={t('users.organisation')}
        value={values.organisationId}
        errors={errors}
        options={[{ value: '', label: t('users.chooseOrganisation') }, ...organisations]}
        required
      />
      <SelectField
        name="role"
        label={t('users.role')}
        value={values.role}
        errors={errors}
        options={roleOptions(ctx)}
        required
      />
      {version === undefined ? (
        <TextField
          name="password"
          type="password"
          label={`${t('users.password')} (${t('common.optional')})`}
          hint={t('users.passwordHint')}
          errors={errors}
          autocomplete="new-password"
          maxlength={200}
        />
      ) : null}
      <Button>{submit}</Button>
    </form>
  );
}

function UserFacts({ ctx, user }: { ctx: PageContext; user: UserView }): Html {
  const { t } = ctx;
  return (
    <DescriptionList
      items={[
        [t('users.name'), user.name],
        [t('users.email'), user.email],
        [t('users.organisation'), user.organisationAcronym],
        [t('users.role'), t(roleLabels[user.role])],
        [t('users.status'), userStatus(ctx, user)],
        [t('users.lastLogin'), lastLogin(ctx, user)],
        [
          t('users.createdAt'),
          <time datetime={user.createdAt}>{formatDate(ctx.locale, user.createdAt)}</time>,
        ],
        [t('users.version'), user.version],
      ]}
    />
  );
}

const noticeKeys: Record<UserNotice, MessageKey> = {
  created: 'users.created',
  saved: 'common.saved',
  disabled: 'users.disabledNotice',
  enabled: 'users.enabledNotice',
  password: 'users.passwordChanged',
  unlocked: 'users.unlockedNotice',
};

interface UserPageProps {
  ctx: PageContext;
  user: UserView;
  organisations: SelectOption[];
  notice?: UserNotice | undefined;
  /** What the edit form shows: the saved values, or what was sent when saving failed. */
  values?: UserFormValues;
  editErrors?: FieldError[];
  passwordErrors?: FieldError[];
  /** Set when a change was based on an older version: `user` is then the current one. */
  conflict?: boolean;
}

function UserPage(props: UserPageProps): Html {
  const { ctx, user } = props;
  const { t } = ctx;
  const editErrors = props.editErrors ?? [];
  const passwordErrors = props.passwordErrors ?? [];
  const self = ctx.actor?.userId === user.id;
  return (
    <Layout
      ctx={ctx}
      title={user.name}
      notices={
        props.notice ? (
          <Notification variant="success">{t(noticeKeys[props.notice])}</Notification>
        ) : null
      }
    >
      <FormErrors ctx={ctx} errors={[...editErrors, ...passwordErrors]} />
      <BackLink href="/users">{t('users.backToList')}</BackLink>
      {props.conflict ? (
        <Notification variant="error" title={t('error.conflict.title')}>
          <p>{t('error.conflict.body')}</p>
          <UserFacts ctx={ctx} user={user} />
        </Notification>
      ) : (
        <UserFacts ctx={ctx} user={user} />
      )}

      <h2 class="ecl-u-type-heading-2">{t('common.edit')}</h2>
      <UserForm
        ctx={ctx}
        action={userPath(user.id)}
        values={props.values ?? valuesOf(user)}
        errors={editErrors}
        organisations={props.organisations}
        version={user.version}
        submit={t('common.save')}
      />

      <h2 class="ecl-u-type-heading-2">{t('users.status')}</h2>
      <p class="ecl-u-type-paragraph">{userStatus(ctx, user)}</p>
      {user.lockedUntil && !user.disabled ? (
        <form method="post" action={userPath(user.id, '/unlock')}>
          <CsrfField ctx={ctx} />
          <p class="ecl-u-type-paragraph">{t('users.unlockHint')}</p>
          <Button variant="secondary">{t('users.unlock')}</Button>
        </form>
      ) : null}
      {user.disabled ? (
        <form method="post" action={userPath(user.id, '/enable')}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={user.version} />
          <Button variant="secondary">{t('users.enable')}</Button>
        </form>
      ) : self ? (
        <p class="ecl-u-type-paragraph">{t('users.cannotDisableSelf')}</p>
      ) : (
        <LinkButton href={userPath(user.id, '/disable')}>{t('users.disable')}</LinkButton>
      )}

      <h2 class="ecl-u-type-heading-2">{t('users.resetPassword')}</h2>
      <form method="post" action={userPath(user.id, '/password')}>
        <CsrfField ctx={ctx} />
        <TextField
          name="password"
          type="password"
          label={`${t('users.password')} (${t('common.optional')})`}
          hint={t('users.passwordHint')}
          errors={passwordErrors}
          autocomplete="new-password"
          maxlength={200}
        />
        <Button variant="secondary">{t('users.resetPassword')}</Button>
      </form>
    </Layout>
  );
}

interface ListFilters {
  q: string;
  role: string;
  organisationId: string;
}

function UserFilters({
  ctx,
  filters,
  sort,
  direction,
  organisations,
  errors,
}: {
  ctx: PageContext;
  filters: ListFilters;
  sort: string;
  direction: string;
  organisations: SelectOption[];
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <form method="get" action="/users" class="ecl-u-mb-l">
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="direction" value={direction} />
      <div class="jh-filters">
        <TextField
          name="q"
          type="search"
          label={t('users.search')}
          value={filters.q}
          errors={errors}
          maxlength={200}
        />
        <SelectField
          name="role"
          label={t('users.role')}
          value={filters.role}
          errors={errors}
          options={[{ value: '', label: t('users.allRoles') }, ...roleOptions(ctx)]}
        />
        <SelectField
          name="organisationId"
          label={t('users.organisation')}
          value={filters.organisationId}
          errors={errors}
          options={[{ value: '', label: t('users.allOrganisations') }, ...organisations]}
        />
      </div>
      <div class="jh-actions">
        <Button>{t('common.filter')}</Button>
        <a class="ecl-link ecl-link--standalone" href="/users">
          {t('common.reset')}
        </a>
      </div>
    </form>
  );
}

function userColumns(ctx: PageContext): Column<UserView>[] {
  const { t } = ctx;
  return [
    {
      header: t('users.name'),
      sortKey: 'name',
      cell: (user) => (
        <a class="ecl-link" href={userPath(user.id)}>
          {user.name}
        </a>
      ),
    },
    { header: t('users.email'), sortKey: 'email', cell: (user) => user.email },
    {
      header: t('users.organisation'),
      sortKey: 'organisation',
      cell: (user) => user.organisationAcronym,
    },
    { header: t('users.role'), sortKey: 'role', cell: (user) => t(roleLabels[user.role]) },
    { header: t('users.status'), cell: (user) => userStatus(ctx, user) },
    { header: t('users.lastLogin'), sortKey: 'lastLogin', cell: (user) => lastLogin(ctx, user) },
  ];
}

async function userPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, network } = app.services;
  const access = { access: usersPolicy.manage, page: true };

  /** Every agency and body, members first, for choosing where an account belongs. */
  async function organisationOptions(): Promise<SelectOption[]> {
    const order = { sort: 'acronym', direction: 'asc' } as const;
    const [agencies, bodies] = await Promise.all([
      network.list('agency', order),
      network.list('body', order),
    ]);
    return [...agencies, ...bodies].map((o) => ({
      value: o.id,
      label: `${o.acronym} – ${o.name}`,
    }));
  }

  app.get(
    '/users',
    { schema: { querystring: UsersQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const { sort, direction, page } = request.query;
      const filters: ListFilters = {
        q: request.query.q?.trim() ?? '',
        role: request.query.role ?? '',
        organisationId: request.query.organisationId ?? '',
      };
      const organisations = await organisationOptions();
      const errors: FieldError[] = [];
      if (filters.role !== '' && !isRole(filters.role)) {
        errors.push({ field: 'role', message: t('users.invalidRole') });
      }
      if (
        filters.organisationId !== '' &&
        !organisations.some((o) => o.value === filters.organisationId)
      ) {
        errors.push({ field: 'organisationId', message: t('users.invalidOrganisation') });
      }
      const filterForm = (
        <UserFilters
          ctx={ctx}
          filters={filters}
          sort={sort}
          direction={direction}
          organisations={organisations}
          errors={errors}
        />
      );
      const intro = <p class="ecl-u-type-paragraph">{t('users.intro')}</p>;
      if (errors.length > 0) {
        return sendHtml(
          reply,
          <Layout ctx={ctx} title={t('users.title')}>
            {intro}
            <FormErrors ctx={ctx} errors={errors} />
            {filterForm}
          </Layout>,
          400,
        );
      }
      const result = await users.list(actor, {
        q: filters.q || undefined,
        role: isRole(filters.role) ? filters.role : undefined,
        organisationId: filters.organisationId || undefined,
        sort,
        direction,
        page,
        pageSize: USERS_PAGE_SIZE,
      });
      const applied = { ...filters, sort, direction };
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.title')}>
          {intro}
          <p>
            <LinkButton href="/users/new">{t('users.new')}</LinkButton>
          </p>
          {filterForm}
          <p class="ecl-u-type-paragraph">
            {t('common.resultCount', { count: formatNumber(ctx.locale, result.total) })}
          </p>
          <Table
            ctx={ctx}
            caption={t('users.caption')}
            columns={userColumns(ctx)}
            rows={result.items}
            sort={{
              key: sort,
              direction,
              href: (key, dir) => urlWith('/users', { ...applied, sort: key, direction: dir }),
            }}
          />
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={USERS_PAGE_SIZE}
            total={result.total}
            href={(n) => urlWith('/users', { ...applied, page: n })}
          />
        </Layout>,
      );
    },
  );

  function newUserPage(
    ctx: PageContext,
    organisations: SelectOption[],
    values: UserFormValues,
    errors: FieldError[],
  ): Html {
    const { t } = ctx;
    return (
      <Layout ctx={ctx} title={t('users.new')}>
        <BackLink href="/users">{t('users.backToList')}</BackLink>
        <FormErrors ctx={ctx} errors={errors} />
        <UserForm
          ctx={ctx}
          action="/users"
          values={values}
          errors={errors}
          organisations={organisations}
          submit={t('common.create')}
        />
      </Layout>
    );
  }

  app.get('/users/new', { config: access }, async (request, reply) => {
    const ctx = request.pageContext();
    const empty = { email: '', name: '', organisationId: '', role: 'member' };
    return sendHtml(reply, newUserPage(ctx, await organisationOptions(), empty, []));
  });

  app.post('/users', { schema: { body: NewUserForm }, config: access }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const { password, ...values } = request.body;
    let created: { user: UserView; generatedPassword: string | null };
    try {
      created = await users.create(request.auditContext(), {
        ...values,
        password: password === '' ? undefined : password,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendHtml(
        reply,
        newUserPage(ctx, await organisationOptions(), values, error.fieldErrors),
        400,
      );
    }
    const { user, generatedPassword } = created;
    if (generatedPassword === null) return reply.redirect(userPath(user.id, '?done=created'), 303);
    // Shown in this answer only: the password is stored hashed and cannot be shown again.
    return sendHtml(
      reply,
      <Layout ctx={ctx} title={user.name}>
        <Notification variant="success" title={t('users.created')}>
          <SecretMessage
            message={t('users.generatedPassword', { password: SECRET_SLOT })}
            secret={generatedPassword}
          />
        </Notification>
        <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
      </Layout>,
    );
  });

  app.get(
    '/users/:id',
    { schema: { params: IdParams, querystring: UserQuery }, config: access },
    async (request, reply) => {
      const user = await users.get(requireActor(request.actor), request.params.id);
      return sendHtml(
        reply,
        <UserPage
          ctx={request.pageContext()}
          user={user}
          organisations={await organisationOptions()}
          notice={request.query.done}
        />,
      );
    },
  );

  app.post(
    '/users/:id',
    { schema: { params: IdParams, body: UserChangesForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const { id } = request.params;
      const { version, ...values } = request.body;
      const before = await users.get(actor, id);
      try {
        await users.update(request.auditContext(), id, values, Number(version));
      } catch (error) {
        if (error instanceof ValidationError) {
          // The form keeps the version it was based on, so a later save still detects a conflict.
          const based = { ...before, version: Number(version) };
          return sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={based}
              organisations={await organisationOptions()}
              values={values}
              editErrors={error.fieldErrors}
            />,
            400,
          );
        }
        if (error instanceof StaleVersionError) {
          return sendHtml(
            reply,
            <UserPage
              ctx={ctx}
              user={await users.get(actor, id)}
              organisations={await organisationOptions()}
              values={values}
              conflict
            />,
            409,
          );
        }
        throw error;
      }
      return reply.redirect(userPath(id, '?done=saved'), 303);
    },
  );

  app.get(
    '/users/:id/disable',
    { schema: { params: IdParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const user = await users.get(requireActor(request.actor), request.params.id);
      if (user.disabled) return reply.redirect(userPath(user.id), 303);
      const self = ctx.actor?.userId === user.id;
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.disableTitle', { name: user.name })}>
          <DescriptionList
            items={[
              [t('users.email'), user.email],
              [t('users.organisation'), user.organisationAcronym],
            ]}
          />
          {self ? (
            <Notification variant="error">{t('users.cannotDisableSelf')}</Notification>
          ) : (
            <div>
              <Notification variant="warning">{t('users.disableConfirm')}</Notification>
              <form method="post" action={userPath(user.id, '/disable')}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="version" value={user.version} />
                <Button>{t('users.disable')}</Button>
              </form>
            </div>
          )}
          <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
        </Layout>,
      );
    },
  );

  for (const [suffix, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/users/:id/${suffix}`,
      { schema: { params: IdParams, body: VersionForm }, config: access },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const { id } = request.params;
        try {
          await users.setDisabled(
            actor,
            request.auditContext(),
            id,
            disabled,
            Number(request.body.version),
          );
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          return sendHtml(
            reply,
            <UserPage
              ctx={request.pageContext()}
              user={await users.get(actor, id)}
              organisations={await organisationOptions()}
              conflict
            />,
            409,
          );
        }
        return reply.redirect(userPath(id, `?done=${disabled ? 'disabled' : 'enabled'}`), 303);
      },
    );
  }

  app.post(
    '/users/:id/unlock',
    { schema: { params: IdParams, body: EmptyForm }, config: access },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id } = request.params;
      try {
        await users.unlock(actor, request.auditContext(), id);
      } catch (error) {
        // Someone else allowed sign-in first: the page shows the account as it now is.
        if (!(error instanceof ConflictError)) throw error;
        return reply.redirect(userPath(id), 303);
      }
      return reply.redirect(userPath(id, '?done=unlocked'), 303);
    },
  );

  app.post(
    '/users/:id/password',
    { schema: { params: IdParams, body: PasswordForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const user = await users.get(actor, request.params.id);
      const password = request.body.password ?? '';
      let result: { generatedPassword: string | null };
      try {
        result = await users.resetPassword(
          request.auditContext(),
          user.id,
          password === '' ? undefined : password,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return sendHtml(
          reply,
          <UserPage
            ctx={ctx}
            user={user}
            organisations={await organisationOptions()}
            passwordErrors={error.fieldErrors}
          />,
          400,
        );
      }
      if (result.generatedPassword === null) {
        return reply.redirect(userPath(user.id, '?done=password'), 303);
      }
      // Shown in this answer only: the password is stored hashed and cannot be shown again.
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('users.resetPassword')}>
          <Notification variant="success" title={t('users.passwordSet')}>
            <SecretMessage
              message={t('users.generatedPassword', { password: SECRET_SLOT })}
              secret={result.generatedPassword}
            />
          </Notification>
          <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
        </Layout>,
      );
    },
  );
}

export async function accountPages(app: FastifyInstance): Promise<void> {
  await loginPages(app);
  await accountPage(app);
  await userPages(app);
  await passwordPages(app);
}
