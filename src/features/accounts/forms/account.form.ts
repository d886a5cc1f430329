import { choice, text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';
import { MAX_TOKEN_DAYS } from '../api-tokens.js';

/** The language one's pages are in; the choices are the catalogues the platform has. */
export const languageForm = defineForm({
  fields: { locale: choice({ label: 'account.language' }) },
});

/** A personal API token: its name and how long it lasts. */
export const tokenForm = defineForm({
  fields: {
    name: text({ label: 'account.tokenName', required: true, max: 100 }),
    expiresInDays: text({
      label: 'account.tokenExpires',
      hint: 'account.tokenExpiresHint',
      hintParams: { max: MAX_TOKEN_DAYS },
      required: true,
    }),
  },
});

/** Days as typed: empty takes the default; anything but a whole number is refused by the service. */
export function daysOf(text: string): number | undefined {
  const days = text.trim();
  if (days === '') return undefined;
  return /^\d+$/.test(days) ? Number(days) : Number.NaN;
}
