import { choice, date, flag, many, text } from '../../../app/forms/fields.js';
import {
  defineForm,
  type Fields,
  type FormDefinition,
  type FormState,
  type Values,
} from '../../../app/forms/define-form.js';
import type { AgendaItemInput, MeetingDetail } from '../meetings.service.js';
import { clockTime } from './meeting.form.js';

/** Adding an item to the agenda: a day and two times at the venue. */
export const agendaForm = defineForm({
  fields: {
    date: date({ label: 'meetings.agenda.date', required: true }),
    startTime: text({
      label: 'meetings.field.startTime',
      hint: 'meetings.field.timeFormat',
      required: true,
    }),
    endTime: text({
      label: 'meetings.field.endTime',
      hint: 'meetings.field.timeFormat',
      required: true,
    }),
    title: text({ label: 'meetings.agenda.item', required: true, max: 300 }),
    presenter: text({ label: 'meetings.agenda.presenterOptional', max: 200 }),
    notes: text({ label: 'meetings.agenda.notesOptional' }),
    priorityLineKeys: many({
      label: 'meetings.agenda.linesOptional',
      hint: 'meetings.agenda.linesHint',
    }),
  },
  fromService: { start: 'startTime', end: 'endTime' },
});

/** The agenda form's values as the service's input: the day joined to each time. */
export function agendaInputOf(values: Values<typeof agendaForm.fields>): AgendaItemInput {
  const day = values.date.trim();
  const time = (typed: string) => clockTime(typed) ?? typed.trim();
  return {
    start: `${day}T${time(values.startTime)}`,
    end: `${day}T${time(values.endTime)}`,
    title: values.title,
    presenter: values.presenter,
    notes: values.notes,
    priorityLineKeys: values.priorityLineKeys,
  };
}

/** A task the meeting gives an agency or body, due on a day. */
export const actionPointForm = defineForm({
  fields: {
    text: text({ label: 'meetings.actionPoint', required: true }),
    ownerOrganisationId: choice({ label: 'meetings.actionPoint.owner', required: true }),
    dueOn: date({ label: 'meetings.actionPoint.due', required: true }),
  },
});

export const decisionForm = defineForm({
  fields: { decision: text({ label: 'meetings.decision', required: true }) },
  fromService: { text: 'decision' },
});

/** The minutes and report: versioned with the meeting, so a stale save is merged. */
export const outcomesForm = defineForm({
  fields: {
    minutes: text({ label: 'meetings.minutes' }),
    report: text({ label: 'meetings.report' }),
    reportInFinalReport: flag({ label: 'meetings.reportInFinalReport', on: '1' }),
  },
});

export function outcomesValuesOf(meeting: MeetingDetail): Values<typeof outcomesForm.fields> {
  return {
    minutes: meeting.minutes,
    report: meeting.report,
    reportInFinalReport: meeting.reportInFinalReport,
  };
}

/** A form of the meeting page shown again after a refused save, in the state it was sent in. */
export interface ShownForm {
  form: object;
  state: FormState<Fields>;
}

export function shownForm<F extends Fields>(
  form: FormDefinition<F>,
  state: FormState<F>,
): ShownForm {
  // Stored loosely; stateOf gives it back typed only to the very form that read it.
  return { form, state };
}

/** The state of one form of the page: as sent when it was the one refused, else `fresh`. */
export function stateOf<F extends Fields>(
  shown: ShownForm | null,
  form: FormDefinition<F>,
  fresh: () => FormState<F>,
): FormState<F> {
  return shown?.form === form ? (shown.state as unknown as FormState<F>) : fresh();
}

/** An invited user's answer. */
export const responseForm = defineForm({
  fields: {
    response: choice({
      label: 'meetings.participant.answer',
      options: (['accepted', 'tentative', 'declined'] as const).map((response) => ({
        value: response,
        label: `meetings.response.${response}` as const,
      })),
    }),
  },
});

/** More agencies and bodies to invite to a meeting that has some. */
export const inviteForm = defineForm({
  fields: { organisationIds: many({ label: 'meetings.field.inviteMore' }) },
});

/** A user of an invited agency listed as attending. */
export const attendeeForm = defineForm({
  fields: { userId: choice({ label: 'meetings.participant.user', required: true }) },
});

/** A speaker from outside the platform, by name. */
export const speakerForm = defineForm({
  fields: {
    name: text({ label: 'meetings.participant.name', required: true }),
    affiliation: text({ label: 'meetings.participant.affiliationOptional' }),
    topic: text({ label: 'meetings.participant.topicOptional' }),
    email: text({ label: 'meetings.participant.emailOptional' }),
  },
});
