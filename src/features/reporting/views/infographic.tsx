import type { FieldError } from '../../../app/errors.js';
import { Button, DateField, FormErrors } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { InfographicData, InfographicFigure } from '../outputs/infographic.js';
import { DataTable } from '../reports.views.js';

export const infographicHref = (year: number, asOf?: string, format?: 'svg' | 'png') =>
  `${format ? `/api/reports/infographic.${format}` : '/reports/infographic'}?year=${String(year)}${asOf ? `&asOf=${asOf}` : ''}`;

/**
 * The year's infographic as a page: the picture at the width of a phone or of A4, its downloads,
 * and under it each figure's alternative text and figures as a table, which print after it.
 */
export function InfographicPage({
  ctx,
  year,
  asOf,
  infographic,
  errors,
}: {
  ctx: PageContext;
  year: number;
  asOf: string | undefined;
  infographic: { data: InfographicData; figures: readonly InfographicFigure[] } | null;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  const day = infographic?.data.asOf;
  return (
    <Layout
      ctx={ctx}
      title={t('reports.infographic.title', { year })}
      breadcrumbs={[{ href: `/reports?year=${String(year)}`, label: t('reports.title', { year }) }]}
    >
      <p class="ecl-u-type-paragraph">{t('reports.infographic.intro')}</p>
      <form method="get" action="/reports/infographic" class="ecl-u-mb-l jh-no-print">
        <FormErrors ctx={ctx} errors={errors} />
        <input type="hidden" name="year" value={String(year)} />
        <DateField
          ctx={ctx}
          name="asOf"
          label={t('reports.infographic.asOf')}
          value={errors.length > 0 ? asOf : day}
          errors={errors}
        />
        <Button variant="secondary">{t('reports.show')}</Button>
      </form>
      {infographic && day ? (
        <div class="jh-infographic">
          <ul class="ecl-unordered-list ecl-u-mb-l jh-no-print">
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={infographicHref(year, day, 'svg')} download>
                {t('reports.infographic.downloadSvg')}
              </a>
            </li>
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={infographicHref(year, day, 'png')} download>
                {t('reports.infographic.downloadPng')}
              </a>
            </li>
          </ul>
          <figure class="jh-infographic__picture">
            <img
              src={infographicHref(year, day, 'svg')}
              width="600"
              height="848"
              alt={t('reports.infographic.alt', {
                year,
                date: formatDate(ctx.locale, day),
              })}
            />
          </figure>
          <h2 class="ecl-u-type-heading-2 jh-infographic__figures">
            {t('reports.infographic.figures')}
          </h2>
          {infographic.figures.map((figure) => (
            <section class="jh-figure ecl-u-mb-l" aria-labelledby={`figure-${figure.id}`}>
              <h3 class="ecl-u-type-heading-3" id={`figure-${figure.id}`}>
                {figure.title}
              </h3>
              <p class="ecl-u-type-paragraph">{figure.alt}</p>
              {figure.table.rows.length > 0 ? (
                <DataTable
                  caption={`${figure.title}: ${t('reports.print.dataTable')}`}
                  header={figure.table.header}
                  rows={figure.table.rows}
                />
              ) : (
                <p class="ecl-u-type-paragraph jh-empty">{t('reports.infographic.none')}</p>
              )}
            </section>
          ))}
        </div>
      ) : null}
    </Layout>
  );
}
