import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../app/access.js';
import { Notification, SelectField, Table, urlWith } from '../../app/html/components.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { formatDate, formatNumber } from '../../app/i18n/format.js';
import { activityStatuses, type ActivityStatus } from '../../db/schema.js';
import { barChart, lineChart, type ChartSeries } from './scorecard.charts.js';
import { type ActivityView, type ScorecardFilters } from './scorecard.model.js';
import { AssessmentLabel, statusLabel } from './scorecard.pages.js';
import { scorecardPolicy } from './scorecard.policy.js';
import { ScorecardTabs } from './scorecard.tabs.js';
import {
  assessmentBuckets,
  monthStarts,
  percentage,
  timelineGroupings,
  UNLINKED,
  yearPosition,
  type AssessmentBucket,
  type SectionOutline,
} from './scorecard.views.js';
import { scorecardViewsOf, type DashboardHeadline } from './scorecard.views.service.js';
import { todayUtc } from '../../app/dates.js';
import { FilterForm, FilterQuery, readFilters, tableHref, yearOf } from './scorecard.filters.js';

/** Bars the timeline draws at most: beyond that a chart is no longer readable. */
export const TIMELINE_CAP = 200;

/** The colours of statuses and assessments in charts; each also has its name in a legend. */
/**
 * Statuses in shades of blue, purple and grey, so that no status looks like an assessment's red,
 * amber or green; each keeps at least 3:1 against the white background.
 */
export const statusColours: Record<ActivityStatus, string> = {
  planned: '#5a8ad6',
  ongoing: '#1f4fa3',
  completed: '#0b2454',
  postponed: '#8e44ad',
  cancelled: '#6b6b6b',
};
export const assessmentColours: Record<AssessmentBucket, string> = {
  red: '#c62828',
  amber: '#b26a00',
  green: '#2e7d32',
  none: '#6b6b6b',
};

/** What every view page starts with: its tabs, its introduction, the filters, the as-of note. */
function ViewPage({
  ctx,
  title,
  tab,
  intro,
  form,
  filters,
  lead,
  printable = false,
  children,
}: {
  ctx: PageContext;
  title: string;
  tab: string;
  intro: string;
  form: Html;
  filters: ScorecardFilters;
  /** What comes before the filters, the first thing a reader sees. */
  lead?: Child;
  /** Made to be printed: each printed page repeats the title, the day and the marking. */
  printable?: boolean;
  children?: Child;
}): Html {
  const content = [
    <p class="ecl-u-type-paragraph jh-no-print">{intro}</p>,
    lead,
    form,
    filters.asOf ? (
      <Notification variant="info">
        {ctx.t('scorecard.asOfNotice', { date: formatDate(ctx.locale, filters.asOf) })}
      </Notification>
    ) : null,
    children,
  ];
  return (
    <Layout ctx={ctx} title={title}>
      <ScorecardTabs ctx={ctx} current={tab} year={filters.year} />
      {printable ? (
        <PrintFrame ctx={ctx} title={title}>
          {content}
        </PrintFrame>
      ) : (
        content
      )}
    </Layout>
  );
}

/** A count that opens the matching activities in the table; nothing to open for a zero. */
function CountLink({ count, href, label }: { count: number; href: string; label: string }): Html {
  if (count === 0) return <span>0</span>;
  return (
    <a class="ecl-link" href={href} aria-label={label}>
      {String(count)}
    </a>
  );
}

/** A colour swatch for a legend; the name beside it says what the colour stands for. */
function Swatch({ colour }: { colour: string }): Html {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect width="14" height="14" fill={colour} />
    </svg>
  );
}

