import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button } from '../../../app/html/components.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import {
  changePasswordForm,
  forgotPasswordForm,
  resetPasswordForm,
} from '../forms/password.form.js';
import { RESET_LINK_MINUTES } from '../passwords.js';

export function ChangePage({
  ctx,
  state,
  notice,
}: {
  ctx: PageContext;
  state: FormState<typeof changePasswordForm.fields>;
  notice?: Child;
}): Html {
  const { t } = ctx;
  const f = bindForm(changePasswordForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('password.change.title')} notices={notice}>
      <p class="ecl-u-type-paragraph">{t('password.change.intro')}</p>
      <f.Form action="/account/password">
        {/* The account's name, for password managers to file the new password under. */}
        <input type="text" value={ctx.actor?.email ?? ''} autocomplete="username" hidden readonly />
        <f.Text name="currentPassword" type="password" autocomplete="current-password" />
        <f.Text name="newPassword" type="password" autocomplete="new-password" />
        <f.Text name="confirmPassword" type="password" autocomplete="new-password" />
        <Button>{t('password.change.submit')}</Button>
      </f.Form>
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/account">
          {t('account.backToAccount')}
        </a>
      </p>
    </Layout>
  );
}

export function ForgotPage({
  ctx,
  state,
}: {
  ctx: PageContext;
  state: FormState<typeof forgotPasswordForm.fields>;
}): Html {
  const { t } = ctx;
  const f = bindForm(forgotPasswordForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('password.forgot.title')}>
      <p class="ecl-u-type-paragraph">
        {t('password.forgot.intro', { minutes: RESET_LINK_MINUTES })}
      </p>
      <f.Form action="/login/forgot">
        <f.Text name="email" type="email" autocomplete="username" />
        <Button>{t('password.forgot.submit')}</Button>
      </f.Form>
      <p class="ecl-u-mt-l">
        <a class="ecl-link ecl-link--standalone" href="/login">
          {t('login.title')}
        </a>
      </p>
    </Layout>
  );
}

export function ResetPage({
  ctx,
  token,
  expiresAt,
  state,
}: {
  ctx: PageContext;
  token: string;
  expiresAt: string;
  state: FormState<typeof resetPasswordForm.fields>;
}): Html {
  const { t } = ctx;
  const f = bindForm(resetPasswordForm, ctx, state);
  return (
    <Layout ctx={ctx} title={t('password.reset.title')}>
      <p class="ecl-u-type-paragraph">
        {t('password.reset.intro', { until: formatDateTime(ctx.locale, expiresAt) })}
      </p>
      <f.Form action={`/login/reset/${encodeURIComponent(token)}`}>
        <f.Text name="password" type="password" autocomplete="new-password" />
        <f.Text name="confirmPassword" type="password" autocomplete="new-password" />
        <Button>{t('password.reset.submit')}</Button>
      </f.Form>
    </Layout>
  );
}

export function InvalidLinkPage({ ctx }: { ctx: PageContext }): Html {
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
