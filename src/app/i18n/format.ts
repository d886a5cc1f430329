/**
 * Dates and numbers in the EU institutions' style: "9 February 2017", 24-hour clock. Each
 * language maps to a regional variant that follows it (en-IE also starts weeks on Monday).
 */
const intlLocale: Record<string, string> = { en: 'en-IE' };

function regional(locale: string): string {
  return intlLocale[locale] ?? locale;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

/** The formatter `key` names, made once: making one costs far more than formatting with it. */
function cached<Format extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(
  key: string,
  make: () => Format,
): Format {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format as Format;
}

function dateFormat(
  name: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached(
    `${name}|${locale}|${options.timeZone ?? ''}`,
    () => new Intl.DateTimeFormat(regional(locale), { ...options, hourCycle: 'h23' }),
  );
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: string | Date): Date {
  // A bare calendar date is a day, not a moment: read it at noon UTC so no zone moves it.
  return typeof value === 'string' && BARE_DATE.test(value)
    ? new Date(`${value}T12:00:00Z`)
    : new Date(value);
}

/** Calendar days already written out: a page lists the same few hundred days again and again. */
const writtenDays = new Map<string, string>();
/** Far more days than the network's records span; only a runaway would reach it. */
const WRITTEN_DAYS_KEPT = 10_000;

/** "9 February 2017" */
export function formatDate(locale: string, value: string | Date, timeZone = 'UTC'): string {
  const key =
    typeof value === 'string' && BARE_DATE.test(value) ? `${locale}|${timeZone}|${value}` : null;
  const written = key === null ? undefined : writtenDays.get(key);
  if (written !== undefined) return written;
  const text = dateFormat('date', locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(toDate(value));
  if (key !== null) {
    if (writtenDays.size >= WRITTEN_DAYS_KEPT) writtenDays.clear();
    writtenDays.set(key, text);
  }
  return text;
}

/** "9 February 2017, 13:00 UTC" */
export function formatDateTime(locale: string, value: string | Date, timeZone = 'UTC'): string {
  return dateFormat('dateTime', locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(toDate(value));
}

export function formatNumber(locale: string, value: number): string {
  return cached(`number|${locale}`, () => new Intl.NumberFormat(regional(locale))).format(value);
}

/** The regional variant a language is formatted in, for a script in the page to format alike. */
export function intlLocaleOf(locale: string): string {
  return regional(locale);
}

/** "CEPOL, EUAA and Europol" */
export function formatList(locale: string, items: readonly string[]): string {
  return cached(
    `list|${locale}`,
    () => new Intl.ListFormat(regional(locale), { type: 'conjunction' }),
  ).format(items);
}
