/**
 * The network's calendar. A consultation deadline is a day, and the network meets and works in
 * Brussels: a deadline holds until midnight there, whatever the server's or the reader's zone.
 */
const brusselsDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Brussels, as YYYY-MM-DD. */
export function networkToday(now: Date = new Date()): string {
  return brusselsDay.format(now);
}

/** A real day written YYYY-MM-DD: 2030-02-30 matches the pattern but is no date. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/** Whether answers are still taken on a consultation with this deadline. */
export function consultationOpen(deadline: string | null, now: Date = new Date()): boolean {
  return deadline !== null && networkToday(now) <= deadline;
}
