import type { OutgoingMail } from '../mail/mail-queue.js';
import type { CalendarPerson } from './icalendar.js';
import { meetingMessageCalendar, meetingUrl } from './meetings.calendar.js';
import type { MeetingSummary } from './meetings.service.js';

const WALL_CLOCK = new Intl.DateTimeFormat('en-IE', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "9 February 2017, 13:00" from a wall-clock time "2017-02-09T13:00". */
function spoken(local: string): string {
  return WALL_CLOCK.format(new Date(`${local}:00Z`));
}

/** The address in a From header such as "JHA network <network@example.eu>". */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The text and calendar attachments of the e-mail meetings send. */
export class MeetingMail {
  constructor(
    private readonly publicUrl: string,
    private readonly from: string,
  ) {}

  private organizer(meeting: MeetingSummary): CalendarPerson {
    return {
      name: `${meeting.hostAcronym} (JHA agencies network)`,
      email: addressOf(this.from) || 'noreply@localhost',
    };
  }

  notice(
    meeting: MeetingSummary,
    description: string,
    notice: 'invitation' | 'update' | 'cancel',
    recipient: CalendarPerson,
  ): OutgoingMail {
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
      `When: ${spoken(meeting.localStart)} to ${spoken(meeting.localEnd)} (${meeting.timeZone})`,
      `Where: ${meeting.venue}, ${meeting.city}`,
      `Host: ${meeting.hostAcronym}`,
      '',
      notice === 'cancel'
        ? 'Your calendar removes the meeting when you open the attached file.'
        : `Answer and see the agenda at ${meetingUrl(this.publicUrl, meeting.id)}`,
    ].join('\n');
    return {
      kind: `meeting.${notice}`,
      recipient: recipient.email,
      subject: subjects[notice],
      body,
      calendar: {
        method: notice === 'cancel' ? 'CANCEL' : 'REQUEST',
        content: meetingMessageCalendar(notice === 'cancel' ? 'CANCEL' : 'REQUEST', meeting, {
          publicUrl: this.publicUrl,
          description,
          organizer: this.organizer(meeting),
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
