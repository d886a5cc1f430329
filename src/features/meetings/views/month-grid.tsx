import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { spokenMonth } from '../meeting-time.js';
import type { MeetingSummary } from '../meetings.service.js';
import { isHeld, meetingHref } from './parts.js';

/** Monday-first weeks covering a month, each day as YYYY-MM-DD or null outside the month. */
export function monthGrid(month: string): (string | null)[][] {
  const [year, monthNumber] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1));
  const days = new Date(Date.UTC(year ?? 1970, monthNumber ?? 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day += 1) cells.push(`${month}-${String(day).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export function shiftMonth(month: string, by: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A month as a calendar: ECL's simple table, which keeps its header row on a phone, with the
 * weekdays in full on a wide screen and shortened on a narrow one.
 */
export function MonthGrid({
  ctx,
  month,
  meetings,
}: {
  ctx: PageContext;
  month: string;
  meetings: MeetingSummary[];
}): Html {
  const { t } = ctx;
  const monthName = spokenMonth(ctx.locale, month);
  const onDay = (day: string) =>
    meetings.filter((m) => m.localStart.slice(0, 10) <= day && day <= m.localEnd.slice(0, 10));
  return (
    <div
      class="jh-table-wrapper"
      tabindex="0"
      role="region"
      aria-label={t('meetings.monthCaption', { month: monthName })}
    >
      <table class="ecl-table ecl-table--simple jh-month">
        <caption class="ecl-u-sr-only">{t('meetings.monthCaption', { month: monthName })}</caption>
        <thead class="ecl-table__head">
          <tr class="ecl-table__row">
            {weekdays.map((d) => (
              <th scope="col" class="ecl-table__header">
                <span class="jh-wide">{t(`meetings.weekday.${d}`)}</span>
                <abbr class="jh-narrow" title={t(`meetings.weekday.${d}`)}>
                  {t(`meetings.weekdayShort.${d}`)}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="ecl-table__body">
          {monthGrid(month).map((week) => (
            <tr class="ecl-table__row">
              {week.map((day) =>
                day === null ? (
                  <td class="ecl-table__cell jh-month__outside"></td>
                ) : (
                  <td class="ecl-table__cell">
                    <span class="jh-month__day">
                      <time datetime={day}>{String(Number(day.slice(8)))}</time>
                    </span>
                    <ul class="jh-plain-list">
                      {onDay(day).map((m) => (
                        <li class={isHeld(m) ? 'jh-month__held' : undefined}>
                          <a class="ecl-link" href={meetingHref(m.id)}>
                            {m.title}
                          </a>
                          {m.status === 'cancelled'
                            ? ` (${t('meetings.status.cancelled')})`
                            : isHeld(m)
                              ? ` (${t('meetings.status.held')})`
                              : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
