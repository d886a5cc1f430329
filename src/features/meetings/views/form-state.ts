import { Type, type Static } from 'typebox';
import type { FieldError } from '../../../app/errors.js';
import { textList } from './meeting-form.js';

const text = (maxLength = 100_000) => Type.Optional(Type.String({ maxLength }));

/** The body of every form on the meeting page but the meeting's own. */
export const ChildForm = Type.Object(
  {
    response: text(),
    organisationIds: textList,
    kind: text(),
    userId: text(),
    name: text(),
    email: text(),
    affiliation: text(),
    topic: text(),
    date: text(),
    startTime: text(),
    endTime: text(),
    title: text(),
    presenter: text(),
    notes: text(),
    priorityLineKeys: textList,
    minutes: text(),
    report: text(),
    reportInFinalReport: text(),
    text: text(),
    decision: text(),
    ownerOrganisationId: text(),
    dueOn: text(),
    status: text(),
    version: text(),
  },
  { additionalProperties: false },
);
export type ChildFormBody = Static<typeof ChildForm>;

/** A form re-shown on the meeting page after bad input: which one, with what and why. */
export interface FormState {
  form: string;
  errors: FieldError[];
  values: ChildFormBody;
}

/** The errors of one form of the meeting page, and what was typed in it, after bad input. */
export function formOf(state: FormState | null, form: string) {
  return {
    errors: state?.form === form ? state.errors : [],
    value: (field: keyof ChildFormBody): string => {
      const value = state?.form === form ? state.values[field] : undefined;
      return typeof value === 'string' ? value : '';
    },
  };
}
