import { text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';

/** A code of the authenticator app or a recovery code: at sign-in and when setting up an app. */
export const factorCodeForm = defineForm({
  fields: {
    code: text({ label: 'factor.code', hint: 'factor.codeHint', required: true, max: 64 }),
  },
});
