import type { CalendarEvent, CalendarMethod, CalendarPerson } from './icalendar.js';
import { serializeCalendar } from './icalendar.js';
import type { MeetingSummary } from './meetings.service.js';

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
): string {
  return serializeCalendar({
    name,
    events: meetings.map((meeting) => meetingEvent(meeting, { publicUrl })),
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
