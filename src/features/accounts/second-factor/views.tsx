import { h, type Child, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Button, CsrfField, Table, type Column } from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { SECRET_SLOT, SecretMessage } from '../views/account.views.js';
import { passkeyForm, passkeySignInForm } from './second-factor.form.js';
import type { FactorView, FactorsView, TotpOffer } from './second-factors.service.js';

export type PasskeyFormState = FormState<typeof passkeyForm.fields>;
export type PasskeySignInState = FormState<typeof passkeySignInForm.fields>;

/** Where the options of a passkey are asked for: adding one on the account page. */
export const ACCOUNT_PASSKEY_OPTIONS = '/api/me/factors/passkeys/options';

/**
 * A passkey form and what public/passkeys.js needs around it: whether to create a passkey or
 * use one, where to ask for the options, and what to say. Until the script runs, the status
 * says that a passkey needs JavaScript; the script replaces it.
 */
function PasskeyBox({
  ctx,
  mode,
  options,
  children,
}: {
  ctx: PageContext;
  mode: 'create' | 'get';
  options: string;
  children?: Child;
}): Html {
  const { t } = ctx;
  return (
    <div
      class="jh-passkey"
      data-passkey={mode}
      data-options={options}
      data-waiting={t('factor.passkey.waiting')}
      data-cancelled={t('factor.passkey.cancelled')}
      data-unsupported={t('factor.passkey.unsupported')}
    >
      {children}
      <p class="ecl-u-type-paragraph jh-passkey__status" role="status" data-passkey-status="">
        {t('factor.passkey.needsScript')}
      </p>
      <script type="module" src="/assets/passkeys.js"></script>
    </div>
  );
}

/** Adding a passkey: its name, then the browser's own dialogue. */
export function PasskeyAddForm({
  ctx,
  action,
  options,
  state,
}: {
  ctx: PageContext;
  action: string;
  options: string;
  state: PasskeyFormState;
}): Html {
  const f = bindForm(passkeyForm, ctx, state);
  return (
    <PasskeyBox ctx={ctx} mode="create" options={options}>
      <f.Form action={action}>
        <f.Text name="passkeyName" autocomplete="off" />
        <input type="hidden" name="credential" value="" />
        <Button variant="secondary">{ctx.t('factor.addPasskey')}</Button>
      </f.Form>
    </PasskeyBox>
  );
}

/** Signing in with one of the user's passkeys. */
export function PasskeySignInForm({
  ctx,
  action,
  state,
}: {
  ctx: PageContext;
  action: string;
  state: PasskeySignInState;
}): Html {
  const f = bindForm(passkeySignInForm, ctx, state);
  return (
    <PasskeyBox ctx={ctx} mode="get" options="/api/session/factor/passkey/options">
      <f.Form action={action}>
        <input type="hidden" name="credential" value="" />
        <Button>{ctx.t('factor.verify.passkeySubmit')}</Button>
      </f.Form>
    </PasskeyBox>
  );
}

/** A factor as its owner knows it: a passkey by the name given, an app by its kind. */
function factorName(ctx: PageContext, factor: FactorView): string {
  return factor.kind === 'passkey' ? factor.label : ctx.t('factor.kind.totp');
}

/** The secret of an authenticator app to set up, as text to type and as an otpauth:// address. */
export function TotpOfferView({ ctx, offer }: { ctx: PageContext; offer: TotpOffer }): Html {
  const { t } = ctx;
  return (
    <div class="jh-totp-offer">
      <SecretMessage
        message={t('factor.enrol.secret', { secret: SECRET_SLOT })}
        secret={offer.secret}
      />
      <SecretMessage message={t('factor.enrol.uri', { uri: SECRET_SLOT })} secret={offer.uri} />
    </div>
  );
}

export function RecoveryCodeList({ codes }: { codes: string[] }): Html {
  return (
    <ul class="ecl-unordered-list jh-recovery-codes" data-recovery-codes="">
      {codes.map((code) => (
        <li class="ecl-unordered-list__item">
          <code class="jh-secret">{code}</code>
        </li>
      ))}
    </ul>
  );
}

/** The account page's section: the factors, removing one, adding one, the recovery codes. */
export function FactorSection({
  ctx,
  view,
  passkey,
}: {
  ctx: PageContext;
  view: FactorsView;
  passkey: PasskeyFormState;
}): Html {
  const { t } = ctx;
  const columns: Column<FactorView>[] = [
    { header: t('factor.name'), cell: (f) => factorName(ctx, f) },
    {
      header: t('factor.kind'),
      cell: (f) => t(f.kind === 'totp' ? 'factor.kind.totp' : 'factor.kind.passkey'),
    },
    {
      header: t('factor.createdAt'),
      cell: (f) => <time datetime={f.createdAt}>{formatDateTime(ctx.locale, f.createdAt)}</time>,
    },
    {
      header: t('factor.lastUsed'),
      cell: (f) =>
        f.lastUsedAt ? (
          <time datetime={f.lastUsedAt}>{formatDateTime(ctx.locale, f.lastUsedAt)}</time>
        ) : (
          t('users.never')
        ),
    },
    {
      header: t('common.actions'),
      cell: (f) => (
        <form
          method="post"
          action={`/account/factors/${encodeURIComponent(f.id)}/revoke`}
          class="jh-inline-form"
        >
          <CsrfField ctx={ctx} />
          <button
            type="submit"
            class="ecl-button ecl-button--secondary"
            aria-label={t('factor.revokeNamed', { name: factorName(ctx, f) })}
          >
            {t('factor.revoke')}
          </button>
        </form>
      ),
    },
  ];
  return (
    <section id="second-factors">
      <h2 class="ecl-u-type-heading-2">{t('factor.section')}</h2>
      <p class="ecl-u-type-paragraph">{t('factor.sectionIntro')}</p>
      {view.required ? <p class="ecl-u-type-paragraph">{t('factor.requiredNote')}</p> : null}
      {view.factors.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('factor.none')}</p>
      ) : (
        <Table ctx={ctx} caption={t('factor.section')} columns={columns} rows={view.factors} />
      )}
      <h3 class="ecl-u-type-heading-3">{t('factor.kind.totp')}</h3>
      <form method="post" action="/account/factors/totp" class="ecl-u-mb-l">
        <CsrfField ctx={ctx} />
        <Button variant="secondary">{t('factor.addTotp')}</Button>
      </form>
      <h3 class="ecl-u-type-heading-3">{t('factor.kind.passkey')}</h3>
      <p class="ecl-u-type-paragraph">{t('factor.passkey.intro')}</p>
      <PasskeyAddForm
        ctx={ctx}
        action="/account/factors/passkey"
        options={ACCOUNT_PASSKEY_OPTIONS}
        state={passkey}
      />
      {view.factors.length > 0 ? (
        <div>
          <h3 class="ecl-u-type-heading-3">{t('factor.recovery.title')}</h3>
          <p class="ecl-u-type-paragraph">
            {t('factor.recoveryLeft', { count: view.recoveryCodesLeft })}
          </p>
          <form method="post" action="/account/recovery-codes">
            <CsrfField ctx={ctx} />
            <Button variant="secondary">{t('factor.recoveryRegenerate')}</Button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
