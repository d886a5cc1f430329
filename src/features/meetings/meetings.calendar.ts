import type { CalendarEvent, CalendarMethod, CalendarPerson } from './icalendar.js';
import { serializeCalendar } from './icalendar.js';
import { spokenDay, spokenSpan, spokenTime } from './meeting-time.js';
import type { AgendaItemView, MeetingSummary } from './meetings.service.js';

/** An agenda item as a calendar file carries it. */
export type AgendaLine = Pick<AgendaItemView, 'localStart' | 'localEnd' | 'title' | 'presenter'>;

/** "Organiser <address>" or a bare address, as configured; null when none is. */
export function organiserOf(
  mailbox: string,
  meeting: Pick<MeetingSummary, 'hostAcronym'>,
): CalendarPerson | null {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailbox);
  const email = named ? (named[2] ?? '') : mailbox.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  const name = named?.[1]?.trim() ?? '';
  return { name: name === '' ? `${meeting.hostAcronym} (JHA agencies network)` : name, email };
}

/**
 * The text of a calendar entry: when, in the venue's words, what the meeting is about, the
 * agenda item by item, and the address of its page.
 */
export function meetingDescription(
  meeting: Pick<MeetingSummary, 'localStart' | 'localEnd' | 'timeZone'>,
  description: string,
  agenda: readonly AgendaLine[],
): string {
  const span = spokenSpan('en', meeting);
  const parts = [`${span.start} to ${span.end} (${span.place} time)`];
  if (description.trim() !== '') parts.push(description.trim());
  if (agenda.length > 0) {
    const items = agenda.map((item) => {
      const when = `${spokenDay('en', item.localStart, false)}, ${spokenTime('en', item.localStart)}-${spokenTime('en', item.localEnd)}`;
      return `${when} ${item.title}${item.presenter ? ` (${item.presenter})` : ''}`;
    });
    parts.push(['Agenda:', ...items].join('\n'));
  }
  return parts.join('\n\n');
}

/** Never changes for a meeting, so every client matches updates and cancellations to it. */
export function meetingUid(meetingId: string): string {
  return `${meetingId}@meetings.jhanet`;
}

export function meetingUrl(publicUrl: string, meetingId: string): string {
  return `${publicUrl}/meetings/${meetingId}`;
}

/**
 * A meeting as a calendar event. In a feed (no METHOD), DTSTAMP is when the meeting last changed,
 * as RFC 5545 asks; in a message it is when the message was made.
 */
export function meetingEvent(
  meeting: MeetingSummary,
  options: {
    publicUrl: string;
    description?: string | undefined;
    stamp?: string | undefined;
    organizer?: CalendarPerson | undefined;
    attendees?: CalendarPerson[] | undefined;
  },
): CalendarEvent {
  const url = meetingUrl(options.publicUrl, meeting.id);
  const description = [options.description ?? '', url].filter((part) => part !== '').join('\n\n');
  return {
    uid: meetingUid(meeting.id),
    sequence: meeting.sequence,
    stamp: options.stamp ?? meeting.updatedAt,
    lastModified: meeting.updatedAt,
    start: meeting.start,
    end: meeting.end,
    summary: meeting.title,
    description,
    location: `${meeting.venue}, ${meeting.city}`,
    url,
    cancelled: meeting.status === 'cancelled',
    organizer: options.organizer,
    attendees: options.attendees,
  };
}

/** A feed or a single file of meetings, for subscription or download. */
export function meetingsCalendar(
  name: string,
  meetings: MeetingSummary[],
  publicUrl: string,
  organiser = '',
): string {
  return serializeCalendar({
    name,
    events: meetings.map((meeting) =>
      meetingEvent(meeting, {
        publicUrl,
        description: meetingDescription(meeting, '', []),
        organizer: organiserOf(organiser, meeting) ?? undefined,
      }),
    ),
  });
}

/** One meeting as a file to open in a calendar: with its organiser, place and published agenda. */
export function meetingFileCalendar(
  meeting: MeetingSummary & {
    description: string;
    agenda: readonly AgendaLine[];
    agendaPublishedAt: string | null;
  },
  publicUrl: string,
  organiser: string,
): string {
  return serializeCalendar({
    name: meeting.title,
    events: [
      meetingEvent(meeting, {
        publicUrl,
        // Only a published agenda travels: the file leaves the platform.
        description: meetingDescription(
          meeting,
          meeting.description,
          meeting.agendaPublishedAt === null ? [] : meeting.agenda,
        ),
        organizer: organiserOf(organiser, meeting) ?? undefined,
      }),
    ],
  });
}

/** One meeting as a scheduling message (RFC 5546): an invitation, an update or a cancellation. */
export function meetingMessageCalendar(
  method: CalendarMethod,
  meeting: MeetingSummary,
  options: {
    publicUrl: string;
    description: string;
    organizer: CalendarPerson;
    attendee: CalendarPerson;
  },
): string {
  return serializeCalendar({
    method,
    events: [
      meetingEvent(meeting, {
        ...options,
        stamp: new Date().toISOString(),
        attendees: [options.attendee],
      }),
    ],
  });
}
