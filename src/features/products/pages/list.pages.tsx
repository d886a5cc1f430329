import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { todayUtc } from '../../../app/dates.js';
import {
  LinkButton,
  Pagination,
  SelectField,
  Table,
  TextField,
  urlWith,
} from '../../../app/html/components.js';
import { FilterBar, type ActiveFilter } from '../../../app/html/filter-bar.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { ViewSwitcher } from '../../../app/html/view-switcher.js';
import { formatDate } from '../../../app/i18n/format.js';
import {
  productSortKeys,
  type FacetName,
  type FacetValue,
  type ProductPage,
  type ProductQuery,
  type ProductSortKey,
  type UpcomingEdition,
} from '../products.model.js';
import { productsPolicy } from '../products.policy.js';
import { isOneOf } from '../products.vocabulary.js';
import { countryName, languageName, periodText, productHref } from '../views/labels.js';

const filterText = (maxLength = 60) => Type.Optional(Type.String({ maxLength }));

/** The list's filters as its GET form sends them: each one text, empty when not chosen. */
const ListQuery = Type.Object({
  q: filterText(200),
  kind: filterText(),
  agency: filterText(),
  topic: filterText(),
  country: filterText(10),
  language: filterText(10),
  year: filterText(4),
  periodicity: filterText(),
  sort: filterText(20),
  direction: filterText(4),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
type ListQuery = Static<typeof ListQuery>;

const facetNames: readonly FacetName[] = [
  'kind',
  'agency',
  'topic',
  'country',
  'language',
  'year',
  'periodicity',
];
const primaryFacets: readonly FacetName[] = ['kind', 'agency'];

/** The page's filters as the service's query; an empty field is no filter. */
function queryOf(query: ListQuery): ProductQuery {
  const one = (value: string | undefined) => (value ? [value] : undefined);
  const year = query.year && /^\d{4}$/.test(query.year) ? [Number(query.year)] : undefined;
  return {
    q: query.q || undefined,
    kind: one(query.kind),
    agency: one(query.agency),
    topic: one(query.topic),
    country: one(query.country),
    language: one(query.language),
    year,
    periodicity: one(query.periodicity),
    sort: query.sort && isOneOf(productSortKeys, query.sort) ? query.sort : 'title',
    direction: query.direction === 'desc' ? 'desc' : 'asc',
    page: query.page,
    pageSize: 20,
  };
}

/** A facet's value in words. */
function facetLabel(ctx: PageContext, facet: FacetName, value: string): string {
  const { t } = ctx;
  switch (facet) {
    case 'kind':
      return t(`products.kind.${value}` as Parameters<typeof t>[0]);
    case 'topic':
      return t(`products.topic.${value}` as Parameters<typeof t>[0]);
    case 'periodicity':
      return t(`products.periodicity.${value}` as Parameters<typeof t>[0]);
    case 'country':
      return countryName(value);
    case 'language':
      return languageName(value);
    default:
      return value;
  }
}

/** Keys of the catalogue for the facets' words, checked against the vocabularies they list. */
const facetFieldLabels = {
  kind: 'products.field.kind',
  agency: 'products.field.agencies',
  topic: 'products.field.topics',
  country: 'products.field.countries',
  language: 'products.field.languages',
  year: 'products.field.year',
  periodicity: 'products.field.periodicity',
} as const;

function keptQuery(query: ListQuery): Record<string, string | undefined> {
  return {
    q: query.q || undefined,
    ...Object.fromEntries(facetNames.map((f) => [f, query[f] || undefined])),
  };
}

function Facets({
  ctx,
  query,
  page,
}: {
  ctx: PageContext;
  query: ListQuery;
  page: ProductPage;
}): Html {
  const { t } = ctx;
  const select = (facet: FacetName) => {
    const chosen = query[facet] ?? '';
    const values: FacetValue[] = page.facets[facet];
    const options = [
      { value: '', label: t('products.filter.any') },
      ...values.map((v) => ({
        value: v.value,
        label: `${facetLabel(ctx, facet, v.value)} (${String(v.count)})`,
      })),
      // A chosen value with no product left still shows as chosen.
      ...(chosen && !values.some((v) => v.value === chosen)
        ? [{ value: chosen, label: `${facetLabel(ctx, facet, chosen)} (0)` }]
        : []),
    ];
    return (
      <SelectField
        name={facet}
        label={t(facetFieldLabels[facet])}
        value={chosen}
        options={options}
      />
    );
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(keptQuery(query)))
    if (value) params.append(name, value);
  const active: ActiveFilter[] = [
    ...(query.q ? [{ name: 'q', value: query.q, label: `“${query.q}”` }] : []),
    ...facetNames.flatMap((facet) => {
      const value = query[facet];
      return value ? [{ name: facet, value, label: facetLabel(ctx, facet, value) }] : [];
    }),
  ];
  return (
    <FilterBar
      ctx={ctx}
      action="/products"
      label={t('products.filter.label')}
      errors={[]}
      params={params}
      active={active}
      moreActive={
        active.filter((f) => f.name !== 'q' && !primaryFacets.includes(f.name as FacetName)).length
      }
      hidden={{
        ...(query.sort ? { sort: query.sort } : {}),
        ...(query.direction ? { direction: query.direction } : {}),
      }}
      resetHref="/products"
      primary={[
        <TextField name="q" type="search" label={t('products.filter.q')} value={query.q} />,
        ...primaryFacets.map(select),
      ]}
      more={facetNames.filter((f) => !primaryFacets.includes(f)).map(select)}
    />
  );
}

function ProductTable({
  ctx,
  query,
  page,
}: {
  ctx: PageContext;
  query: ListQuery;
  page: ProductPage;
}): Html {
  const { t } = ctx;
  const sort: ProductSortKey = queryOf(query).sort;
  const direction = query.direction === 'desc' ? 'desc' : 'asc';
  if (page.total === 0)
    return (
      <div class="jh-empty ecl-u-mb-l">
        <p class="ecl-u-type-paragraph">{t('products.emptyFiltered')}</p>
        <p>
          <a class="ecl-link ecl-link--standalone" href="/products">
            {t('filters.clearAll')}
          </a>
        </p>
      </div>
    );
  return (
    <div>
      <p class="ecl-u-type-paragraph" role="status">
        {t('products.count', { count: page.total })}
      </p>
      <Table
        ctx={ctx}
        caption={t('products.title')}
        rows={page.items}
        sort={{
          key: sort,
          direction,
          href: (key, dir) =>
            urlWith('/products', { ...keptQuery(query), sort: key, direction: dir }),
        }}
        columns={[
          {
            header: t('products.field.title'),
            sortKey: 'title',
            cell: (p) => (
              <a class="ecl-link" href={productHref(p)}>
                {p.title}
              </a>
            ),
          },
          {
            header: t('products.field.kind'),
            sortKey: 'kind',
            cell: (p) => t(`products.kind.${p.kind}`),
          },
          {
            header: t('products.field.agencies'),
            cell: (p) => p.agencies.map((a) => a.acronym).join(', '),
          },
          { header: t('products.field.year'), sortKey: 'year', cell: (p) => String(p.year) },
          {
            header: t('products.field.publishedOn'),
            sortKey: 'published',
            cell: (p) => (p.publishedOn ? formatDate(ctx.locale, p.publishedOn) : '—'),
          },
          {
            header: t('products.field.periodicity'),
            cell: (p) => t(`products.periodicity.${p.periodicity}`),
          },
          {
            header: t('products.field.audience'),
            cell: (p) => t(`products.audience.${p.audience}`),
          },
        ]}
      />
      <Pagination
        ctx={ctx}
        page={page.page}
        pageSize={page.pageSize}
        total={page.total}
        href={(n) =>
          urlWith('/products', {
            ...keptQuery(query),
            sort: query.sort,
            direction: query.direction,
            page: n,
          })
        }
      />
    </div>
  );
}

export function ProductsTabs({ ctx, current }: { ctx: PageContext; current: string }): Html {
  const { t } = ctx;
  return (
    <ViewSwitcher
      label={t('products.views')}
      current={current}
      views={[
        { path: '/products', label: t('products.view.index') },
        { path: '/products/upcoming', label: t('products.view.upcoming') },
      ]}
    />
  );
}

function Actions({ ctx }: { ctx: PageContext }): Html {
  const { t } = ctx;
  const writes = ctx.actor !== null && productsPolicy.write.allows(ctx.actor);
  return (
    <p class="jh-actions">
      {writes ? <LinkButton href="/products/new">{t('products.new')}</LinkButton> : null}
      <a class="ecl-link ecl-link--standalone ecl-u-ml-m" href="/products/export.xlsx">
        {t('products.export')}
      </a>
      {writes ? (
        <a class="ecl-link ecl-link--standalone ecl-u-ml-m" href="/products/import">
          {t('products.import')}
        </a>
      ) : null}
      <a class="ecl-link ecl-link--standalone ecl-u-ml-m" href="/catalog/products.ttl">
        {t('products.catalogue')}
      </a>
    </p>
  );
}

function UpcomingTable({ ctx, editions }: { ctx: PageContext; editions: UpcomingEdition[] }): Html {
  const { t } = ctx;
  const day = (value: string) => formatDate(ctx.locale, value);
  const today = todayUtc();
  if (editions.length === 0)
    return <p class="ecl-u-type-paragraph jh-empty">{t('products.upcomingNone')}</p>;
  return (
    <Table
      ctx={ctx}
      caption={t('products.view.upcoming')}
      rows={editions}
      columns={[
        { header: t('products.upcoming.series'), cell: (e) => e.series },
        {
          header: t('products.field.agencies'),
          cell: (e) => e.agencies.map((a) => a.acronym).join(', '),
        },
        {
          header: t('products.field.periodicity'),
          cell: (e) => t(`products.periodicity.${e.periodicity}`),
        },
        { header: t('products.upcoming.period'), cell: (e) => periodText(ctx, e, day) },
        {
          header: t('products.upcoming.expected'),
          cell: (e) =>
            e.expectedOn === null
              ? t('products.upcoming.unknown')
              : e.expectedOn < today
                ? t('products.upcoming.overdue', { date: day(e.expectedOn) })
                : day(e.expectedOn),
        },
        {
          header: t('products.upcoming.last'),
          cell: (e) => (
            <a class="ecl-link" href={productHref(e.lastEdition)}>
              {e.lastEdition.title}
            </a>
          ),
        },
      ]}
    />
  );
}

/** The index, with its facets, and the next editions of the periodic products. */
export async function productListPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { products } = app.services;

  app.get(
    '/products',
    { schema: { querystring: ListQuery }, config: { access: productsPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const page = await products.list(requireActor(request.actor), queryOf(request.query));
      return sendPage(
        reply,
        ctx,
        ctx.t('products.title'),
        <div>
          <p class="ecl-u-type-paragraph">{ctx.t('products.intro')}</p>
          <ProductsTabs ctx={ctx} current="/products" />
          <Actions ctx={ctx} />
          <Facets ctx={ctx} query={request.query} page={page} />
          <ProductTable ctx={ctx} query={request.query} page={page} />
        </div>,
      );
    },
  );

  app.get(
    '/products/upcoming',
    { config: { access: productsPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const editions = await products.upcoming(requireActor(request.actor));
      return sendPage(
        reply,
        ctx,
        ctx.t('products.view.upcoming'),
        <div>
          <p class="ecl-u-type-paragraph">{ctx.t('products.upcomingIntro')}</p>
          <ProductsTabs ctx={ctx} current="/products/upcoming" />
          <UpcomingTable ctx={ctx} editions={editions} />
        </div>,
      );
    },
  );
}
