import { text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';
import type { FieldError } from '../../../app/errors.js';
import type { Translate } from '../../../app/i18n/i18n.js';
import { newPasswordErrors } from '../passwords.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../secrets.js';

const newPassword = text({
  label: 'password.change.new',
  hint: 'password.change.newHint',
  hintParams: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH },
  required: true,
  max: MAX_PASSWORD_LENGTH,
});
const confirmPassword = text({
  label: 'password.change.confirm',
  required: true,
  max: MAX_PASSWORD_LENGTH,
});

/** Signing in with an e-mail address and a password. */
export const loginForm = defineForm({
  fields: {
    email: text({ label: 'login.email', required: true, max: 254 }),
    password: text({ label: 'login.password', required: true, max: MAX_PASSWORD_LENGTH }),
  },
});

/** Changing one's own password, with the current one. */
export const changePasswordForm = defineForm({
  fields: {
    currentPassword: text({
      label: 'password.change.current',
      required: true,
      max: MAX_PASSWORD_LENGTH,
    }),
    newPassword,
    confirmPassword,
  },
});

/** Asking for a link to reset a forgotten password. */
export const forgotPasswordForm = defineForm({
  fields: { email: text({ label: 'login.email', required: true, max: 254 }) },
});

/** Setting a new password from a reset link. */
export const resetPasswordForm = defineForm({
  fields: { password: { ...newPassword }, confirmPassword },
});

/** Every error of a new password and its confirmation at once, before anything is tried. */
export function confirmationErrors(
  t: Translate,
  field: 'newPassword' | 'password',
  password: string,
  confirmation: string,
  current?: string,
): FieldError[] {
  return [
    ...newPasswordErrors(field, password, current),
    ...(password !== confirmation
      ? [{ field: 'confirmPassword', message: t('password.confirmMismatch') }]
      : []),
  ];
}
