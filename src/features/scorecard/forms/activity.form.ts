import { choice, date, flag, many, rows, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import { activityKinds, activityStatuses, assessments } from '../../../db/schema.js';
import type { ActivityInput } from '../scorecard.model.js';

/** The activity form: proposing an activity and changing it. */
export const activityForm = defineForm({
  fields: {
    title: text({ label: 'scorecard.field.title', required: true, max: 200 }),
    description: text({ label: 'scorecard.field.description' }),
    lines: many({ label: 'scorecard.field.lines', hint: 'scorecard.field.linesHint' }),
    lead: choice({ label: 'scorecard.field.lead', required: true }),
    participants: many({ label: 'scorecard.field.participants' }),
    partners: many({ label: 'scorecard.field.partners' }),
    kind: choice({
      label: 'scorecard.field.kind',
      required: true,
      options: activityKinds.map((kind) => ({ value: kind, label: `scorecard.kind.${kind}` })),
    }),
    tags: text({ label: 'scorecard.field.tags', hint: 'scorecard.field.tagsHint' }),
    plannedStart: date({ label: 'scorecard.field.plannedStart', required: true }),
    plannedEnd: date({ label: 'scorecard.field.plannedEnd', required: true }),
    status: choice({
      label: 'scorecard.field.status',
      options: activityStatuses.map((status) => ({
        value: status,
        label: `scorecard.status.${status}`,
      })),
    }),
    assessment: choice({
      label: 'scorecard.field.assessment',
      options: [
        { value: '', label: 'scorecard.assessment.none' },
        ...assessments.map((a) => ({ value: a, label: `scorecard.assessment.${a}` as const })),
      ],
    }),
    assessmentReason: text({ label: 'scorecard.field.assessmentReason' }),
    releasedToObservers: flag({ label: 'scorecard.field.releasedToObservers', on: 'yes' }),
    offers: many({ label: 'scorecard.field.offers', hint: 'scorecard.field.offersHint' }),
    indicators: rows({
      label: 'scorecard.field.indicators',
      hint: 'scorecard.field.indicatorsHint',
      prefix: 'indicator',
      max: 30,
      columns: {
        name: { label: 'scorecard.indicator.name' },
        unit: { label: 'scorecard.indicator.unit' },
        target: { label: 'scorecard.indicator.target' },
        value: { label: 'scorecard.indicator.value' },
      },
    }),
    deliverables: rows({
      label: 'scorecard.field.deliverables',
      prefix: 'deliverable',
      max: 30,
      columns: {
        title: { label: 'scorecard.deliverable.title' },
        url: { label: 'scorecard.deliverable.url', type: 'url' },
        date: { label: 'scorecard.deliverable.date', type: 'date' },
      },
    }),
  },
});

export type ActivityValues = Values<typeof activityForm.fields>;

const numberText = (n: number | null) => (n === null ? '' : String(n));

/** Empty stays null; anything else is read as a number, and a non-number is NaN for the check. */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? null : Number(trimmed);
}

/** A stored or new activity as the form shows it, with the ids of the offers it is linked to. */
export function activityValuesOf(
  input: ActivityInput,
  offerIds: readonly string[],
): ActivityValues {
  return {
    title: input.title,
    description: input.description,
    lines: [...input.lines],
    lead: input.lead,
    participants: [...input.participants],
    partners: [...input.partners],
    kind: input.kind,
    tags: input.tags.join(', '),
    plannedStart: input.plannedStart,
    plannedEnd: input.plannedEnd,
    status: input.status,
    assessment: input.assessment ?? '',
    assessmentReason: input.assessmentReason,
    releasedToObservers: input.releasedToObservers,
    offers: [...offerIds],
    indicators: input.indicators.map((i) => ({
      name: i.name,
      unit: i.unit,
      target: numberText(i.target),
      value: numberText(i.value),
    })),
    deliverables: input.deliverables.map((d) => ({
      title: d.title,
      url: d.url ?? '',
      date: d.date ?? '',
    })),
  };
}

/** The form's values as the service's input for a year. */
export function activityInputOf(values: ActivityValues, year: number): ActivityInput {
  return {
    year,
    title: values.title,
    description: values.description,
    lines: values.lines,
    lead: values.lead,
    participants: values.participants,
    partners: values.partners,
    kind: values.kind,
    tags: values.tags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    plannedStart: values.plannedStart,
    plannedEnd: values.plannedEnd,
    status: values.status,
    assessment: values.assessment || null,
    assessmentReason: values.assessmentReason,
    releasedToObservers: values.releasedToObservers,
    indicators: values.indicators.map((i) => ({
      name: i.name,
      unit: i.unit,
      target: numberOrNull(i.target),
      value: numberOrNull(i.value),
    })),
    deliverables: values.deliverables.map((d) => ({
      title: d.title,
      url: d.url.trim() || null,
      date: d.date.trim() || null,
    })),
  };
}
