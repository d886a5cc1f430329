import type { FieldError } from '../../../app/errors.js';
import { choice, date, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { Translate } from '../../../app/i18n/i18n.js';
import { meetingKinds, type MeetingKind } from '../../../db/schema.js';
import type { MeetingDetail, MeetingInput } from '../meetings.service.js';

/** What a meeting says about itself: the fields of scheduling it and of changing it. */
const meetingFields = {
  kind: choice({
    label: 'meetings.kind',
    required: true,
    options: meetingKinds.map((kind) => ({ value: kind, label: `meetings.kind.${kind}` as const })),
  }),
  title: text({ label: 'meetings.field.title', required: true, max: 300 }),
  description: text({ label: 'meetings.field.descriptionOptional' }),
  hostOrganisationId: choice({ label: 'meetings.field.host', required: true }),
  venue: text({ label: 'meetings.field.venue', required: true, max: 300 }),
  city: text({ label: 'meetings.field.city', required: true, max: 100 }),
  capacity: text({ label: 'meetings.field.capacityOptional', max: 6 }),
  // The zones are checked by the service, which knows the runtime's IANA database.
  timeZone: choice({
    label: 'meetings.field.timeZone',
    hint: 'meetings.field.timeZonePick',
    required: true,
  }),
  startDate: date({ label: 'meetings.field.startDate', required: true }),
  startTime: text({
    label: 'meetings.field.startTime',
    hint: 'meetings.field.timeFormat',
    required: true,
    max: 5,
  }),
  endDate: date({ label: 'meetings.field.endDateOptional' }),
  endTime: text({ label: 'meetings.field.endTimeOptional', hint: 'meetings.field.timeFormat' }),
};

/** The service names the combined times start and end; the form has a date and a time each. */
const fromService = {
  start: 'startDate',
  end: 'endDate',
  invitedOrganisationIds: 'invited',
} as const;

/** Changing a meeting: its invitations are managed on its page, one by one. */
export const meetingForm = defineForm({
  fields: meetingFields,
  fromService: { start: fromService.start, end: fromService.end },
});

/** Scheduling a meeting, with its first invitations; nothing is chosen in advance. */
export const newMeetingForm = defineForm({
  fields: {
    ...meetingFields,
    invited: many({ label: 'meetings.field.invited', hint: 'meetings.field.invitedHint' }),
  },
  fromService,
});

export type MeetingValues = Values<typeof meetingForm.fields>;
export type NewMeetingValues = Values<typeof newMeetingForm.fields>;

/** A stored meeting as the form shows it: dates and times at the venue. */
export function meetingValuesOf(meeting: MeetingDetail): MeetingValues {
  return {
    kind: meeting.kind,
    title: meeting.title,
    description: meeting.description,
    hostOrganisationId: meeting.hostOrganisationId,
    venue: meeting.venue,
    city: meeting.city,
    capacity: meeting.capacity === null ? '' : String(meeting.capacity),
    timeZone: meeting.timeZone,
    startDate: meeting.localStart.slice(0, 10),
    startTime: meeting.localStart.slice(11),
    endDate: meeting.localEnd.slice(0, 10),
    endTime: meeting.localEnd.slice(11),
  };
}

/** A time of day on the 24-hour clock, "9:30" or "13:00", as "09:30" and "13:00"; else null. */
export function clockTime(value: string): string | null {
  const match = /^(\d{1,2})[:.h](\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, hours = '', minutes = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  return `${hours.padStart(2, '0')}:${minutes}`;
}

/**
 * The form's values as the service's input, with the mistakes only the form can see: a time
 * that is no time of day, a capacity that is no number. The service finds the rest.
 */
export function meetingInputOf(
  values: MeetingValues & { invited?: string[] },
  t: Translate,
): { input: MeetingInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const timeOf = (field: 'startTime' | 'endTime', label: 'startTime' | 'endTime') => {
    const typed = values[field].trim();
    const time = clockTime(typed);
    if (typed !== '' && time === null)
      errors.push({
        field,
        message: t('meetings.timeInvalid', { label: t(`meetings.field.${label}`) }),
      });
    return time ?? typed;
  };
  const startTime = timeOf('startTime', 'startTime');
  const endTime = timeOf('endTime', 'endTime');
  const hasEnd = values.endDate.trim() !== '' || endTime !== '';
  const capacity = values.capacity.trim();
  const capacityValid = capacity === '' || /^\d{1,6}$/.test(capacity);
  if (!capacityValid) errors.push({ field: 'capacity', message: t('meetings.capacityInvalid') });
  return {
    input: {
      kind: values.kind as MeetingKind,
      title: values.title,
      description: values.description,
      hostOrganisationId: values.hostOrganisationId,
      venue: values.venue,
      city: values.city,
      timeZone: values.timeZone,
      start: `${values.startDate.trim()}T${startTime}`,
      end: hasEnd ? `${values.endDate.trim()}T${endTime}` : undefined,
      capacity: capacity === '' || !capacityValid ? null : Number(capacity),
      ...(values.invited ? { invitedOrganisationIds: values.invited } : {}),
    },
    errors,
  };
}
