import { requireActor } from '../../../app/access.js';
import { Table } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatDate, formatNumber } from '../../../app/i18n/format.js';
import { activityStatuses } from '../../../db/schema.js';
import { barChart, lineChart, type ChartSeries } from '../scorecard.charts.js';
import type { ScorecardFilters } from '../scorecard.model.js';
import { tableHref } from '../scorecard.filters.js';
import { assessmentBuckets } from '../scorecard.views.js';
import type { DashboardHeadline } from '../scorecard.views.service.js';
import { assessmentColours, Figure, Responsive, statusColours } from '../views/charts.js';
import { statusLabel } from '../views/labels.js';
import { ViewPage } from '../views/view-page.js';
import { viewRoute, type ViewsApp, type ViewsKit } from './views.kit.js';

/** ECL's facts and figures: the dashboard's first figures, each opening the activities it counts. */
function Headline({
  ctx,
  figures,
  filters,
}: {
  ctx: PageContext;
  figures: DashboardHeadline;
  filters: ScorecardFilters;
}): Html {
  const { t } = ctx;
  const items: { value: number; title: string; href: string }[] = [
    {
      value: figures.activities,
      title: t('scorecardViews.headline.activities'),
      href: tableHref(filters, {}),
    },
    ...(['ongoing', 'completed'] as const).map((status) => ({
      value: figures.byStatus[status],
      title: statusLabel(ctx, status),
      href: tableHref(filters, { status }),
    })),
    ...(['amber', 'red'] as const).map((assessment) => ({
      value: figures.byAssessment[assessment],
      title: t(`scorecard.assessment.${assessment}`),
      href: tableHref(filters, { assessment }),
    })),
  ];
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="headline-heading">
      <h2 class="ecl-u-sr-only" id="headline-heading">
        {t('scorecardViews.headline.heading')}
      </h2>
      <div class="ecl-fact-figures ecl-fact-figures--col-3 jh-headline">
        <div class="ecl-fact-figures__items">
          {items.map((item) => (
            <div class="ecl-fact-figures__item">
              <div class="ecl-fact-figures__value">{formatNumber(ctx.locale, item.value)}</div>
              <div class="ecl-fact-figures__title">
                <a class="ecl-link ecl-link--standalone" href={item.href}>
                  {item.title}
                </a>
              </div>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

/** The dashboard: headline figures, then charts each with the table of its figures. */
export async function dashboardViewPages(app: ViewsApp, kit: ViewsKit): Promise<void> {
  app.get('/scorecard/dashboard', viewRoute, async (request, reply) => {
    const { ctx, t, year, filters, form } = await kit.prepare(request, '/scorecard/dashboard');
    const figures = await kit.views.dashboard(requireActor(request.actor), filters);
    const n = (value: number) => formatNumber(ctx.locale, value);
    const statusSeries: ChartSeries[] = activityStatuses.map((s) => ({
      name: statusLabel(ctx, s),
      colour: statusColours[s],
      values: figures.statusBySection.map((row) => row.byStatus[s]),
    }));
    const agencySeries: ChartSeries[] = [
      {
        name: t('scorecardViews.dashboard.leads'),
        colour: '#004494',
        values: figures.agencies.map((a) => a.leads),
      },
      {
        name: t('scorecardViews.dashboard.joins'),
        colour: '#8e44ad',
        values: figures.agencies.map((a) => a.joins),
      },
    ];
    const monthName = new Intl.DateTimeFormat(ctx.locale, { month: 'short', timeZone: 'UTC' });
    const months = figures.assessmentOverTime.map((m) =>
      monthName.format(new Date(`${m.day}T12:00:00Z`)),
    );
    const assessmentSeries: ChartSeries[] = assessmentBuckets.map((b) => ({
      name: t(`scorecard.assessment.${b}`),
      colour: assessmentColours[b],
      values: figures.assessmentOverTime.map((m) => m.counts[b]),
    }));
    const nothing = <p class="ecl-u-type-paragraph jh-empty">{t('common.empty')}</p>;
    const title = t('scorecardViews.dashboard.title', { year });
    return sendHtml(
      reply,
      <ViewPage
        ctx={ctx}
        title={title}
        tab="/scorecard/dashboard"
        intro={t('scorecardViews.dashboard.intro')}
        form={form(false)}
        filters={filters}
        lead={<Headline ctx={ctx} figures={figures.headline} filters={filters} />}
        printable
      >
        <Figure
          wide
          caption={t('scorecardViews.dashboard.statusCaption')}
          note={t('scorecardViews.dashboard.statusNote')}
          chart={
            figures.statusBySection.length === 0 ? (
              nothing
            ) : (
              <Responsive
                width={640}
                draw={(width, height) =>
                  barChart(
                    figures.statusBySection.map((row) => row.number),
                    statusSeries,
                    {
                      label: t('scorecardViews.dashboard.statusLabel', { year }),
                      width,
                      height,
                      stacked: true,
                    },
                  )
                }
              />
            )
          }
          table={
            <Table
              ctx={ctx}
              caption={t('scorecardViews.dashboard.statusCaption')}
              rows={figures.statusBySection}
              columns={[
                {
                  header: t('scorecard.field.section'),
                  cell: (row) => (
                    <a class="ecl-link" href={tableHref(filters, { section: row.number })}>
                      {`${row.number} ${row.title}`}
                    </a>
                  ),
                },
                ...activityStatuses.map((s) => ({
                  header: statusLabel(ctx, s),
                  cell: (row: (typeof figures.statusBySection)[number]) => n(row.byStatus[s]),
                })),
              ]}
            />
          }
        />
        <Figure
          caption={t('scorecardViews.dashboard.agencyCaption')}
          chart={
            figures.agencies.length === 0 ? (
              nothing
            ) : (
              <Responsive
                width={720}
                draw={(width, height) =>
                  barChart(
                    figures.agencies.map((a) => a.acronym),
                    agencySeries,
                    {
                      label: t('scorecardViews.dashboard.agencyLabel', { year }),
                      width,
                      height,
                      stacked: false,
                    },
                  )
                }
              />
            )
          }
          table={
            <Table
              ctx={ctx}
              caption={t('scorecardViews.dashboard.agencyCaption')}
              rows={figures.agencies}
              columns={[
                { header: t('scorecard.field.agency'), cell: (a) => a.acronym },
                { header: t('scorecardViews.dashboard.leads'), cell: (a) => n(a.leads) },
                { header: t('scorecardViews.dashboard.joins'), cell: (a) => n(a.joins) },
              ]}
            />
          }
        />
        <Figure
          caption={t('scorecardViews.dashboard.assessmentCaption')}
          note={t('scorecardViews.dashboard.assessmentNote')}
          chart={
            figures.assessmentOverTime.length === 0 ? (
              nothing
            ) : (
              <Responsive
                width={640}
                draw={(width, height) =>
                  lineChart(months, assessmentSeries, {
                    label: t('scorecardViews.dashboard.assessmentLabel', { year }),
                    width,
                    height,
                  })
                }
              />
            )
          }
          table={
            <Table
              ctx={ctx}
              caption={t('scorecardViews.dashboard.assessmentCaption')}
              rows={figures.assessmentOverTime}
              columns={[
                {
                  header: t('scorecardViews.dashboard.day'),
                  cell: (m) => formatDate(ctx.locale, m.day),
                },
                ...assessmentBuckets.map((b) => ({
                  header: t(`scorecard.assessment.${b}`),
                  cell: (m: (typeof figures.assessmentOverTime)[number]) => n(m.counts[b]),
                })),
              ]}
            />
          }
        />
      </ViewPage>,
    );
  });
}
