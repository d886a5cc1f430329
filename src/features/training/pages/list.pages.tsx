import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { Layout } from '../../../app/html/layout.js';
import { LinkButton, Pagination, Table, urlWith } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { spokenMonth } from '../../meetings/meeting-time.js';
import { shiftMonth } from '../../meetings/views/month-grid.js';
import { trainingPolicy } from '../training.policy.js';
import { TrainingMonth } from '../views/month.js';
import {
  audienceLabel,
  organisers,
  period,
  topicsText,
  TrainingTitle,
  TrainingViews,
} from '../views/parts.js';
import {
  listHref,
  PageFilterQuery,
  readFilters,
  serviceFilters,
  TrainingFilterBar,
} from './filters.js';
import type { PagesApp } from './kit.js';

const PAGE_SIZE = 25;

const MonthQuery = Type.Object({
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
});

/** The matrix as a list with its filters, and as a month calendar. */
export async function trainingListPages(app: PagesApp): Promise<void> {
  const { trainings } = app.services;

  app.get(
    '/training',
    {
      schema: { querystring: PageFilterQuery },
      config: { access: trainingPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(ctx.actor);
      const organisations = await trainings.organisations();
      const { filters, errors } = readFilters(request.query, organisations, ctx);
      const [result, years] = await Promise.all([
        trainings.list(actor, {
          ...serviceFilters(filters, organisations),
          sort: filters.sort,
          direction: filters.direction,
          page: request.query.page,
          pageSize: PAGE_SIZE,
        }),
        trainings.years(actor),
      ]);
      const agencies = [
        ...new Set(
          [...organisations.values()].filter((o) => o.kind === 'agency').map((o) => o.acronym),
        ),
      ].sort();
      const filtered = Object.values({ ...filters, sort: undefined, direction: undefined }).some(
        (v) => v !== undefined,
      );
      const mayEnter = actor.role === 'admin' || actor.role === 'contact';
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('training.title')}>
          <p class="ecl-u-type-paragraph">{t('training.intro')}</p>
          <TrainingViews ctx={ctx} current="/training" keep={{ year: filters.year }} />
          {mayEnter ? (
            <p class="jh-actions">
              <LinkButton href="/training/new">{t('training.new')}</LinkButton>
            </p>
          ) : null}
          <TrainingFilterBar
            ctx={ctx}
            action="/training"
            filters={filters}
            errors={errors}
            years={years}
            agencies={agencies}
          />
          <p class="ecl-u-type-paragraph" role="status">
            {t('common.resultCount', { count: formatNumber(ctx.locale, result.total) })}
          </p>
          {result.total === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">
              {filtered ? t('training.empty') : t('training.emptyAll')}
            </p>
          ) : (
            <Table
              ctx={ctx}
              caption={t('training.caption')}
              rows={result.items}
              sort={{
                key: filters.sort,
                direction: filters.direction,
                href: (key, direction) =>
                  listHref('/training', {
                    ...filters,
                    sort: key as typeof filters.sort,
                    direction,
                  }),
              }}
              columns={[
                {
                  header: t('training.field.title'),
                  sortKey: 'title',
                  cell: (tr) => <TrainingTitle ctx={ctx} training={tr} />,
                },
                {
                  header: t('training.field.when'),
                  sortKey: 'start',
                  cell: (tr) => period(ctx, tr),
                },
                {
                  header: t('training.field.organiser'),
                  sortKey: 'organiser',
                  cell: (tr) => organisers(tr),
                },
                {
                  header: t('training.field.audience'),
                  cell: (tr) => audienceLabel(t, tr.audience),
                },
                { header: t('training.field.topics'), cell: (tr) => topicsText(ctx, tr.topics) },
                {
                  header: t('training.field.participants'),
                  sortKey: 'participants',
                  cell: (tr) =>
                    tr.participants === null
                      ? t('training.unknown')
                      : formatNumber(ctx.locale, tr.participants),
                },
              ]}
            />
          )}
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={PAGE_SIZE}
            total={result.total}
            href={(p) => listHref('/training', filters, { page: p })}
          />
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={listHref('/training/export.xlsx', filters)}
            >
              {t('training.exportXlsx')}
            </a>
          </p>
        </Layout>,
      );
    },
  );

  app.get(
    '/training/calendar',
    { schema: { querystring: MonthQuery }, config: { access: trainingPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t, locale } = ctx;
      const actor = requireActor(ctx.actor);
      let month = request.query.month;
      if (!month) {
        // This month, or the first month of the matrix's latest year when that is another year.
        const [latest] = await trainings.years(actor);
        const now = new Date().toISOString().slice(0, 7);
        month =
          latest === undefined || String(latest) === now.slice(0, 4) ? now : `${String(latest)}-01`;
      }
      const next = shiftMonth(month, 1);
      const lastDay = new Date(Date.parse(`${next}-01T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const found = await trainings.between(actor, `${month}-01`, lastDay);
      const monthName = spokenMonth(locale, month);
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('training.calendar.title', { month: monthName })}>
          <TrainingViews ctx={ctx} current="/training/calendar" />
          <nav class="jh-actions" aria-label={t('training.calendar.months')}>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/training/calendar', { month: shiftMonth(month, -1) })}
            >
              {t('training.calendar.previous')}
            </a>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/training/calendar', { month: next })}
            >
              {t('training.calendar.next')}
            </a>
          </nav>
          <TrainingMonth ctx={ctx} month={month} trainings={found} />
          <h2 class="ecl-u-type-heading-2">{t('training.calendar.list', { month: monthName })}</h2>
          {found.length === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">
              {t('training.calendar.none', { month: monthName })}
            </p>
          ) : (
            <ul class="ecl-unordered-list ecl-unordered-list--divider">
              {found.map((training) => (
                <li class="ecl-unordered-list__item">
                  <TrainingTitle ctx={ctx} training={training} />
                  <span class="jh-block">
                    {period(ctx, training)}, {organisers(training)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    },
  );
}
