/** Whether text is a real calendar date written YYYY-MM-DD (2017-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A day as people in the EU write it, day first: "2-12-2026", "02/12/2026" or "2.12.2026", as
 * YYYY-MM-DD; null when the text is not such a day (31-02-2026 is not). ECL's datepicker writes
 * DD-MM-YYYY.
 */
export function calendarDateFromDayFirst(text: string): string | null {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [, day = '', month = '', year = ''] = match;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** YYYY-MM-DD as the date inputs show it, DD-MM-YYYY; any other text as it is. */
export function dayFirstText(value: string): string {
  return isCalendarDate(value) ? value.split('-').reverse().join('-') : value;
}
