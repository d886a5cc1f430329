import { choice, date, flag, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import { trainingAudiences, trainingKinds, type TrainingInput } from '../training.model.js';

/** The training form: entering a training and changing it. */
export const trainingForm = defineForm({
  fields: {
    title: text({ label: 'training.field.title', required: true, max: 300 }),
    kind: choice({
      label: 'training.field.kind',
      required: true,
      options: trainingKinds.map((kind) => ({
        value: kind,
        label: `training.kind.${kind}` as const,
      })),
    }),
    topics: many({ label: 'training.field.topics', required: true }),
    organiser: choice({ label: 'training.field.organiser', required: true }),
    coOrganisers: many({ label: 'training.field.coOrganisers' }),
    audience: choice({
      label: 'training.field.audience',
      required: true,
      options: trainingAudiences.map((audience) => ({
        value: audience,
        label: `training.audience.${audience}` as const,
      })),
    }),
    startOn: date({ label: 'training.field.startOn', required: true }),
    endOn: date({ label: 'training.field.endOn', required: true }),
    place: text({
      label: 'training.field.place',
      hint: 'training.field.placeHint',
      required: true,
      max: 200,
    }),
    languages: many({ label: 'training.field.languages', required: true }),
    capacity: text({ label: 'training.field.capacity' }),
    participants: text({
      label: 'training.field.participants',
      hint: 'training.field.participantsHint',
    }),
    offerUrl: text({ label: 'training.field.offerUrl', hint: 'training.field.offerUrlHint' }),
    releasedToObservers: flag({ label: 'training.field.releasedToObservers', on: 'yes' }),
    confirm: flag({ label: 'training.field.confirm', on: 'yes' }),
  },
});

export type TrainingValues = Values<typeof trainingForm.fields>;

const numberText = (n: number | null) => (n === null ? '' : String(n));

/** Empty stays null; anything else is read as a number, and a non-number is NaN for the check. */
function countOf(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

export function trainingValuesOf(input: TrainingInput): TrainingValues {
  return {
    title: input.title,
    kind: input.kind,
    topics: [...input.topics],
    organiser: input.organiser,
    coOrganisers: [...input.coOrganisers],
    audience: input.audience,
    startOn: input.startOn,
    endOn: input.endOn,
    place: input.place,
    languages: [...input.languages],
    capacity: numberText(input.capacity),
    participants: numberText(input.participants),
    offerUrl: input.offerUrl ?? '',
    releasedToObservers: input.releasedToObservers,
    confirm: false,
  };
}

export function trainingInputOf(values: TrainingValues): TrainingInput {
  return {
    title: values.title,
    kind: values.kind,
    topics: values.topics,
    organiser: values.organiser,
    coOrganisers: values.coOrganisers,
    audience: values.audience,
    startOn: values.startOn,
    endOn: values.endOn,
    place: values.place,
    languages: values.languages,
    capacity: countOf(values.capacity),
    participants: countOf(values.participants),
    offerUrl: values.offerUrl.trim() === '' ? null : values.offerUrl,
    releasedToObservers: values.releasedToObservers,
  };
}
