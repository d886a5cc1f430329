import { Button } from '../../../app/html/components.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import { newReportForm } from '../forms/report.form.js';
import type { CalendarEntry } from '../reports.model.js';
import { mayManage } from '../reports.policy.js';
import { infographicHref } from './infographic.js';
import { StatusLabel, obligationLabel, recipientLabel, reportHref } from '../reports.views.js';

/** The reports owed in a year, each with its report or the link that starts it. */
export function CalendarPage({
  ctx,
  year,
  entries,
}: {
  ctx: PageContext;
  year: number;
  entries: CalendarEntry[];
}): Html {
  const { t } = ctx;
  const manage = ctx.actor !== null && mayManage(ctx.actor);
  return (
    <Layout ctx={ctx} title={t('reports.title', { year })}>
      <p class="ecl-u-type-paragraph">{t('reports.intro')}</p>
      <p class="ecl-u-type-paragraph">
        <a class="ecl-link ecl-link--standalone" href={infographicHref(year)}>
          {t('reports.infographic.link', { year })}
        </a>
      </p>
      <form method="get" action="/reports" class="jh-inline-form ecl-u-mb-l">
        <label class="ecl-form-label" for="report-year">
          {t('reports.year')}
        </label>{' '}
        <input
          id="report-year"
          class="ecl-text-input ecl-text-input--s"
          type="number"
          name="year"
          min="2006"
          max="2100"
          value={String(year)}
        />{' '}
        <Button variant="secondary">{t('reports.show')}</Button>
      </form>
      {entries.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('reports.calendar.none', { year })}</p>
      ) : (
        <div
          class="jh-table-wrapper"
          tabindex="0"
          role="region"
          aria-label={t('reports.calendar.caption', { year })}
        >
          <table class="ecl-table ecl-table--zebra jh-table-cards">
            <caption class="ecl-u-sr-only">{t('reports.calendar.caption', { year })}</caption>
            <thead class="ecl-table__head">
              <tr class="ecl-table__row">
                {[
                  t('reports.calendar.report'),
                  t('reports.calendar.recipient'),
                  t('reports.calendar.due'),
                  t('reports.calendar.chair'),
                  t('reports.calendar.status'),
                ].map((header) => (
                  <th scope="col" class="ecl-table__header">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="ecl-table__body">
              {entries.map((entry) => (
                <tr class="ecl-table__row">
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.report')}>
                    {entry.reportId !== null ? (
                      <a class="ecl-link" href={reportHref(entry.reportId)}>
                        {obligationLabel(t, entry)}
                      </a>
                    ) : (
                      obligationLabel(t, entry)
                    )}
                    {entry.reportId === null && manage ? (
                      <p class="ecl-u-mt-xs ecl-u-mb-none">
                        <a
                          class="ecl-link ecl-link--standalone"
                          href={`/reports/obligations/${encodeURIComponent(entry.obligationId)}/new`}
                        >
                          {t('reports.calendar.create')}
                          <span class="ecl-u-sr-only">{`: ${obligationLabel(t, entry)} (${recipientLabel(t, entry)})`}</span>
                        </a>
                      </p>
                    ) : null}
                  </td>
                  <td
                    class="ecl-table__cell"
                    data-ecl-table-header={t('reports.calendar.recipient')}
                  >
                    {recipientLabel(t, entry)}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.due')}>
                    {entry.dueOn === null
                      ? t('reports.calendar.noDue')
                      : formatDate(ctx.locale, entry.dueOn)}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.chair')}>
                    {entry.chair ?? ''}
                  </td>
                  <td class="ecl-table__cell" data-ecl-table-header={t('reports.calendar.status')}>
                    <StatusLabel ctx={ctx} status={entry.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** Starting the report of an obligation: the day its data are read on. */
export function NewReportPage({
  ctx,
  entry,
  state,
}: {
  ctx: PageContext;
  entry: CalendarEntry;
  state: FormState<typeof newReportForm.fields>;
}): Html {
  const f = bindForm(newReportForm, ctx, state);
  const title = `${obligationLabel(ctx.t, entry)} (${recipientLabel(ctx.t, entry)})`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        {
          href: `/reports?year=${String(entry.year)}`,
          label: ctx.t('reports.title', { year: entry.year }),
        },
      ]}
    >
      <f.Form action={`/reports/obligations/${encodeURIComponent(entry.obligationId)}/new`}>
        <f.Date name="asOf" />
        <Button>{ctx.t('reports.calendar.create')}</Button>
      </f.Form>
    </Layout>
  );
}
