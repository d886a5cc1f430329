import { choice, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import { priorityAnswerKinds, type PriorityAnswerKind } from '../../../db/schema.js';
import type { AnswerView, ConsultationView } from '../priorities.consultation.js';

/** An agency's answer in a consultation: the section, what kind, the line, the text. */
export const answerForm = defineForm({
  fields: {
    section: choice({ label: 'priorities.answer.section', required: true }),
    kind: choice({
      label: 'priorities.answer.kind',
      required: true,
      options: priorityAnswerKinds.map((kind) => ({
        value: kind,
        label: `priorities.answer.kind.${kind}` as const,
      })),
    }),
    lineKey: choice({
      label: 'priorities.answer.lineOptional',
      hint: 'priorities.answer.lineHint',
    }),
    text: text({ label: 'priorities.answer.text', required: true }),
  },
});
export type AnswerValues = Values<typeof answerForm.fields>;

/** A new answer: on the first section, a comment. */
export function emptyAnswer(consultation: ConsultationView): AnswerValues {
  return answerForm.initial({ section: consultation.sections[0]?.number ?? '', kind: 'comment' });
}

export function answerValues(answer: AnswerView): AnswerValues {
  return {
    section: answer.section,
    kind: answer.kind,
    lineKey: answer.lineKey ?? '',
    text: answer.text,
  };
}

/** The form's values as the service takes them; the service refuses a kind not among its own. */
export function answerInput(values: AnswerValues) {
  return {
    section: values.section,
    kind: values.kind as PriorityAnswerKind,
    lineKey: values.lineKey === '' ? null : values.lineKey,
    text: values.text,
  };
}
