import type { OutgoingMail } from '../mail/mail-queue.js';
import type { CalendarPerson } from './icalendar.js';
import { spokenSpan } from './meeting-time.js';
import {
  meetingDescription,
  meetingMessageCalendar,
  meetingUrl,
  organiserOf,
  type AgendaLine,
} from './meetings.calendar.js';
import type { MeetingSummary } from './meetings.service.js';

/** "Thursday 9 February 2017, 13:00 to Friday 10 February, 13:00 (Lisbon time)" */
function spoken(meeting: MeetingSummary): string {
  const span = spokenSpan('en', meeting);
  return `${span.start} to ${span.end} (${span.place} time)`;
}

/** `"Name" <address>`, the name quoted so that commas in it stay in it. */
function mailbox(person: CalendarPerson): string {
  return `"${person.name.replace(/["\\\r\n]/g, '')}" <${person.email}>`;
}

/** The text and calendar attachments of the e-mail meetings send. */
export class MeetingMail {
  /** `organiser`: the configured mailbox that calendar answers and replies reach. */
  constructor(
    private readonly publicUrl: string,
    private readonly organiser: string,
  ) {}

  /** A scheduling message must name an organiser; without a configured one mail is not sent. */
  private organizer(meeting: MeetingSummary): CalendarPerson {
    return (
      organiserOf(this.organiser, meeting) ?? {
        name: `${meeting.hostAcronym} (JHA agencies network)`,
        email: 'noreply@localhost',
      }
    );
  }

  notice(
    meeting: MeetingSummary,
    description: string,
    notice: 'invitation' | 'update' | 'cancel',
    recipient: CalendarPerson,
    agenda: readonly AgendaLine[] = [],
  ): OutgoingMail {
    const organizer = this.organizer(meeting);
    const configured = organiserOf(this.organiser, meeting);
    const subjects = {
      invitation: `Invitation: ${meeting.title}`,
      update: `Updated: ${meeting.title}`,
      cancel: `Cancelled: ${meeting.title}`,
    };
    const opening = {
      invitation: 'You are invited to a meeting of the JHA agencies network.',
      update: 'A meeting of the JHA agencies network you were invited to has changed.',
      cancel: 'A meeting of the JHA agencies network you were invited to has been cancelled.',
    };
    const body = [
      `Dear ${recipient.name},`,
      '',
      opening[notice],
      '',
      meeting.title,
      `When: ${spoken(meeting)}`,
      `Where: ${meeting.venue}, ${meeting.city}`,
      `Host: ${meeting.hostAcronym}`,
      `Organiser: ${organizer.name} <${organizer.email}>`,
      '',
      notice === 'cancel'
        ? 'Your calendar removes the meeting when you open the attached file.'
        : `Answer and see the agenda at ${meetingUrl(this.publicUrl, meeting.id)}`,
      '',
      `Questions reach the organiser at ${organizer.email}.`,
    ].join('\n');
    return {
      kind: `meeting.${notice}`,
      recipient: recipient.email,
      subject: subjects[notice],
      body,
      // Replies written to the no-reply sender reach the organiser, when one is configured.
      ...(configured ? { replyTo: mailbox(configured) } : {}),
      calendar: {
        method: notice === 'cancel' ? 'CANCEL' : 'REQUEST',
        content: meetingMessageCalendar(notice === 'cancel' ? 'CANCEL' : 'REQUEST', meeting, {
          publicUrl: this.publicUrl,
          description: meetingDescription(meeting, description, agenda),
          organizer,
          attendee: recipient,
        }),
      },
    };
  }

  reminder(
    point: { id: string; text: string; dueOn: string },
    meeting: { id: string; title: string },
    recipient: CalendarPerson,
  ): OutgoingMail {
    return {
      kind: 'action_point.reminder',
      recipient: recipient.email,
      subject: `Action point due on ${point.dueOn}: ${meeting.title}`,
      body: [
        `Dear ${recipient.name},`,
        '',
        `An action point of your agency from "${meeting.title}" is due on ${point.dueOn}:`,
        '',
        point.text,
        '',
        `Mark it done at ${meetingUrl(this.publicUrl, meeting.id)}#action-points`,
      ].join('\n'),
      dedupeKey: `reminder:${point.id}:${point.dueOn}:${recipient.email.toLowerCase()}`,
    };
  }
}
