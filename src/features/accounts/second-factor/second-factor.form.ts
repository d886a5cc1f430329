import { text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';

/** A code of the authenticator app or a recovery code: at sign-in and when setting up an app. */
export const factorCodeForm = defineForm({
  fields: {
    code: text({ label: 'factor.code', hint: 'factor.codeHint', required: true, max: 64 }),
  },
});

/**
 * The answer of a browser's passkey, as JSON: filled in by public/passkeys.js. Without
 * JavaScript it stays empty and the page says a passkey needs it.
 */
const passkeyAnswer = text({ label: 'factor.passkey.answer', max: 20_000 });

/** Adding a passkey: on the account page, and at sign-in in place of an authenticator app. */
export const passkeyForm = defineForm({
  fields: {
    passkeyName: text({
      label: 'factor.passkey.name',
      hint: 'factor.passkey.nameHint',
      required: true,
      max: 100,
    }),
    credential: passkeyAnswer,
  },
});

/** Signing in with a passkey after the password. */
export const passkeySignInForm = defineForm({ fields: { credential: passkeyAnswer } });
