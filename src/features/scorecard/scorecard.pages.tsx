import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { LinkButton, Notification, Pagination, Table, urlWith } from '../../app/html/components.js';
import { formatDate, formatNumber } from '../../app/i18n/format.js';
import { scorecardSortKeys, type ActivityView, type ScorecardQuery } from './scorecard.model.js';
import { scorecardPolicy } from './scorecard.policy.js';
import type { Scorecard } from './scorecard.service.js';
import { sendPage } from '../../app/html/send-page.js';
import { ScorecardTabs } from './scorecard.tabs.js';
import { SavedViews, viewLinks } from '../search/saved-views.service.js';
import { FilterForm, FilterQuery, filterParams, readFilters, yearOf } from './scorecard.filters.js';
import { activityPages } from './pages/activity.pages.js';
import { activityHref, AssessmentLabel, statusLabel } from './views/labels.js';
import { nameOnDateLabel } from '../network/names-on-date.js';

const PAGE_SIZE = 50;

export { AssessmentLabel, kindLabel, statusLabel } from './views/labels.js';

function ScorecardTable({
  ctx,
  query,
  items,
}: {
  ctx: PageContext;
  query: ScorecardQuery;
  items: ActivityView[];
}): Html {
  const { t } = ctx;
  const params = filterParams(query);
  return (
    <Table
      ctx={ctx}
      caption={t('scorecard.caption', { year: query.year })}
      rows={items}
      sort={{
        key: query.sort,
        direction: query.direction,
        href: (sort, direction) => urlWith('/scorecard', { ...params, sort, direction }),
      }}
      columns={[
        {
          header: t('scorecard.field.title'),
          sortKey: 'title',
          cell: (a) => (
            <a class="ecl-link" href={activityHref(a, query.asOf)}>
              {a.title}
            </a>
          ),
        },
        { header: t('scorecard.field.lines'), cell: (a) => a.lines.map((l) => l.code).join(', ') },
        {
          header: t('scorecard.field.lead'),
          sortKey: 'lead',
          cell: (a) => nameOnDateLabel(t, a.lead),
        },
        {
          header: t('scorecard.field.participants'),
          cell: (a) =>
            a.participants.map((p) => nameOnDateLabel(t, p)).join(', ') || t('common.none'),
        },
        {
          header: t('scorecard.field.status'),
          sortKey: 'status',
          cell: (a) => statusLabel(ctx, a.status),
        },
        {
          header: t('scorecard.field.assessment'),
          sortKey: 'assessment',
          cell: (a) => <AssessmentLabel ctx={ctx} assessment={a.assessment} />,
        },
        {
          header: t('scorecard.field.plannedStart'),
          sortKey: 'start',
          cell: (a) => formatDate(ctx.locale, a.plannedStart),
        },
        {
          header: t('scorecard.field.plannedEnd'),
          sortKey: 'end',
          cell: (a) => formatDate(ctx.locale, a.plannedEnd),
        },
        {
          header: t('scorecard.field.updated'),
          sortKey: 'updated',
          cell: (a) => formatDate(ctx.locale, a.updatedAt),
        },
      ]}
    />
  );
}

export async function scorecardPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const scorecard: Scorecard = app.services.scorecard;
  const savedViews = new SavedViews(app.services.database, app.services.audit);

  const actorOf = (request: { actor: Actor | null }) => requireActor(request.actor);
  const mayCreate = (actor: Actor) => actor.role === 'admin' || actor.role === 'contact';

  app.get(
    '/scorecard',
    {
      schema: { querystring: FilterQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const years = await scorecard.years();
      const year = yearOf(request.query, years);
      const { filters, errors, choose } = readFilters(ctx, request.query, year);
      const query: ScorecardQuery = {
        ...filters,
        sort: choose('sort', scorecardSortKeys) ?? 'title',
        direction: choose('direction', ['asc', 'desc'] as const) ?? 'asc',
        page: request.query.page,
        pageSize: PAGE_SIZE,
      };
      const vocabulary = await scorecard.vocabulary(year);
      const [page, views] = await Promise.all([
        scorecard.list(actor, query, vocabulary),
        savedViews.list(actor, 'scorecard', t),
      ]);
      const params = filterParams(query);
      const shown = new URLSearchParams();
      for (const [name, value] of Object.entries(params))
        if (value !== undefined && value !== '') shown.set(name, String(value));
      const exportParams = { ...params, sort: query.sort, direction: query.direction };
      return sendPage(
        reply,
        ctx,
        t('scorecard.title', { year }),
        <div>
          <ScorecardTabs ctx={ctx} current="/scorecard" filters={filters} />
          <p class="ecl-u-type-paragraph">{t('scorecard.intro')}</p>
          {mayCreate(actor) ? (
            <p class="jh-actions">
              <LinkButton href={urlWith('/scorecard/activities/new', { year })}>
                {t('scorecard.new')}
              </LinkButton>
              <a class="ecl-link ecl-link--standalone" href="/scorecard/import">
                {t('scorecardImport.title')}
              </a>
            </p>
          ) : null}
          <FilterForm
            ctx={ctx}
            action="/scorecard"
            filters={filters}
            years={years.length > 0 ? years : [year]}
            vocabulary={vocabulary}
            errors={errors}
            hidden={{ sort: query.sort, direction: query.direction }}
            views={viewLinks('scorecard', views, shown)}
          />
          {query.asOf ? (
            <Notification variant="info">
              {t('scorecard.asOfNotice', { date: formatDate(ctx.locale, query.asOf) })}
            </Notification>
          ) : null}
          <p class="ecl-u-type-paragraph" role="status">
            {t('common.resultCount', { count: formatNumber(ctx.locale, page.total) })}{' '}
            <a class="ecl-link" href={urlWith('/scorecard/export.xlsx', exportParams)}>
              {t('scorecard.exportXlsx')}
            </a>{' '}
            <a class="ecl-link" href={urlWith('/scorecard/export.csv', exportParams)}>
              {t('common.exportCsv')}
            </a>{' '}
            <a
              class="ecl-link"
              href={urlWith('/scorecard/export.csv', { ...exportParams, separator: 'semicolon' })}
            >
              {t('common.exportCsvSemicolon')}
            </a>
          </p>
          {page.total === 0 ? (
            <p class="ecl-u-type-paragraph jh-empty">{t('scorecard.empty')}</p>
          ) : (
            <ScorecardTable ctx={ctx} query={query} items={page.items} />
          )}
          <Pagination
            ctx={ctx}
            page={page.page}
            pageSize={page.pageSize}
            total={page.total}
            href={(n) =>
              urlWith('/scorecard', {
                ...params,
                sort: query.sort,
                direction: query.direction,
                page: n,
              })
            }
          />
        </div>,
      );
    },
  );

  await activityPages(fastify);
}
