import type { FastifyInstance } from 'fastify';
import { DigestPreference } from '../../notifications/notifications.pages.js';
import type { NotificationPreferences } from '../../notifications/notifications.service.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { StaleVersionError, ValidationError, type FieldError } from '../../../app/errors.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  SelectField,
  Table,
  TextField,
  type Column,
  type SelectOption,
} from '../../../app/html/components.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import { supportedLocales } from '../../../app/i18n/i18n.js';
import { oneOf } from '../../../app/http.js';
import { IdParams } from '../accounts.schema.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type TokenView } from '../api-tokens.js';
import { usersPolicy } from '../users.policy.js';
import { type UserView } from '../users.service.js';
import {
  roleLabels,
  languageName,
  SECRET_SLOT,
  SecretMessage,
  BackLink,
} from '../views/account.views.js';

export const AccountQuery = Type.Object(
  { done: Type.Optional(oneOf(['saved', 'revoked'] as const)) },
  { additionalProperties: false },
);

export const LanguageForm = Type.Object(
  {
    locale: Type.String({ maxLength: 16 }),
    version: Type.String({ pattern: '^[0-9]{1,9}$' }),
  },
  { additionalProperties: false },
);

export const TokenForm = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    expiresInDays: Type.String({ maxLength: 12 }),
  },
  { additionalProperties: false },
);

export const EmptyForm = Type.Object({}, { additionalProperties: false });

export function languageOptions(ctx: PageContext): SelectOption[] {
  return [
    { value: '', label: ctx.t('account.languageAuto') },
    ...supportedLocales.map((code) => ({ value: code, label: languageName(code) })),
  ];
}

export function languageLabel(ctx: PageContext, locale: string | null): string {
  return locale ? languageName(locale) : ctx.t('account.languageAuto');
}

export function isActive(token: TokenView, now: string): boolean {
  return !token.revoked && token.expiresAt > now;
}

export function TokenTable({ ctx, tokens }: { ctx: PageContext; tokens: TokenView[] }): Html {
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

export interface AccountPageProps {
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
  /** The daily digest choice: shown when the page reads it. */
  digest?: NotificationPreferences;
}

export function AccountPage(props: AccountPageProps): Html {
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
      <form method="post" action="/logout">
        <CsrfField ctx={ctx} />
        <Button variant="secondary">{t('nav.signOut')}</Button>
      </form>

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

      {props.digest ? <DigestPreference ctx={ctx} preferences={props.digest} /> : null}

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

export async function accountPage(fastify: FastifyInstance): Promise<void> {
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
      const [user, own, digest] = await Promise.all([
        users.get(actor, actor.userId),
        tokens.listOwn(actor),
        app.services.notifications.preferences(actor),
      ]);
      return sendHtml(
        reply,
        <AccountPage ctx={ctx} user={user} tokens={own} notice={notice} digest={digest} />,
      );
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