function Legend({
  label,
  items,
}: {
  label: string;
  items: { colour: string; name: string }[];
}): Html {
  return (
    <div class="ecl-u-mb-m">
      <p class="ecl-u-type-paragraph ecl-u-mb-xs" id="legend-label">
        {label}
      </p>
      <ul class="jh-actions ecl-u-mt-none ecl-u-pl-none" aria-labelledby="legend-label">
        {items.map((item) => (
          <li class="ecl-u-d-inline-block ecl-u-type-paragraph">
            <Swatch colour={item.colour} /> {item.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The timeline's geometry. On a wide screen each activity is one row, its title left of its bar;
 * on a phone the title stands above its bar across the whole width, so both stay readable.
 */
const TIMELINE = {
  wide: {
    width: 1000,
    labelWidth: 310,
    right: 12,
    axis: 30,
    group: 30,
    row: 22,
    bar: 14,
    title: 48,
  },
  narrow: { width: 360, labelWidth: 0, right: 4, axis: 26, group: 28, row: 36, bar: 12, title: 52 },
};

/** The activities as bars on the months of the year, drawn here as SVG: text is escaped. */
function TimelineChart({
  ctx,
  year,
  groups,
  label,
  groupLabel,
  layout,
}: {
  ctx: PageContext;
  year: number;
  groups: { key: string; activities: ActivityView[] }[];
  label: string;
  groupLabel: (key: string) => string;
  layout: 'wide' | 'narrow';
}): Html {
  const g = TIMELINE[layout];
  const narrow = layout === 'narrow';
  const span = g.width - g.labelWidth - g.right;
  const x = (position: number) => g.labelWidth + position * span;
  const height =
    g.axis + groups.reduce((sum, group) => sum + g.group + group.activities.length * g.row, 0) + 8;
  const monthName = new Intl.DateTimeFormat(ctx.locale, {
    month: narrow ? 'narrow' : 'short',
    timeZone: 'UTC',
  });
  const starts = monthStarts(year);
  const rows: Html[] = [];
  let y = g.axis;
  for (const group of groups) {
    rows.push(
      <text x="0" y={y + 20} font-size="14" font-weight="bold" fill="#262626">
        {truncate(groupLabel(group.key), narrow ? 44 : 110)}
      </text>,
    );
    y += g.group;
    for (const activity of group.activities) {
      const start = yearPosition(activity.plannedStart, year, 'start');
      const end = yearPosition(activity.plannedEnd, year, 'end');
      const barTitle = ctx.t('scorecardViews.timeline.barTitle', {
        title: activity.title,
        start: formatDate(ctx.locale, activity.plannedStart),
        end: formatDate(ctx.locale, activity.plannedEnd),
        status: statusLabel(ctx, activity.status),
      });
      rows.push(
        <g>
          <title>{barTitle}</title>
          <text
            x={narrow ? '0' : '8'}
            y={y + (narrow ? 13 : 15)}
            font-size={narrow ? '13' : '12'}
            fill="#404040"
          >
            {truncate(activity.title, g.title)}
          </text>
          <rect
            x={x(start).toFixed(1)}
            y={narrow ? y + 18 : y + (g.row - g.bar) / 2}
            width={Math.max(2, (end - start) * span).toFixed(1)}
            height={g.bar}
            fill={statusColours[activity.status]}
          />
        </g>,
      );
      y += g.row;
    }
  }
  return (
    <svg
      viewBox={`0 0 ${String(g.width)} ${String(height)}`}
      width="100%"
      role="img"
      aria-label={label}
      focusable="false"
      font-family="Arial, sans-serif"
      class={`jh-chart jh-chart--${layout}`}
    >
      {starts.map((position, month) => (
        <g>
          <line
            x1={x(position).toFixed(1)}
            x2={x(position).toFixed(1)}
            y1={g.axis - 6}
            y2={height}
            stroke="#cfcfcf"
          />
          <text x={(x(position) + 4).toFixed(1)} y="16" font-size="12" fill="#404040">
            {monthName.format(new Date(Date.UTC(year, month, 1)))}
          </text>
        </g>
      ))}
      {rows}
    </svg>
  );
}

/**
 * A chart drawn twice: at its own size for a wide screen and at a phone's width, where the wide
 * drawing scaled down would shrink its text below reading size. The stylesheet shows one.
 */
function Responsive({
  draw,
  width,
}: {
  draw: (width: number, height: number) => Html;
  width: number;
}): Html {
  return (
    <div>
      <div class="jh-chart jh-chart--wide">{draw(width, 360)}</div>
      <div class="jh-chart jh-chart--narrow">{draw(360, 320)}</div>
    </div>
  );
}

/**
 * A chart with the table of its figures beside it; a table too wide to sit beside the chart
 * (`wide`) goes below it, so that every column shows without scrolling.
 */
function Figure({
  caption,
  note,
  chart,
  table,
  wide = false,
}: {
  caption: string;
  note?: string;
  chart: Html;
  table: Html;
  wide?: boolean;
}): Html {
  return (
    <figure
      class={`ecl-u-mb-2xl ecl-u-ml-none ecl-u-mr-none jh-figure${wide ? ' jh-figure--wide' : ''}`}
    >
      <figcaption class="ecl-u-type-heading-3">{caption}</figcaption>
      {note ? <p class="ecl-u-type-paragraph">{note}</p> : null}
      <div class="ecl-row">
        <div class={wide ? 'ecl-col-12' : 'ecl-col-12 ecl-col-l-7'}>{chart}</div>
        <div class={wide ? 'ecl-col-12' : 'ecl-col-12 ecl-col-l-5'}>{table}</div>
      </div>
    </figure>
  );
}

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

/**
 * On paper, every page repeats the dashboard's title, the day it was printed and its marking:
 * the browser repeats a table's header group on each printed page, and the frame is one in print.
 */
function PrintFrame({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  title: string;
  children?: Child;
}): Html {
  const { t } = ctx;
  return (
    <table class="jh-print-frame" role="presentation">
      <thead class="jh-print-frame__head" aria-hidden="true">
        <tr>
          <td>
            <div class="jh-print-frame__line">
              <span>{title}</span>
              <span>{t('print.printedOn', { date: formatDate(ctx.locale, todayUtc()) })}</span>
              <span>{t('print.noMarking')}</span>
            </div>
          </td>
        </tr>
      </thead>
      <tbody class="jh-print-frame__body">
        <tr>
          <td>{children}</td>
        </tr>
      </tbody>
    </table>
  );
}

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

export async function scorecardViewsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scorecard } = app.services;
  const views = scorecardViewsOf(app.services);
  const access = { access: scorecardPolicy.read, page: true };

  /** The request's year (the latest when none or an unknown one is asked for) and filters. */
  async function prepare(
    request: { query: FilterQuery; pageContext: () => PageContext },
    action: string,
  ) {
    const ctx = request.pageContext();
    const years = await scorecard.years();
    const year = yearOf(request.query, years);
    const { filters, errors, choose } = readFilters(ctx, request.query, year);
    const grouping = choose('by', timelineGroupings) ?? 'section';
    const vocabulary = await scorecard.vocabulary(year);
    const form = (withGrouping: boolean) => (
      <FilterForm
        ctx={ctx}
        action={action}
        filters={filters}
        years={years.length > 0 ? years : [year]}
        vocabulary={vocabulary}
        errors={errors}
        extra={
          withGrouping ? (
            <SelectField
              name="by"
              label={ctx.t('scorecardViews.timeline.by')}
              value={grouping}
              errors={errors}
              options={timelineGroupings.map((g) => ({
                value: g,
                label: ctx.t(`scorecardViews.timeline.by.${g}`),
              }))}
            />
          ) : null
        }
      />
    );
    return { ctx, t: ctx.t, year, filters, grouping, form };
  }

  const send = (reply: FastifyReply, page: Html) => sendHtml(reply, page);

  app.get(
    '/scorecard/agencies',
    { schema: { querystring: FilterQuery }, config: access },
    async (request, reply) => {
      const { ctx, t, year, filters, form } = await prepare(request, '/scorecard/agencies');
      const figures = await views.agencies(requireActor(request.actor), filters);
      const count = (n: number) => formatNumber(ctx.locale, n);
      const bucketLabel = (bucket: AssessmentBucket) => t(`scorecard.assessment.${bucket}`);
      return send(
        reply,
        <ViewPage
          ctx={ctx}
          title={t('scorecardViews.agencies.title', { year })}
          tab="/scorecard/agencies"
          intro={t('scorecardViews.agencies.intro')}
          form={form(false)}
          filters={filters}
        >
          <Table
            ctx={ctx}
            caption={t('scorecardViews.agencies.caption', { year })}
            rows={figures}
            columns={[
              {
                header: t('scorecardViews.agencies.agency'),
                cell: (f) => (
                  <span>
                    <strong>{f.agency.acronym}</strong>
                    <br />
                    <span class="ecl-u-type-s">{f.agency.name}</span>
                  </span>
                ),
              },
              {
                header: t('scorecardViews.agencies.leads'),
                cell: (f) => (
                  <CountLink
                    count={f.leads}
                    href={tableHref(filters, { agency: f.agency.acronym, agencyRole: 'lead' })}
                    label={t('scorecardViews.agencies.leadsLabel', {
                      count: count(f.leads),
                      agency: f.agency.acronym,
                    })}
                  />
                ),
              },
              {
                header: t('scorecardViews.agencies.joins'),
                cell: (f) => (
                  <CountLink
                    count={f.joins}
                    href={tableHref(filters, {
                      agency: f.agency.acronym,
                      agencyRole: 'participant',
                    })}
                    label={t('scorecardViews.agencies.joinsLabel', {
                      count: count(f.joins),
                      agency: f.agency.acronym,
                    })}
                  />
                ),
              },
              {
                header: t('scorecardViews.agencies.byStatus'),
                cell: (f) => {
                  const present = activityStatuses.filter((s) => f.byStatus[s] > 0);
                  if (present.length === 0) return t('common.none');
                  return (
                    <ul class="jh-plain-list">
                      {present.map((s) => (
                        <li>
                          <a
                            class="ecl-link"
                            href={tableHref(filters, {
                              agency: f.agency.acronym,
                              agencyRole: undefined,
                              status: s,
                            })}
                          >
                            {t('scorecardViews.agencies.count', {
                              label: statusLabel(ctx, s),
                              count: count(f.byStatus[s]),
                            })}
                          </a>
                        </li>
                      ))}
                    </ul>
                  );
                },
              },
              {
                header: t('scorecardViews.agencies.byAssessment'),
                cell: (f) => {
                  const present = assessmentBuckets.filter((b) => f.byAssessment[b] > 0);
                  if (present.length === 0) return t('common.none');
                  return (
                    <ul class="jh-plain-list">
                      {present.map((b) => {
                        const text = t('scorecardViews.agencies.count', {
                          label: bucketLabel(b),
                          count: count(f.byAssessment[b]),
                        });
                        return (
                          <li>
                            {b === 'none' ? (
                              text
                            ) : (
                              <a
                                class="ecl-link"
                                href={tableHref(filters, {
                                  agency: f.agency.acronym,
                                  agencyRole: undefined,
                                  assessment: b,
                                })}
                              >
                                {text}
                              </a>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  );
                },
              },
            ]}
          />
        </ViewPage>,
      );
    },
  );

  app.get(
    '/scorecard/coverage',
    { schema: { querystring: FilterQuery }, config: access },
    async (request, reply) => {
      const { ctx, t, year, filters, form } = await prepare(request, '/scorecard/coverage');
      const result = await views.coverage(requireActor(request.actor), filters);
      return send(
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
    },
  );

  app.get(
    '/scorecard/timeline',
    { schema: { querystring: FilterQuery }, config: access },
    async (request, reply) => {
      const { ctx, t, year, filters, grouping, form } = await prepare(
        request,
        '/scorecard/timeline',
      );
      const actor = requireActor(request.actor);
      const [timeline, sections] = await Promise.all([
        views.timeline(actor, filters, grouping, TIMELINE_CAP),
        views.sections(actor, year),
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
      return send(
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
    },
  );

  app.get(
    '/scorecard/dashboard',
    { schema: { querystring: FilterQuery }, config: access },
    async (request, reply) => {
      const { ctx, t, year, filters, form } = await prepare(request, '/scorecard/dashboard');
      const figures = await views.dashboard(requireActor(request.actor), filters);
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
      return send(
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
    },
  );
}
