import { choice, date, flag, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { ClassificationName, Tlp } from '../../../db/schema.js';
import type { DocumentDetail, MarkingInput } from '../documents.model.js';

/** A change of a stored document's markings now, with the reason the history keeps. */
export const markingForm = defineForm({
  fields: {
    classification: choice({ label: 'documents.form.classification' }),
    limite: flag({ label: 'documents.form.limite' }),
    sensitive: flag({ label: 'documents.form.sensitive' }),
    tlp: choice({ label: 'documents.form.tlp' }),
    releasability: choice({ label: 'documents.form.releasability' }),
    releasedTo: many({ label: 'documents.form.releasedTo' }),
    recipients: text({ label: 'documents.form.recipients' }),
    reason: text({
      label: 'documents.marking.reason',
      hint: 'documents.marking.reasonHint',
      required: true,
    }),
  },
  fromService: {
    'marking.classification': 'classification',
    'marking.tlp': 'tlp',
    'marking.releasability': 'releasability',
    'marking.releasedTo': 'releasedTo',
    'marking.recipients': 'recipients',
  },
});

export type MarkingValues = Values<typeof markingForm.fields>;

/** A stored document's markings as the form shows them; the recipients by e-mail address. */
export function markingFormValuesOf(document: DocumentDetail, recipients: string): MarkingValues {
  const m = document.marking;
  return {
    classification: m.classification,
    limite: m.limite,
    sensitive: m.sensitive,
    tlp: m.tlp ?? '',
    releasability: m.releasability,
    releasedTo: m.releasedTo.map((o) => o.id),
    recipients,
    reason: '',
  };
}

/** The form's markings as the service takes them, the recipients already found by address. */
export function markingChangeOf(
  values: MarkingValues,
  recipients: readonly string[],
): MarkingInput {
  return {
    classification: values.classification as ClassificationName,
    limite: values.limite,
    sensitive: values.sensitive,
    tlp: values.tlp === '' ? null : (values.tlp as Tlp),
    releasability: values.releasability as MarkingInput['releasability'],
    releasedTo: values.releasedTo,
    recipients,
  };
}

/** A downgrade or declassification that applies itself on a later day. */
export const scheduleForm = defineForm({
  fields: {
    on: date({ label: 'documents.schedule.on', required: true }),
    classification: choice({ label: 'documents.schedule.level' }),
    reason: text({ label: 'documents.schedule.reason', required: true }),
  },
});

export type ScheduleValues = Values<typeof scheduleForm.fields>;

/** The change scheduled now, or a fresh one to no classification. */
export function scheduleValuesOf(document: DocumentDetail): ScheduleValues {
  const scheduled = document.scheduledChange;
  return scheduled
    ? { on: scheduled.on, classification: scheduled.classification, reason: scheduled.reason }
    : { on: '', classification: 'none', reason: '' };
}
