import { choice, text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';
import { MAX_SUBJECT_LENGTH } from '../sso/sso-identities.service.js';

/**
 * An administrator binds a provider's subject to an account. The providers are the configured
 * ones, given when the page renders; the service refuses any other.
 */
export const bindIdentityForm = defineForm({
  fields: {
    provider: choice({ label: 'users.sso.provider', required: true }),
    subject: text({
      label: 'users.sso.subject',
      hint: 'users.sso.subjectHint',
      required: true,
      max: MAX_SUBJECT_LENGTH,
    }),
  },
});

/** A confirmed action with nothing to fill in: the page says what happens, the button does it. */
export const confirmForm = defineForm({ fields: {} });
