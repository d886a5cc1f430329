/**
 * Wall-clock times in a venue's time zone and the UTC instants they stand for, with the zone
 * rules of the runtime's ICU data: a meeting at 13:00 in Lisbon is stored as the UTC instant that
 * is 13:00 in Lisbon on that day, whatever the offset is then.
 */

const IANA_NAME = /^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+)$/;

/** The canonical IANA name of a zone, or null when the runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  // Offsets such as "+01:00" are no zone: they have no summer time and no history.
  if (!IANA_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time at an instant in a zone, as milliseconds of a UTC date with those fields. */
function wallClockMillis(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2017-02-09T13:00" as it reads on a clock in the zone at a UTC instant. */
export function toWallClock(utc: string, timeZone: string): string {
  return new Date(wallClockMillis(Date.parse(utc), timeZone)).toISOString().slice(0, 16);
}

/**
 * The UTC instant of a wall-clock time ("2017-02-09T13:00") in a zone; null when the text is no
 * such time, or when the time does not exist there (skipped when clocks go forward).
 */
export function fromWallClock(local: string, timeZone: string): string | null {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number);
  const asUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
  if (new Date(asUtc).toISOString().slice(0, 16) !== local) return null;
  // The offset at the guess, then at the corrected instant, settles it across a change of offset.
  let instant = asUtc - (wallClockMillis(asUtc, timeZone) - asUtc);
  instant = asUtc - (wallClockMillis(instant, timeZone) - instant);
  const result = new Date(instant).toISOString();
  return toWallClock(result, timeZone) === local ? result : null;
}

/** The same wall-clock time a number of days later: "the next day at lunchtime". */
export function addDaysToWallClock(local: string, days: number): string {
  const date = new Date(`${local}:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 16);
}
