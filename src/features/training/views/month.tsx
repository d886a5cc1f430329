import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { spokenMonth } from '../../meetings/meeting-time.js';
import { monthGrid } from '../../meetings/views/month-grid.js';
import type { TrainingView } from '../training.model.js';
import { trainingHref } from './parts.js';

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A month of trainings as a calendar, drawn like the meetings' month (the same grid of weeks, the
 * same ECL table and its narrow weekday names on a phone), each training on every day it runs.
 */
export function TrainingMonth({
  ctx,
  month,
  trainings,
}: {
  ctx: PageContext;
  month: string;
  trainings: readonly TrainingView[];
}): Html {
  const { t } = ctx;
  const caption = t('training.calendar.caption', { month: spokenMonth(ctx.locale, month) });
  const onDay = (day: string) =>
    trainings.filter((training) => training.startOn <= day && day <= training.endOn);
  return (
    <div class="jh-table-wrapper" tabindex="0" role="region" aria-label={caption}>
      <table class="ecl-table ecl-table--simple jh-month">
        <caption class="ecl-u-sr-only">{caption}</caption>
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
                      {onDay(day).map((training) => (
                        <li>
                          <a class="ecl-link" href={trainingHref(training)}>
                            {training.title}
                          </a>{' '}
                          ({training.organiser.acronym})
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
