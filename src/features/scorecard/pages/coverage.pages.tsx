import { requireActor } from '../../../app/access.js';
import { Table } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { tableHref } from '../scorecard.filters.js';
import { percentage } from '../scorecard.views.js';
import { CountLink, ViewPage } from '../views/view-page.js';
import { viewRoute, type ViewsApp, type ViewsKit } from './views.kit.js';

function percentText(ctx: PageContext, covered: number, lines: number): string {
  return ctx.t('scorecardViews.coverage.figure', {
    covered: formatNumber(ctx.locale, covered),
    lines: formatNumber(ctx.locale, lines),
    percent: percentage(covered, lines),
  });
}

function sectionHeadingId(number: string): string {
  return `coverage-${number.replace(/\W/g, '-')}`;
}

/** Coverage: how many lines of the priorities activities serve, and which none does. */
export async function coverageViewPages(app: ViewsApp, kit: ViewsKit): Promise<void> {
  app.get('/scorecard/coverage', viewRoute, async (request, reply) => {
    const { ctx, t, year, filters, form } = await kit.prepare(request, '/scorecard/coverage');
    const result = await kit.views.coverage(requireActor(request.actor), filters);
    return sendHtml(
      reply,
      <ViewPage
        ctx={ctx}
        title={t('scorecardViews.coverage.title', { year })}
        tab="/scorecard/coverage"
        intro={t('scorecardViews.coverage.intro')}
        form={form(false)}
        filters={filters}
      >
        {result.sections.length === 0 ? (
          <p class="ecl-u-type-paragraph jh-empty">
            {t('scorecardViews.coverage.noPriorities', { year })}
          </p>
        ) : (
          <div>
            <p class="ecl-u-type-paragraph-lead">
              {t('scorecardViews.coverage.summary', {
                figure: percentText(ctx, result.covered, result.lines),
              })}
            </p>
            {result.sections.map((section) => {
              const gaps = section.lines.filter((line) => line.activities === 0);
              return (
                <section class="ecl-u-mb-2xl" aria-labelledby={sectionHeadingId(section.number)}>
                  <h2 class="ecl-u-type-heading-2" id={sectionHeadingId(section.number)}>
                    {`${section.number} ${section.title}`}
                  </h2>
                  <p class="ecl-u-type-paragraph">
                    <strong>{percentText(ctx, section.covered, section.lines.length)}</strong>{' '}
                    {gaps.length === 0
                      ? t('scorecardViews.coverage.noGaps')
                      : t('scorecardViews.coverage.gaps', {
                          codes: gaps.map((line) => line.code).join(', '),
                        })}
                  </p>
                  <Table
                    ctx={ctx}
                    caption={t('scorecardViews.coverage.caption', {
                      section: `${section.number} ${section.title}`,
                    })}
                    rows={section.lines}
                    columns={[
                      { header: t('scorecardViews.coverage.line'), cell: (line) => line.code },
                      { header: t('scorecardViews.coverage.text'), cell: (line) => line.text },
                      {
                        header: t('scorecardViews.coverage.activities'),
                        cell: (line) =>
                          line.activities === 0 ? (
                            <span class="ecl-label ecl-label--high">
                              {t('scorecardViews.coverage.gap')}
                            </span>
                          ) : (
                            <CountLink
                              count={line.activities}
                              href={tableHref(filters, { line: line.code })}
                              label={t('scorecardViews.coverage.activitiesLabel', {
                                count: formatNumber(ctx.locale, line.activities),
                                code: line.code,
                              })}
                            />
                          ),
                      },
                    ]}
                  />
                </section>
              );
            })}
          </div>
        )}
      </ViewPage>,
    );
  });
}
