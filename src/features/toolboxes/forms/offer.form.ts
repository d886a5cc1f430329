import { choice, flag, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import { toolboxOfferKinds } from '../../../db/schema.js';
import {
  MAX_CONTACT_POINT,
  MAX_LEGAL_BASIS,
  MAX_LONG_TEXT,
  MAX_OFFER_TITLE,
  type OfferInput,
  type OfferView,
} from '../toolboxes.model.js';

/** An offer of an agency: adding one to a toolbox, and changing it. */
export const offerForm = defineForm({
  fields: {
    agency: choice({ label: 'toolboxes.offer.agency', required: true }),
    kind: choice({
      label: 'toolboxes.offer.kind',
      required: true,
      options: toolboxOfferKinds.map((kind) => ({
        value: kind,
        label: `toolboxes.kind.${kind}` as const,
      })),
    }),
    title: text({ label: 'toolboxes.offer.title', required: true, max: MAX_OFFER_TITLE }),
    description: text({ label: 'toolboxes.offer.description', max: MAX_LONG_TEXT }),
    themes: many({ label: 'toolboxes.offer.themes', required: true }),
    accessConditions: text({ label: 'toolboxes.offer.accessConditions', max: MAX_LONG_TEXT }),
    contactPoint: text({
      label: 'toolboxes.offer.contactPoint',
      required: true,
      max: MAX_CONTACT_POINT,
    }),
    legalBasis: text({ label: 'toolboxes.offer.legalBasis', max: MAX_LEGAL_BASIS }),
    releasedToObservers: flag({
      label: 'toolboxes.offer.released',
      hint: 'toolboxes.offer.releasedHint',
    }),
  },
});

export type OfferValues = Values<typeof offerForm.fields>;

/** A stored offer as its edit form shows it. */
export function offerValuesOf(offer: OfferView): OfferValues {
  return {
    agency: offer.agency.id,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    themes: offer.themes.map((t) => t.id),
    accessConditions: offer.accessConditions,
    contactPoint: offer.contactPoint,
    legalBasis: offer.legalBasis,
    releasedToObservers: offer.releasedToObservers,
  };
}

export function offerInputOf(values: OfferValues): OfferInput {
  return { ...values };
}

/** Withdrawing an offer asks nothing but the confirmation, at the version it was shown at. */
export const withdrawOfferForm = defineForm({ fields: {} });
