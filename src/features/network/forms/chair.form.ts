import { choice, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { ChairYearView } from '../network.service.js';

/** The chair of a year: recording a new year, or changing a recorded one. */
export const chairForm = defineForm({
  fields: {
    year: text({ label: 'chairs.year', required: true, max: 4 }),
    organisationId: choice({ label: 'chairs.chair', required: true }),
    note: text({ label: 'chairs.noteOptional', max: 2000 }),
  },
});

export type ChairValues = Values<typeof chairForm.fields>;

/** A recorded year as its form shows it. */
export function chairValuesOf(chair: ChairYearView): ChairValues {
  return { year: String(chair.year), organisationId: chair.organisationId, note: chair.note };
}

/** The year a form names, or NaN for the service to refuse by field. */
export function chairYearOf(values: ChairValues): number {
  const year = values.year.trim();
  return /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
}
