import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Button, CsrfField, Table, type Column } from '../../../app/html/components.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import { SECRET_SLOT, SecretMessage } from '../views/account.views.js';
import type { FactorView, FactorsView, TotpOffer } from './second-factors.service.js';

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
export function FactorSection({ ctx, view }: { ctx: PageContext; view: FactorsView }): Html {
  const { t } = ctx;
  const columns: Column<FactorView>[] = [
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
            aria-label={t('factor.revokeNamed', {
              name: t(f.kind === 'totp' ? 'factor.kind.totp' : 'factor.kind.passkey'),
            })}
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
      <form method="post" action="/account/factors/totp" class="ecl-u-mb-m">
        <CsrfField ctx={ctx} />
        <Button variant="secondary">{t('factor.addTotp')}</Button>
      </form>
      {view.factors.length > 0 ? (
        <div>
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
