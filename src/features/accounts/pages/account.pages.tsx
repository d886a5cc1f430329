import type { FastifyInstance, FastifyReply } from 'fastify';
import { DigestPreference } from '../../notifications/notifications.pages.js';
import type { NotificationPreferences } from '../../notifications/notifications.service.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { bindForm } from '../../../app/forms/bind.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  Notification,
  Table,
  type Column,
  type SelectOption,
} from '../../../app/html/components.js';
import { formatDate, formatDateTime } from '../../../app/i18n/format.js';
import { supportedLocales } from '../../../app/i18n/i18n.js';
import { oneOf } from '../../../app/http.js';
import { IdParams } from '../accounts.schema.js';
import { SessionHandleParams, endAllOwnSessions } from '../account-sessions.routes.js';
import { DEFAULT_TOKEN_DAYS, type TokenView } from '../api-tokens.js';
import { daysOf, languageForm, tokenForm } from '../forms/account.form.js';
import { usersPolicy } from '../users.policy.js';
import type { SessionView } from '../account-sessions.js';
import { EndSessionsForms, SessionTable } from '../views/session.views.js';
import type { FactorsView } from '../second-factor/second-factors.service.js';
import { FactorSection } from '../second-factor/views.js';
import { passkeyForm } from '../second-factor/second-factor.form.js';
import { type UserView } from '../users.service.js';
import {
  roleLabels,
  languageName,
  SECRET_SLOT,
  SecretMessage,
  BackLink,
} from '../views/account.views.js';

export const AccountQuery = Type.Object(
  {
    done: Type.Optional(
      oneOf([
        'saved',
        'revoked',
        'signed-out',
        'factor-added',
        'passkey-added',
        'factor-revoked',
      ] as const),
    ),
    ended: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
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
  sessions: SessionView[];
  notice?: Child;
  /** The language form: the saved setting, or what was sent when saving failed. */
  language?: FormState<typeof languageForm.fields>;
  token?: FormState<typeof tokenForm.fields>;
  /** The daily digest choice: shown when the page reads it. */
  digest?: NotificationPreferences;
  factors?: FactorsView;
}

function LanguageFormView({
  ctx,
  state,
}: {
  ctx: PageContext;
  state: FormState<typeof languageForm.fields>;
}): Html {
  const f = bindForm(languageForm, ctx, state, { choices: { locale: languageOptions(ctx) } });
  return (
    <f.Form action="/account/language">
      <f.Select name="locale" />
      <Button>{ctx.t('common.save')}</Button>
    </f.Form>
  );
}

function TokenFormView({
  ctx,
  state,
}: {
  ctx: PageContext;
  state: FormState<typeof tokenForm.fields>;
}): Html {
  const f = bindForm(tokenForm, ctx, state);
  return (
    <f.Form action="/account/tokens">
      <f.Text name="name" />
      <f.Text name="expiresInDays" type="number" />
      <Button>{ctx.t('account.tokenCreate')}</Button>
    </f.Form>
  );
}

export function AccountPage(props: AccountPageProps): Html {
  const { ctx, user } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.title')} notices={props.notice}>
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

      {props.factors ? (
        <FactorSection
          ctx={ctx}
          view={props.factors}
          passkey={{ values: passkeyForm.initial({}), errors: [] }}
        />
      ) : null}

      <h2 class="ecl-u-type-heading-2">{t('account.language')}</h2>
      <LanguageFormView
        ctx={ctx}
        state={props.language ?? languageForm.opened({ locale: user.locale ?? '' }, user.version)}
      />

      {props.digest ? <DigestPreference ctx={ctx} preferences={props.digest} /> : null}

      <h2 class="ecl-u-type-heading-2">{t('account.tokens')}</h2>
      <p class="ecl-u-type-paragraph">{t('account.tokensIntro')}</p>
      <TokenTable ctx={ctx} tokens={props.tokens} />
      <h3 class="ecl-u-type-heading-3">{t('account.tokenCreate')}</h3>
      <TokenFormView
        ctx={ctx}
        state={
          props.token ?? {
            values: tokenForm.initial({ expiresInDays: String(DEFAULT_TOKEN_DAYS) }),
            errors: [],
          }
        }
      />

      <h2 class="ecl-u-type-heading-2">{t('account.sessionsTitle')}</h2>
      <p class="ecl-u-type-paragraph">{t('account.sessionsIntro')}</p>
      <SessionTable ctx={ctx} sessions={props.sessions} />
      <EndSessionsForms ctx={ctx} others={props.sessions.filter((s) => !s.current).length} />
    </Layout>
  );
}

