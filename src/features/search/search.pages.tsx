import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, signedIn } from '../../app/access.js';
import { Notification, Pagination } from '../../app/html/components.js';
import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import { SiteSearchForm } from '../../app/html/search-form.js';
import { sendPage } from '../../app/html/send-page.js';
import { formatDate, formatNumber } from '../../app/i18n/format.js';
import { ValidationError } from '../../app/errors.js';
import { oneOf } from '../../app/http.js';
import { isMarked, MarkingBanner } from '../documents/documents.detail.js';
import { Snippet } from '../documents/documents.list.js';
import {
  MAX_QUERY_CHARS,
  searchHref,
  searchKinds,
  SiteSearch,
  type SearchGroup,
  type SearchHit,
  type SearchKind,
  type SearchResult,
} from './search.service.js';

/** The page's query: no words yet is the empty form; words that are not valid answer 400. */
const SearchPageQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_CHARS })),
    kind: Type.Optional(oneOf(searchKinds)),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  },
  { additionalProperties: false },
);

function hitContext(ctx: PageContext, kind: SearchKind, hit: SearchHit): string {
  const { t, locale } = ctx;
  const date = hit.date ? formatDate(locale, hit.date) : '';
  switch (kind) {
    case 'priority':
      return t('search.hit.priority', { code: hit.reference ?? '', year: hit.year });
    case 'activity':
      return t('search.hit.activity', { lead: hit.organisation ?? '', year: hit.year });
    case 'meeting':
      return t('search.hit.meeting', {
        host: hit.organisation ?? '',
        city: hit.reference ?? '',
        date,
      });
    case 'document':
      return t('search.hit.document', {
        number: hit.reference ?? '',
        originator: hit.organisation ?? '',
        date,
        marking: hit.marking ?? '',
      });
  }
}

/** A kind's count, "more than" it when more documents matched than were counted. */
function groupCount(ctx: PageContext, group: SearchGroup): string {
  const count = formatNumber(ctx.locale, group.total);
  return group.totalIsLowerBound ? ctx.t('search.moreThan', { count }) : count;
}

function listLabel(ctx: PageContext, group: SearchGroup, total: number, year: number | null) {
  const count = formatNumber(ctx.locale, total);
  const kind: SearchKind = group.kind;
  switch (kind) {
    case 'priority':
      return ctx.t('search.more.priority', { count });
    case 'activity':
      return ctx.t('search.more.activity', { count, year: year ?? '' });
    case 'meeting':
      return ctx.t('search.more.meeting', { count });
    case 'document':
      return ctx.t(
        group.totalIsLowerBound ? 'search.more.documentMoreThan' : 'search.more.document',
        { count },
      );
  }
}

function Group({
  ctx,
  group,
  result,
}: {
  ctx: PageContext;
  group: SearchGroup;
  result: SearchResult;
}): Html {
  const { t } = ctx;
  const headingId = `search-${group.kind}`;
  const single = result.kind !== null;
  return (
    <section class="ecl-u-mb-2xl jh-search-group" aria-labelledby={headingId}>
      <h2 class="ecl-u-type-heading-2" id={headingId}>
        {t('search.group', {
          kind: t(`search.kind.${group.kind}`),
          count: groupCount(ctx, group),
        })}
      </h2>
      {group.total === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('search.noneOfKind')}</p>
      ) : (
        <ul class="ecl-unordered-list ecl-unordered-list--no-marker jh-search-list">
          {group.items.map((hit) => (
            <li class="ecl-unordered-list__item ecl-u-mb-m">
              <a class="ecl-link ecl-link--standalone" href={hit.href}>
                {hit.title}
              </a>
              <p class="ecl-u-type-s ecl-u-type-color-grey-75 ecl-u-mt-2xs ecl-u-mb-none">
                {hitContext(ctx, group.kind, hit)}
              </p>
              {hit.snippet && hit.snippet !== hit.title ? <Snippet text={hit.snippet} /> : null}
            </li>
          ))}
        </ul>
      )}
      {single ? (
        <Pagination
          ctx={ctx}
          page={group.page}
          pageSize={group.pageSize}
          total={group.total}
          href={(n) => `${searchHref(result.q, group.kind)}&page=${String(n)}`}
        />
      ) : null}
      {group.lists.length > 0 && !(single && group.lists[0]?.href.startsWith('/search')) ? (
        <ul class="ecl-unordered-list ecl-unordered-list--no-marker jh-search-list">
          {group.lists.map((list) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link ecl-link--standalone" href={list.href}>
                {listLabel(ctx, group, list.total, list.year)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ResultsPage({ ctx, result }: { ctx: PageContext; result: SearchResult }): Html {
  const { t } = ctx;
  const total = result.groups.reduce((sum, g) => sum + g.total, 0);
  // Nothing found of any kind: one sentence, rather than a heading per kind saying it is empty.
  const nothing = total === 0 && result.kind === null;
  return (
    <div>
      <SiteSearchForm ctx={ctx} id="search-page" value={result.q} className="ecl-u-mb-l" />
      <p class="ecl-u-type-paragraph" role="status">
        {total === 0
          ? t('search.nothing', { q: result.q })
          : t(
              result.groups.some((g) => g.totalIsLowerBound)
                ? 'search.summaryMoreThan'
                : 'search.summary',
              { count: formatNumber(ctx.locale, total), q: result.q },
            )}
      </p>
      {nothing ? null : result.kind === null ? (
        <nav aria-label={t('search.kinds')} class="ecl-u-mb-l">
          <ul class="jh-search-kinds">
            {result.groups.map((group) => (
              <li>
                <a class="ecl-link ecl-link--standalone" href={`#search-${group.kind}`}>
                  {t('search.group', {
                    kind: t(`search.kind.${group.kind}`),
                    count: groupCount(ctx, group),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <p>
          <a class="ecl-link ecl-link--standalone" href={searchHref(result.q)}>
            {t('search.everyKind')}
          </a>
        </p>
      )}
      {nothing
        ? null
        : result.groups.map((group) => <Group ctx={ctx} group={group} result={result} />)}
    </div>
  );
}

export async function searchPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const search = new SiteSearch(app.services.database, app.services.documents);

  const sendForm = (reply: FastifyReply, ctx: PageContext, error: string | null) =>
    sendPage(
      reply,
      ctx,
      ctx.t('search.title'),
      <div>
        {error ? <Notification variant="error">{error}</Notification> : null}
        <p class="ecl-u-type-paragraph">{ctx.t('search.intro')}</p>
        <SiteSearchForm ctx={ctx} id="search-page" />
      </div>,
      { status: error ? 400 : 200 },
    );

  app.get(
    '/search',
    {
      schema: { querystring: SearchPageQuery },
      config: { access: signedIn, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { q, kind, page } = request.query;
      if (q === undefined) return sendForm(reply, ctx, null);
      let result: SearchResult;
      try {
        result = await search.search(requireActor(ctx.actor), { q, kind, page });
      } catch (error) {
        if (error instanceof ValidationError) return sendForm(reply, ctx, ctx.t('search.empty'));
        throw error;
      }
      const notices =
        result.marking && isMarked(result.marking.line) ? (
          <MarkingBanner ctx={ctx} marking={result.marking} />
        ) : null;
      return sendPage(
        reply,
        ctx,
        kind
          ? ctx.t('search.titleKind', { kind: ctx.t(`search.kind.${kind}`) })
          : ctx.t('search.title'),
        <ResultsPage ctx={ctx} result={result} />,
        { notices },
      );
    },
  );
}
