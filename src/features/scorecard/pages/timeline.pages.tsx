import { requireActor } from '../../../app/access.js';
import { Notification, Table, urlWith } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatDate, formatNumber } from '../../../app/i18n/format.js';
import { activityStatuses } from '../../../db/schema.js';
import { tableHref } from '../scorecard.filters.js';
import { UNLINKED, type SectionOutline } from '../scorecard.views.js';
import { Legend, statusColours } from '../views/charts.js';
import { AssessmentLabel, statusLabel } from '../views/labels.js';
import { TimelineChart } from '../views/timeline-chart.js';
import { ViewPage } from '../views/view-page.js';
import { viewRoute, type ViewsApp, type ViewsKit } from './views.kit.js';

/** Bars the timeline draws at most: beyond that a chart is no longer readable. */
const TIMELINE_CAP = 200;

/** The timeline: the activities as bars on the months of the year, and as a table. */
export async function timelineViewPages(app: ViewsApp, kit: ViewsKit): Promise<void> {
  app.get('/scorecard/timeline', viewRoute, async (request, reply) => {
    const { ctx, t, year, filters, grouping, form } = await kit.prepare(
      request,
      '/scorecard/timeline',
    );
    const actor = requireActor(request.actor);
    const [timeline, sections] = await Promise.all([
      kit.views.timeline(actor, filters, grouping, TIMELINE_CAP),
      kit.views.sections(actor, year),
    ]);
    const titles = new Map(sections.map((s: SectionOutline) => [s.number, s.title]));
    const groupLabel = (key: string) => {
      if (grouping === 'lead') return key;
      if (key === UNLINKED) return t('scorecardViews.timeline.unlinked');
      return `${key} ${titles.get(key) ?? ''}`.trim();
    };
    const rows = timeline.groups.flatMap((group) =>
      group.activities.map((activity) => ({ group: group.key, activity })),
    );
    return sendHtml(
      reply,
      <ViewPage
        ctx={ctx}
        title={t('scorecardViews.timeline.title', { year })}
        tab="/scorecard/timeline"
        intro={t('scorecardViews.timeline.intro')}
        form={form(true)}
        filters={filters}
      >
        {timeline.total > timeline.shown ? (
          <Notification variant="warning">
            {t('scorecardViews.timeline.capped', {
              shown: formatNumber(ctx.locale, timeline.shown),
              total: formatNumber(ctx.locale, timeline.total),
            })}{' '}
            <a class="ecl-link" href={tableHref(filters, {})}>
              {t('scorecardViews.timeline.openTable', {
                total: formatNumber(ctx.locale, timeline.total),
              })}
            </a>
          </Notification>
        ) : null}
        {timeline.total === 0 ? (
          <p class="ecl-u-type-paragraph jh-empty">{t('scorecardViews.timeline.empty')}</p>
        ) : (
          <div>
            <Legend
              label={t('scorecardViews.timeline.legend')}
              items={activityStatuses.map((s) => ({
                colour: statusColours[s],
                name: statusLabel(ctx, s),
              }))}
            />
            {(['wide', 'narrow'] as const).map((layout) => (
              <TimelineChart
                ctx={ctx}
                year={year}
                groups={timeline.groups}
                groupLabel={groupLabel}
                layout={layout}
                label={t('scorecardViews.timeline.chartLabel', {
                  count: formatNumber(ctx.locale, timeline.shown),
                  year,
                  grouping: t(`scorecardViews.timeline.by.${grouping}`),
                })}
              />
            ))}
            <h2 class="ecl-u-type-heading-2 ecl-u-mt-l">
              {t('scorecardViews.timeline.tableHeading')}
            </h2>
            <Table
              ctx={ctx}
              caption={t('scorecardViews.timeline.caption', { year })}
              rows={rows}
              columns={[
                {
                  header: t(`scorecardViews.timeline.by.${grouping}`),
                  cell: (r) => groupLabel(r.group),
                },
                {
                  header: t('scorecard.field.title'),
                  cell: (r) => (
                    <a
                      class="ecl-link"
                      href={urlWith(`/scorecard/activities/${r.activity.id}`, {
                        asOf: filters.asOf,
                      })}
                    >
                      {r.activity.title}
                    </a>
                  ),
                },
                { header: t('scorecard.field.lead'), cell: (r) => r.activity.lead.acronym },
                {
                  header: t('scorecard.field.plannedStart'),
                  cell: (r) => formatDate(ctx.locale, r.activity.plannedStart),
                },
                {
                  header: t('scorecard.field.plannedEnd'),
                  cell: (r) => formatDate(ctx.locale, r.activity.plannedEnd),
                },
                {
                  header: t('scorecard.field.status'),
                  cell: (r) => statusLabel(ctx, r.activity.status),
                },
                {
                  header: t('scorecard.field.assessment'),
                  cell: (r) => <AssessmentLabel ctx={ctx} assessment={r.activity.assessment} />,
                },
              ]}
            />
          </div>
        )}
      </ViewPage>,
    );
  });
}
