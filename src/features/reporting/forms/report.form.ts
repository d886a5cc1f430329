import { choice, date, text } from '../../../app/forms/fields.js';
import { defineForm } from '../../../app/forms/define-form.js';
import { reportAudiences } from '../../../db/schema.js';
import { MAX_SECTION_TEXT } from '../reports.service.js';

/** Starting the report of an obligation: the day its data are read on. */
export const newReportForm = defineForm({
  fields: {
    asOf: date({
      label: 'reports.calendar.asOf',
      hint: 'reports.calendar.asOfHint',
      required: true,
    }),
  },
});

/** The text of a written section (foreword, conclusions). */
export const sectionTextForm = defineForm({
  fields: {
    text: text({
      label: 'reports.section.text',
      hint: 'reports.section.textHint',
      max: MAX_SECTION_TEXT,
    }),
  },
});

/** The day of the data (while drafting) and who reads the report. */
export const reportSettingsForm = defineForm({
  fields: {
    asOf: date({ label: 'reports.calendar.asOf', required: true }),
    audience: choice({
      label: 'reports.detail.audience',
      required: true,
      options: reportAudiences.map((value) => ({
        value,
        label: `reports.audience.${value}` as const,
      })),
    }),
  },
});

/** Finalising names only the version it freezes. */
export const finaliseForm = defineForm({ fields: {} });

export const submissionForm = defineForm({
  fields: { submittedOn: date({ label: 'reports.submit.on', required: true }) },
});
