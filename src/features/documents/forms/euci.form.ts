import { choice, date, flag } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';
import { clearanceNames } from '../euci.service.js';

/** The day an organisation signed the agreement: a request a second administrator confirms. */
export const signatureForm = defineForm({
  fields: {
    signedOn: date({ label: 'euci.signedOn', hint: 'euci.sign.hint', required: true }),
  },
});

/** A user's clearance and the day of their EUCI briefing. */
export const clearanceForm = defineForm({
  fields: {
    clearance: choice({
      label: 'euci.clearances.clearance',
      required: true,
      options: clearanceNames.map((name) => ({ value: name, label: `euci.clearance.${name}` })),
    }),
    briefedOn: date({ label: 'euci.clearances.briefedOn', hint: 'euci.clearances.briefedOnHint' }),
  },
});

export type ClearanceValues = Values<typeof clearanceForm.fields>;

/** A box to tick before a change of access that cannot be taken back by the same person. */
function tickForm(label: MessageKey) {
  return defineForm({ fields: { confirm: flag({ label, on: 'yes', required: true }) } });
}

export const withdrawalForm = tickForm('euci.withdraw.check');
export const decisionForms = {
  confirm: tickForm('euci.confirm.check'),
  reject: tickForm('euci.reject.check'),
};
