/**
 * Dates and numbers in the EU institutions' style: "9 February 2017", 24-hour clock. Each
 * language maps to a regional variant that follows it (en-IE also starts weeks on Monday).
 */
const intlLocale: Record<string, string> = { en: 'en-IE' };

function regional(locale: string): string {
  return intlLocale[locale] ?? locale;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(regional(locale), { ...options, hourCycle: 'h23' });
    cache.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

function toDate(value: string | Date): Date {
  // A bare calendar date is a day, not a moment: read it at noon UTC so no zone moves it.
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T12:00:00Z`)
    : new Date(value);
}

/** "9 February 2017" */
export function formatDate(locale: string, value: string | Date, timeZone = 'UTC'): string {
  return dateFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    toDate(value),
  );
}

/** "9 February 2017, 13:00 UTC" */
export function formatDateTime(locale: string, value: string | Date, timeZone = 'UTC'): string {
  return dateFormat(locale, {
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
  const key = `n|${locale}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(regional(locale));
    cache.set(key, format);
  }
  return (format as Intl.NumberFormat).format(value);
}

/** The regional variant a language is formatted in, for a script in the page to format alike. */
export function intlLocaleOf(locale: string): string {
  return regional(locale);
}

/** "CEPOL, EUAA and Europol" */
export function formatList(locale: string, items: readonly string[]): string {
  return new Intl.ListFormat(regional(locale), { type: 'conjunction' }).format(items);
}
