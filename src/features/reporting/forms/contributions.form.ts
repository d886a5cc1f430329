import { choice, date, many, text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';
import { reportSignoffRules } from '../../../db/schema.js';
import { MAX_CONTRIBUTION_NOTE, MAX_CONTRIBUTION_TEXT } from '../reports.contributions.service.js';
import { MAX_SIGNOFF_COMMENT } from '../reports.signoff.service.js';

/** The secretariat asks agencies for a contribution to a section, by a day. */
export const contributionRequestForm = defineForm({
  fields: {
    sectionId: choice({ label: 'reports.contributions.section', required: true }),
    organisationIds: many({
      label: 'reports.contributions.agencies',
      hint: 'reports.contributions.agenciesHint',
      required: true,
    }),
    dueOn: date({ label: 'reports.contributions.dueOn', required: true }),
    note: text({
      label: 'reports.contributions.note',
      hint: 'reports.contributions.noteHint',
      max: MAX_CONTRIBUTION_NOTE,
    }),
  },
});

/** The agency's text, as its contact point writes it. */
export const contributionTextForm = defineForm({
  fields: {
    text: text({
      label: 'reports.contributions.text',
      hint: 'reports.contributions.textHint',
      max: MAX_CONTRIBUTION_TEXT,
    }),
  },
});

/** Submitting or accepting a contribution, and reopening a report, name only the version. */
export const contributionStepForm = defineForm({ fields: {} });

/** The report's sign-off procedure and its deadline. */
export const signoffProcedureForm = defineForm({
  fields: {
    rule: choice({
      label: 'reports.signoff.rule',
      required: true,
      options: reportSignoffRules.map((value) => ({
        value,
        label: `reports.signoff.rule.${value}` as const,
      })),
    }),
    deadline: date({ label: 'reports.signoff.dueOn', required: true }),
  },
  // The request form on the same page has its own due day: each input's id is unique.
  fromService: { dueOn: 'deadline' },
});

/** An agency's answer on the finalised text. */
export const signoffAnswerForm = defineForm({
  fields: {
    answer: choice({
      label: 'reports.signoff.answer',
      required: true,
      options: [
        { value: 'approved', label: 'reports.signoff.answer.approved' },
        { value: 'objected', label: 'reports.signoff.answer.objected' },
      ],
    }),
    comment: text({
      label: 'reports.signoff.comment',
      hint: 'reports.signoff.commentHint',
      max: MAX_SIGNOFF_COMMENT,
    }),
  },
});
