/**
 * Meetings said the way a calendar says them, from wall-clock times at the venue:
 * "Thursday 9 February 2017, 13:00" to "Friday 10 February, 13:00", "Lisbon time". The times are
 * read in UTC because they already are the venue's clock: no zone may move them again.
 */

const intlLocales: Record<string, string> = { en: 'en-IE' };

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(intlLocales[locale] ?? locale, {
      ...options,
      timeZone: 'UTC',
      hourCycle: 'h23',
    });
    formats.set(key, found);
  }
  return found;
}

function instant(local: string): Date {
  return new Date(`${local.length === 10 ? `${local}T12:00` : local}:00Z`);
}

/** "Thursday 9 February 2017", or without the year: "Friday 10 February". */
export function spokenDay(locale: string, local: string, withYear = true): string {
  // Pieces in the language's order, joined by spaces: en-IE would put a comma after the weekday
  // when the year is left out.
  return format(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
  })
    .formatToParts(instant(local))
    .filter((part) => part.type !== 'literal')
    .map((part) => part.value)
    .join(' ');
}

/** "13:00" */
export function spokenTime(locale: string, local: string): string {
  return format(locale, { hour: '2-digit', minute: '2-digit' }).format(instant(local));
}

/** "February 2017" */
export function spokenMonth(locale: string, month: string): string {
  return format(locale, { month: 'long', year: 'numeric' }).format(instant(`${month}-15`));
}

/** "Lisbon" for Europe/Lisbon, "Buenos Aires" for America/Argentina/Buenos_Aires, "UTC" for UTC. */
export function zonePlace(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

export interface SpokenSpan {
  /** "Thursday 9 February 2017, 13:00" */
  start: string;
  /** "Friday 10 February, 13:00"; only the time when the meeting ends the day it starts. */
  end: string;
  /** "Lisbon" */
  place: string;
}

/** The start and end of a meeting, leaving out what the end repeats of the start. */
export function spokenSpan(
  locale: string,
  meeting: { localStart: string; localEnd: string; timeZone: string },
): SpokenSpan {
  const { localStart, localEnd } = meeting;
  const sameDay = localStart.slice(0, 10) === localEnd.slice(0, 10);
  const sameYear = localStart.slice(0, 4) === localEnd.slice(0, 4);
  return {
    start: `${spokenDay(locale, localStart)}, ${spokenTime(locale, localStart)}`,
    end: sameDay
      ? spokenTime(locale, localEnd)
      : `${spokenDay(locale, localEnd, !sameYear)}, ${spokenTime(locale, localEnd)}`,
    place: zonePlace(meeting.timeZone),
  };
}
