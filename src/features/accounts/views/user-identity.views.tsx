import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  DescriptionList,
  LinkButton,
  Notification,
  Table,
  type Column,
} from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import type { FactorView, FactorsView } from '../second-factor/second-factors.service.js';
import type { SsoIdentityView } from '../sso/sso-identities.service.js';
import type { UserView } from '../users.service.js';
import { bindIdentityForm, confirmForm } from '../forms/identity.form.js';
import { BackLink, userPath } from './account.views.js';

/** A configured identity provider as the administrator chooses it. */
export interface ProviderChoice {
  id: string;
  label: string;
}

/** How an account signs in besides its password: its second factors and bound identities. */
export interface UserIdentity {
  factors: FactorsView;
  identities: SsoIdentityView[];
  /** The configured providers; none means single sign-on is not set up. */
  providers: ProviderChoice[];
}

export function factorsResetPath(userId: string): string {
  return userPath(userId, '/factors/reset');
}

export function identitiesPath(userId: string): string {
  return userPath(userId, '/sso-identities');
}

export function unbindPath(userId: string, identityId: string): string {
  return userPath(userId, `/sso-identities/${encodeURIComponent(identityId)}/unbind`);
}

function When({ ctx, at }: { ctx: PageContext; at: string }): Html {
  return <time datetime={at}>{formatDateTime(ctx.locale, at)}</time>;
}

function kindOf(ctx: PageContext, factor: FactorView): string {
  return ctx.t(factor.kind === 'totp' ? 'factor.kind.totp' : 'factor.kind.passkey');
}

/** A factor by its kind, and by its name when the user gave it one of their own. */
function factorName(ctx: PageContext, factor: FactorView): string {
  const kind = kindOf(ctx, factor);
  return factor.label === kind ? kind : `${kind} (${factor.label})`;
}

/** The account's second factors as an administrator sees them: what and when, never a secret. */
export function UserFactorsSection({
  ctx,
  user,
  factors,
}: {
  ctx: PageContext;
  user: UserView;
  factors: FactorsView;
}): Html {
  const { t } = ctx;
  const columns: Column<FactorView>[] = [
    { header: t('factor.kind'), cell: (f) => kindOf(ctx, f) },
    { header: t('users.factors.name'), cell: (f) => f.label },
    { header: t('factor.createdAt'), cell: (f) => <When ctx={ctx} at={f.createdAt} /> },
    {
      header: t('factor.lastUsed'),
      cell: (f) => (f.lastUsedAt ? <When ctx={ctx} at={f.lastUsedAt} /> : t('users.never')),
    },
  ];
  return (
    <section id="second-factors" aria-labelledby="second-factors-title">
      <h2 class="ecl-u-type-heading-2" id="second-factors-title">
        {t('factor.section')}
      </h2>
      <p class="ecl-u-type-paragraph">{t('users.factors.intro')}</p>
      {factors.factors.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('users.factors.none')}</p>
      ) : (
        <Table ctx={ctx} caption={t('factor.section')} columns={columns} rows={factors.factors} />
      )}
      {factors.required ? <p class="ecl-u-type-paragraph">{t('users.factors.required')}</p> : null}
      {factors.factors.length > 0 ? (
        <div>
          <p class="ecl-u-type-paragraph">
            {t('users.factors.recoveryLeft', { count: factors.recoveryCodesLeft })}
          </p>
          <p>
            <LinkButton href={factorsResetPath(user.id)}>{t('users.factors.reset')}</LinkButton>
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** Who bound an identity: an administrator, or the first sign-in that opened the account. */
function boundBy(ctx: PageContext, identity: SsoIdentityView): string {
  if (identity.createdBy === null) return ctx.t('users.sso.boundAtSignIn');
  return identity.createdByName ?? identity.createdBy;
}

/** A provider by its label; one no longer configured by the id the identity was bound under. */
function providerLabel(providers: readonly ProviderChoice[], id: string): string {
  return providers.find((p) => p.id === id)?.label ?? id;
}

/** The identities that open the account through a provider, and the form to bind one more. */
export function UserIdentitiesSection({
  ctx,
  user,
  identity,
  bind,
}: {
  ctx: PageContext;
  user: UserView;
  identity: UserIdentity;
  bind: FormState<typeof bindIdentityForm.fields>;
}): Html {
  const { t } = ctx;
  const { identities, providers } = identity;
  const columns: Column<SsoIdentityView>[] = [
    { header: t('users.sso.provider'), cell: (i) => providerLabel(providers, i.provider) },
    { header: t('users.sso.subject'), cell: (i) => <code class="jh-secret">{i.subject}</code> },
    { header: t('users.sso.boundAt'), cell: (i) => <When ctx={ctx} at={i.createdAt} /> },
    { header: t('users.sso.boundBy'), cell: (i) => boundBy(ctx, i) },
    {
      header: t('common.actions'),
      cell: (i) => (
        <a
          class="ecl-link"
          href={unbindPath(user.id, i.id)}
          aria-label={t('users.sso.unbindNamed', {
            subject: i.subject,
            provider: providerLabel(providers, i.provider),
          })}
        >
          {t('users.sso.unbind')}
        </a>
      ),
    },
  ];
  const f = bindForm(bindIdentityForm, ctx, bind, {
    choices: { provider: providers.map((p) => ({ value: p.id, label: p.label })) },
  });
  return (
    <section id="sso-identities" aria-labelledby="sso-identities-title">
      <h2 class="ecl-u-type-heading-2" id="sso-identities-title">
        {t('users.sso.title')}
      </h2>
      {identities.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('users.sso.none')}</p>
      ) : (
        <Table ctx={ctx} caption={t('users.sso.title')} columns={columns} rows={identities} />
      )}
      {providers.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('users.sso.notConfigured')}</p>
      ) : (
        <div>
          <h3 class="ecl-u-type-heading-3">{t('users.sso.bindTitle')}</h3>
          <p class="ecl-u-type-paragraph">{t('users.sso.intro')}</p>
          <f.Form action={identitiesPath(user.id)}>
            <f.Select name="provider" />
            <f.Text name="subject" autocomplete="off" />
            <Button variant="secondary">{t('users.sso.bind')}</Button>
          </f.Form>
        </div>
      )}
    </section>
  );
}

