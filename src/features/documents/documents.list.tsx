import { Type, type Static } from 'typebox';
import { Checkbox, Pagination, SelectField, Table, TextField } from '../../app/html/components.js';
import { FilterBar, type ActiveFilter, type ViewLink } from '../../app/html/filter-bar.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { formatDate, formatNumber } from '../../app/i18n/format.js';
import { oneOf } from '../../app/http.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import { DocumentFiltersQuery } from './documents.schema.js';
import {
  documentSortKeys,
  type DocumentFacets,
  type DocumentListQuery,
  type DocumentSearchResult,
  type DocumentSummary,
  type FacetValue,
} from './documents.model.js';
import { SNIPPET_END, SNIPPET_START } from './search-snippets.js';
import { documentHref, isMarked, MarkingBanner } from './documents.detail.js';
import { languageName, sizeLabel } from './documents.forms.js';
import { nameOnDateLabel } from '../network/names-on-date.js';

export const PAGE_SIZE = 25;

/** The list's query as its form sends it: an empty sort or order is the default. */
export const ListPageQuery = Type.Object({
  q: DocumentFiltersQuery.q,
  originator: DocumentFiltersQuery.originator,
  type: DocumentFiltersQuery.type,
  language: DocumentFiltersQuery.language,
  year: DocumentFiltersQuery.year,
  classification: DocumentFiltersQuery.classification,
  tlp: DocumentFiltersQuery.tlp,
  linkedType: DocumentFiltersQuery.linkedType,
  linkedId: DocumentFiltersQuery.linkedId,
  sort: Type.Optional(Type.Union([oneOf(documentSortKeys), Type.Literal('')])),
  direction: Type.Optional(Type.Union([oneOf(['asc', 'desc'] as const), Type.Literal('')])),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
export type ListPageQuery = Static<typeof ListPageQuery>;

const facetNames = ['originator', 'type', 'language', 'year', 'classification', 'tlp'] as const;
type FacetName = (typeof facetNames)[number];

export function listQueryOf(query: ListPageQuery): DocumentListQuery {
  return {
    q: query.q?.trim() || undefined,
    originator: query.originator,
    type: query.type,
    language: query.language,
    year: query.year,
    classification: query.classification,
    tlp: query.tlp,
    linkedType: query.linkedType,
    linkedId: query.linkedId,
    sort: query.sort || undefined,
    direction: query.direction || undefined,
    page: query.page,
    pageSize: PAGE_SIZE,
  };
}

function filtered(query: ListPageQuery): boolean {
  return (
    (query.q ?? '').trim() !== '' ||
    facetNames.some((name) => (query[name] ?? []).length > 0) ||
    linkedTo(query) !== null
  );
}

/** The record the list is narrowed to, when it shows the documents linked to one. */
function linkedTo(query: ListPageQuery): { type: string; id: string } | null {
  return query.linkedType && query.linkedId ? { type: query.linkedType, id: query.linkedId } : null;
}

/** The list's URL with its filters, and with some of them replaced. */
/** The export's address asking for semicolons, which Excel expects in most EU locales. */
function withSemicolons(href: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}separator=semicolon`;
}

function listHref(
  path: string,
  query: ListPageQuery,
  changes: Partial<Record<'sort' | 'direction' | 'page', string>> = {},
  withOrder = true,
): string {
  const search = new URLSearchParams();
  if (query.q) search.set('q', query.q);
  const linked = linkedTo(query);
  if (linked) {
    search.set('linkedType', linked.type);
    search.set('linkedId', linked.id);
  }
  for (const name of facetNames)
    for (const value of query[name] ?? []) search.append(name, String(value));
  if (withOrder) {
    const sort = changes.sort ?? query.sort;
    const direction = changes.direction ?? query.direction;
    if (sort) search.set('sort', sort);
    if (direction) search.set('direction', direction);
    const page = changes.page ?? String(query.page);
    if (page !== '1') search.set('page', page);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The list's filters and order as the address carries them, without the page. */
export function shownFilters(query: ListPageQuery): URLSearchParams {
  return new URLSearchParams(listHref('', query, {}, false).replace(/^\?/, ''));
}

/** A search snippet: its matched words marked, everything else as text. */
export function Snippet({ text }: { text: string }): Html {
  const [first = '', ...rest] = text.split(SNIPPET_START);
  const parts: Child[] = [first];
  for (const part of rest) {
    const [matched = '', after = ''] = part.split(SNIPPET_END);
    parts.push(<mark>{matched}</mark>, after);
  }
  return <p class="jh-snippet ecl-u-type-s">{parts}</p>;
}

function facetLabel(ctx: PageContext, name: FacetName, value: FacetValue): string {
  if (name === 'type') return ctx.t(`documents.type.${value.value as 'other'}`);
  if (name === 'language') return languageName(ctx.locale, value.value);
  return value.label;
}

function Facets({
  ctx,
  facets,
  query,
}: {
  ctx: PageContext;
  facets: DocumentFacets;
  query: ListPageQuery;
}): Html {
  return (
    <div class="jh-facets">
      {facetNames.map((name) => {
        const values = facets[name];
        if (values.length === 0) return null;
        const selected = (query[name] ?? []).map(String);
        return (
          <fieldset class="ecl-form-group ecl-u-mb-m jh-facet">
            <legend class="ecl-form-label">{ctx.t(`documents.facet.${name}` as MessageKey)}</legend>
            {values.map((value, index) => (
              <Checkbox
                id={`facet-${name}-${String(index)}`}
                name={name}
                value={value.value}
                label={ctx.t('documents.facetValue', {
                  label: facetLabel(ctx, name, value),
                  count: value.count,
                })}
                checked={selected.includes(value.value)}
              />
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}

/** The words and every chosen facet value, each as a chip. */
function activeFilters(
  ctx: PageContext,
  query: ListPageQuery,
  facets: DocumentFacets,
): ActiveFilter[] {
  const q = (query.q ?? '').trim();
  const words = q === '' ? [] : [{ name: 'q', value: query.q ?? '', label: `"${q}"` }];
  return [
    ...words,
    ...facetNames.flatMap((name) =>
      (query[name] ?? []).map((chosen) => {
        const value = String(chosen);
        const facet = facets[name].find((f) => f.value === value);
        const label = facet ? facetLabel(ctx, name, facet) : value;
        return {
          name,
          value,
          label: `${ctx.t(`documents.facet.${name}` as MessageKey)}: ${label}`,
        };
      }),
    ),
  ];
}

function fileCell(ctx: PageContext, document: DocumentSummary): string {
  if (document.isReference) return ctx.t('documents.referenceRecord');
  if (!document.currentFile) return ctx.t('documents.noFile');
  return ctx.t('documents.fileSize', {
    name: document.currentFile.filename,
    size: sizeLabel(document.currentFile.sizeBytes),
  });
}

export function ListPage({
  ctx,
  query,
  result,
  mayRegister,
  views,
}: {
  ctx: PageContext;
  query: ListPageQuery;
  result: DocumentSearchResult;
  mayRegister: boolean;
  views?: readonly ViewLink[];
}): Html {
  const { t, locale } = ctx;
  const searched = (query.q ?? '').trim() !== '';
  const sort = query.sort || (searched ? 'relevance' : 'registered');
  const direction =
    query.direction || (sort === 'title' || sort === 'registration' ? 'asc' : 'desc');
  const notices = isMarked(result.marking.line) ? (
    <MarkingBanner ctx={ctx} marking={result.marking} />
  ) : null;
  return (
    <Layout ctx={ctx} title={t('documents.title')} notices={notices}>
      <p class="ecl-u-type-paragraph">{t('documents.intro')}</p>
      <div class="jh-actions">
        {mayRegister ? (
          <a
            class="ecl-link ecl-link--standalone ecl-link--cta jh-link-button"
            href="/documents/new"
          >
            {t('documents.register')}
          </a>
        ) : null}
        <a
          class="ecl-link ecl-link--standalone"
          href={listHref('/api/documents/export.csv', query, {}, false)}
        >
          {t('documents.exportCsv')}
        </a>
        <a
          class="ecl-link ecl-link--standalone"
          href={withSemicolons(listHref('/api/documents/export.csv', query, {}, false))}
        >
          {t('common.exportCsvSemicolon')}
        </a>
        <a class="ecl-link ecl-link--standalone" href="/euci">
          {t('euci.title')}
        </a>
      </div>
      {linkedTo(query) ? (
        <p class="ecl-u-type-paragraph">
          {t(`documents.linkedTo.${query.linkedType ?? 'meeting'}`)}{' '}
          <a class="ecl-link ecl-link--standalone" href="/documents">
            {t('documents.linkedTo.all')}
          </a>
        </p>
      ) : null}
      <FilterBar
        ctx={ctx}
        action="/documents"
        label={t('documents.filter.label')}
        errors={[]}
        params={new URLSearchParams(listHref('', query).replace(/^\?/, ''))}
        active={activeFilters(ctx, query, result.facets)}
        moreActive={facetNames.reduce((sum, name) => sum + (query[name] ?? []).length, 0)}
        hidden={
          linkedTo(query)
            ? { linkedType: query.linkedType ?? '', linkedId: query.linkedId ?? '' }
            : {}
        }
        submitLabel={t('documents.searchSubmit')}
        resetHref="/documents"
        views={views ? { list: 'documents', items: views } : undefined}
        primary={[
          <TextField
            name="q"
            type="search"
            label={t('documents.searchLabel')}
            value={query.q ?? ''}
            maxlength={200}
          />,
          <SelectField
            name="sort"
            label={t('documents.sort')}
            value={sort}
            options={documentSortKeys.map((key) => ({
              value: key,
              label: t(`documents.sort.${key}`),
            }))}
          />,
          <SelectField
            name="direction"
            label={t('documents.direction')}
            value={direction}
            options={(['asc', 'desc'] as const).map((d) => ({
              value: d,
              label: t(`documents.direction.${d}`),
            }))}
          />,
        ]}
        more={<Facets ctx={ctx} facets={result.facets} query={query} />}
      />
      <div>
        <p class="ecl-u-type-paragraph" role="status">
          {result.totalIsLowerBound
            ? t('documents.totalMoreThan', { count: formatNumber(locale, result.total) })
            : t('documents.total', { count: result.total })}
        </p>
        {result.total === 0 ? (
          <div class="jh-empty">
            <p class="ecl-u-type-paragraph">
              {filtered(query) ? t('documents.emptyNoMatch') : t('documents.emptyNone')}
            </p>
            {filtered(query) ? (
              <p>
                <a class="ecl-link ecl-link--standalone" href="/documents">
                  {t('documents.clearFilters')}
                </a>
              </p>
            ) : null}
          </div>
        ) : (
          <Table
            ctx={ctx}
            caption={t('documents.caption')}
            rows={result.items}
            sort={{
              key: sort,
              direction,
              href: (key, next) =>
                listHref('/documents', query, { sort: key, direction: next, page: '1' }),
            }}
            columns={[
              {
                header: t('documents.col.number'),
                cell: (d) => d.registrationNumber,
                sortKey: 'registration',
              },
              {
                header: t('documents.col.title'),
                sortKey: 'title',
                cell: (d) => (
                  <div>
                    <a class="ecl-link" href={documentHref(d.id)}>
                      {d.title}
                    </a>
                    {d.snippet ? <Snippet text={d.snippet} /> : null}
                  </div>
                ),
              },
              {
                header: t('documents.col.originator'),
                cell: (d) => nameOnDateLabel(t, d.originator),
              },
              {
                header: t('documents.col.registeredOn'),
                cell: (d) => formatDate(locale, d.registeredOn),
                sortKey: 'registered',
              },
              { header: t('documents.col.marking'), cell: (d) => d.marking.line },
              {
                header: t('documents.col.file'),
                cell: (d) => fileCell(ctx, d),
              },
            ]}
          />
        )}
        <Pagination
          ctx={ctx}
          page={result.page}
          pageSize={result.pageSize}
          total={result.total}
          href={(n) => listHref('/documents', query, { page: String(n) })}
        />
      </div>
    </Layout>
  );
}