export async function accountPage(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { users, tokens, accountSessions } = app.services;

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
        ) : done === 'factor-added' ? (
          <Notification variant="success">{ctx.t('factor.enrolled')}</Notification>
        ) : done === 'passkey-added' ? (
          <Notification variant="success">{ctx.t('factor.passkey.added')}</Notification>
        ) : done === 'factor-revoked' ? (
          <Notification variant="success">{ctx.t('factor.revoked')}</Notification>
        ) : done === 'signed-out' ? (
          <Notification variant="success">
            {request.query.ended === undefined
              ? ctx.t('account.sessionEnded')
              : ctx.t('account.sessionsEnded', { count: request.query.ended })}
          </Notification>
        ) : null;
      const [user, own, sessions, digest, factors] = await Promise.all([
        users.get(actor, actor.userId),
        tokens.listOwn(actor),
        accountSessions.listOwn(actor),
        app.services.notifications.preferences(actor),
        app.services.secondFactors.list(actor.userId),
      ]);
      return sendHtml(
        reply,
        <AccountPage
          ctx={ctx}
          user={user}
          tokens={own}
          sessions={sessions}
          notice={notice}
          digest={digest}
          factors={factors}
        />,
      );
    },
  );

  /** The account page again, with one of its forms in the state it was sent in. */
  async function sendAccount(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    forms: Pick<AccountPageProps, 'language' | 'token'>,
    status: number,
  ) {
    const [user, own, sessions, factors] = await Promise.all([
      users.get(actor, actor.userId),
      tokens.listOwn(actor),
      accountSessions.listOwn(actor),
      app.services.secondFactors.list(actor.userId),
    ]);
    return sendHtml(
      reply,
      <AccountPage
        ctx={ctx}
        user={user}
        tokens={own}
        sessions={sessions}
        factors={factors}
        {...forms}
      />,
      status,
    );
  }

  app.post(
    '/account/language',
    { schema: { body: FormBody }, config: { access: usersPolicy.ownAccount, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      return submitForm(reply, {
        form: languageForm,
        body: request.body,
        t: ctx.t,
        write: ({ locale }, version) =>
          users.update(
            request.auditContext(),
            actor.userId,
            { locale: locale === '' ? null : locale },
            version,
          ),
        show: (state, status) => sendAccount(reply, ctx, actor, { language: state }, status),
        current: async () => {
          const stored = await users.get(actor, actor.userId);
          return { values: { locale: stored.locale ?? '' }, version: stored.version };
        },
        done: '/account?done=saved',
      });
    },
  );

  app.post(
    '/account/tokens',
    { schema: { body: FormBody }, config: { access: usersPolicy.createToken, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      return submitForm(reply, {
        form: tokenForm,
        body: request.body,
        t,
        write: (values) =>
          tokens.create(actor, request.auditContext(), {
            name: values.name,
            expiresInDays: daysOf(values.expiresInDays),
          }),
        show: (state, status) => sendAccount(reply, ctx, actor, { token: state }, status),
        // Shown in this answer only: the token is stored hashed and cannot be shown again.
        answer: (created) =>
          sendHtml(
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
          ),
        done: '/account',
      });
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

  app.post(
    '/account/sessions/:id/end',
    {
      schema: { params: SessionHandleParams, body: EmptyForm },
      config: { access: usersPolicy.ownAccount, page: true },
    },
    async (request, reply) => {
      await accountSessions.endOwn(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.redirect('/account?done=signed-out', 303);
    },
  );

  app.post(
    '/account/sessions/end-others',
    { schema: { body: EmptyForm }, config: { access: usersPolicy.ownAccount, page: true } },
    async (request, reply) => {
      const ended = await endAllOwnSessions(app, request, reply, true);
      return reply.redirect(`/account?done=signed-out&ended=${String(ended)}`, 303);
    },
  );

  app.post(
    '/account/sessions/end-all',
    { schema: { body: EmptyForm }, config: { access: usersPolicy.ownAccount, page: true } },
    async (request, reply) => {
      await endAllOwnSessions(app, request, reply, false);
      return reply.redirect('/login', 303);
    },
  );
}
