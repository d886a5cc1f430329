/**
 * A small iCalendar (RFC 5545) writer for meetings: times in UTC, so every client shows a 13:00
 * Lisbon start as 13:00 Lisbon without needing a VTIMEZONE; text escaped; lines ended by CRLF and
 * folded at 75 octets without splitting a UTF-8 character.
 */

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEvent {
  /** Stable for the life of the meeting: clients match updates and cancellations by it. */
  uid: string;
  /** Raised on every change, so clients replace their copy. */
  sequence: number;
  /** When this representation was made, UTC. */
  stamp: string;
  start: string;
  end: string;
  summary: string;
  description: string;
  location: string;
  url?: string | undefined;
  cancelled: boolean;
  organizer?: CalendarPerson | undefined;
  attendees?: CalendarPerson[] | undefined;
  lastModified?: string | undefined;
}

const MAX_OCTETS = 75;

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value, quoted when it holds a character with meaning; quotes cannot be escaped. */
function parameterValue(value: string): string {
  const clean = value.replace(/["\r\n]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * Folds a content line into lines of at most 75 octets, continuation lines starting with a
 * space. A character is never split: a client would show the halves as garbage.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  // The continuation's leading space counts towards its 75 octets.
  let limit = MAX_OCTETS;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += character;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

/** 2017-02-09T13:00:00.000Z -> 20170209T130000Z */
export function utcStamp(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function eventLines(event: CalendarEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART:${utcStamp(event.start)}`,
    `DTEND:${utcStamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `LOCATION:${escapeText(event.location)}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
  ];
  if (event.description !== '') lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${utcStamp(event.lastModified)}`);
  if (event.organizer) {
    lines.push(
      `ORGANIZER;CN=${parameterValue(event.organizer.name)}:mailto:${event.organizer.email}`,
    );
  }
  for (const attendee of event.attendees ?? []) {
    lines.push(
      `ATTENDEE;CN=${parameterValue(attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:${attendee.email}`,
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/** A whole iCalendar object, CRLF-terminated. */
export function serializeCalendar(calendar: {
  method?: CalendarMethod | undefined;
  name?: string | undefined;
  events: CalendarEvent[];
}): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//jhanet//Meetings//EN'];
  lines.push('CALSCALE:GREGORIAN');
  if (calendar.method) lines.push(`METHOD:${calendar.method}`);
  if (calendar.name) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  for (const event of calendar.events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
