import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { formatDate } from '../../app/i18n/format.js';
import type { CalendarEntry } from './reports.model.js';
import { obligationLabel, recipientLabel } from './reports.views.js';

/** The secretariat's home page: reports past their due day and not submitted, when there are any. */
export function OverdueReports({
  ctx,
  reports,
}: {
  ctx: PageContext;
  reports: readonly CalendarEntry[];
}): Html | null {
  if (reports.length === 0) return null;
  const { t } = ctx;
  return (
    <section class="jh-work ecl-u-mb-l" aria-labelledby="work-reports">
      <h3 class="ecl-u-type-heading-3" id="work-reports">
        {t('reports.home.overdue')}
        <span class="jh-work__count">{` (${String(reports.length)})`}</span>
      </h3>
      <ul class="ecl-unordered-list">
        {reports.map((entry) => (
          <li class="ecl-unordered-list__item">
            <a class="ecl-link" href={`/reports?year=${String(entry.year)}`}>
              {t('reports.home.overdueItem', {
                report: `${obligationLabel(t, entry)} (${recipientLabel(t, entry)})`,
                date: entry.dueOn === null ? '' : formatDate(ctx.locale, entry.dueOn),
              })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
