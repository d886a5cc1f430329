import { choice, date, rows, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { FrameworkView, SectionView } from '../priorities.service.js';

/** Starting a draft: the year, and the version it is copied from. */
export const newDraftForm = defineForm({
  fields: {
    year: text({
      label: 'priorities.draft.year',
      hint: 'priorities.draft.yearHint',
      required: true,
    }),
    from: choice({ label: 'priorities.draft.from', required: true }),
  },
});

/**
 * The title, introduction and principles of a version. Principles are rows whose cells are
 * `principleKey0`, `principleTitle0`, `principleText0`: the key is kept hidden, so a reworded
 * principle stays the same principle.
 */
export const frameworkForm = defineForm({
  fields: {
    title: text({ label: 'priorities.edit.documentTitle', required: true, max: 300 }),
    introduction: text({
      label: 'priorities.edit.introduction',
      hint: 'priorities.edit.introductionHint',
    }),
    principles: rows({
      label: 'priorities.principles',
      prefix: 'principle',
      max: 50,
      columns: {
        key: { label: 'priorities.edit.principleKey' },
        title: { label: 'priorities.edit.principleTitle' },
        text: { label: 'priorities.edit.principleText' },
      },
    }),
  },
});
export type FrameworkFormValues = Values<typeof frameworkForm.fields>;

export function frameworkFormValues(framework: FrameworkView): FrameworkFormValues {
  return {
    title: framework.title,
    introduction: framework.introduction.join('\n\n'),
    principles: framework.principles.map(({ key, title, text: body }) => ({
      key,
      title,
      text: body,
    })),
  };
}

/** A section's title and objective. */
export const sectionForm = defineForm({
  fields: {
    title: text({ label: 'priorities.edit.sectionName', required: true, max: 200 }),
    objective: text({ label: 'priorities.objective', required: true }),
  },
});

export function sectionFormValues(section: SectionView): Values<typeof sectionForm.fields> {
  return { title: section.title, objective: section.objective };
}

/** A new line of action, added at the end of its section. */
export const newLineForm = defineForm({
  fields: {
    text: text({ label: 'priorities.edit.lineText', hint: 'priorities.edit.addLineHint' }),
  },
});

/** A line of action: its text, and the section it belongs to. */
export const lineForm = defineForm({
  fields: {
    text: text({ label: 'priorities.edit.lineText', required: true }),
    section: choice({
      label: 'priorities.edit.lineSection',
      hint: 'priorities.edit.lineSectionHint',
    }),
  },
});

/** Opening the consultation of the member agencies, or changing its deadline. */
export const consultationOpenForm = defineForm({
  fields: {
    deadline: date({
      label: 'priorities.consult.deadline',
      hint: 'priorities.consult.deadlineHint',
      required: true,
    }),
  },
});

/** Recording the agreement of a version: the day, and the meeting. */
export const agreementForm = defineForm({
  fields: {
    agreedOn: date({ label: 'priorities.agree.on', required: true }),
    agreedAt: text({
      label: 'priorities.agree.at',
      hint: 'priorities.agree.atHint',
      required: true,
      max: 300,
    }),
  },
});

/** A confirmation that only carries the version it was shown on: removing, deleting. */
export const confirmForm = defineForm({ fields: {} });

/** Moving a line up or down: a button that carries the line's new place. */
export const moveForm = defineForm({
  fields: { position: text({ label: 'priorities.edit.linePosition' }) },
});