/**
 * What a confirmation is about: whose account, then what the action touches, in one list set
 * apart from the warning below it.
 */
function Affected({
  ctx,
  user,
  items,
}: {
  ctx: PageContext;
  user: UserView;
  items: [string, Html | string][];
}): Html {
  const { t } = ctx;
  return (
    <div class="ecl-u-mb-l">
      <DescriptionList
        items={[
          [t('users.name'), user.name],
          [t('users.email'), user.email],
          [t('users.organisation'), user.organisationAcronym],
          ...items,
        ]}
      />
    </div>
  );
}

/** Says what a reset does before it is done; an administrator's own factors are reset elsewhere. */
export function ResetFactorsPage({
  ctx,
  user,
  factors,
  state,
}: {
  ctx: PageContext;
  user: UserView;
  factors: FactorsView;
  state: FormState<typeof confirmForm.fields>;
}): Html {
  const { t } = ctx;
  const self = ctx.actor?.userId === user.id;
  const f = bindForm(confirmForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('users.factors.resetTitle', { name: user.name })}>
      <Affected
        ctx={ctx}
        user={user}
        items={[
          [
            t('factor.section'),
            factors.factors.map((factor) => factorName(ctx, factor)).join(', '),
          ],
          [t('users.factors.recoveryCodes'), String(factors.recoveryCodesLeft)],
        ]}
      />
      {self ? (
        <Notification variant="info">
          <p>{t('users.factors.resetSelf')}</p>
          <p>
            <a class="ecl-link ecl-link--standalone" href="/account#second-factors">
              {t('nav.account')}
            </a>
          </p>
        </Notification>
      ) : (
        <div>
          <Notification variant="warning">
            <p>{t('users.factors.resetWhat')}</p>
            <p>{t('users.factors.resetNext')}</p>
          </Notification>
          <f.Form action={factorsResetPath(user.id)}>
            <Button>{t('users.factors.reset')}</Button>
          </f.Form>
        </div>
      )}
      <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
    </Layout>
  );
}

/** Says what unbinding does before it is done. */
export function UnbindIdentityPage({
  ctx,
  user,
  identity,
  providers,
  state,
}: {
  ctx: PageContext;
  user: UserView;
  identity: SsoIdentityView;
  providers: readonly ProviderChoice[];
  state: FormState<typeof confirmForm.fields>;
}): Html {
  const { t } = ctx;
  const provider = providerLabel(providers, identity.provider);
  const f = bindForm(confirmForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('users.sso.unbindTitle', { name: user.name })}>
      <Affected
        ctx={ctx}
        user={user}
        items={[
          [t('users.sso.provider'), provider],
          [t('users.sso.subject'), <code class="jh-secret">{identity.subject}</code>],
          [t('users.sso.boundAt'), <When ctx={ctx} at={identity.createdAt} />],
          [t('users.sso.boundBy'), boundBy(ctx, identity)],
        ]}
      />
      <Notification variant="warning">{t('users.sso.unbindWhat', { provider })}</Notification>
      <f.Form action={unbindPath(user.id, identity.id)}>
        <Button>{t('users.sso.unbind')}</Button>
      </f.Form>
      <BackLink href={userPath(user.id)}>{t('users.backToUser', { name: user.name })}</BackLink>
    </Layout>
  );
}
