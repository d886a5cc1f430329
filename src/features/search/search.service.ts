import { sql } from 'kysely';
import type { Actor } from '../../app/access.js';
import { ValidationError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import type { ClassificationName } from '../../db/schema.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import type { Documents } from '../documents/documents.service.js';
import { searchTerms } from '../documents/search-terms.js';
import { SNIPPET_END, SNIPPET_START } from '../documents/search-snippets.js';
import { visibleMeetings } from '../meetings/meetings.policy.js';
import { visibleFrameworks } from '../priorities/priorities.policy.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';

/**
 * One search over the network's priorities, activities, meetings and documents. Each kind is
 * read through its own feature's visibility predicate and its own way of matching: the
 * scorecard's "contains" on title and description, the same on priority lines and meetings, and
 * the documents' blind index through the documents service, which alone reads sealed texts. A
 * record the reader may not see is neither listed nor counted.
 */

export const searchKinds = ['priority', 'activity', 'meeting', 'document'] as const;
export type SearchKind = (typeof searchKinds)[number];

/** The longest query: the scorecard's and the documents' own search fields take as much. */
export const MAX_QUERY_CHARS = 200;
/** Hits per kind when every kind is shown at once. */
export const OVERVIEW_HITS = 5;
/** Hits per page when one kind is shown. */
export const KIND_PAGE_SIZE = 20;
/** Characters of clear text around the first match in an excerpt. */
const EXCERPT_CONTEXT_CHARS = 80;

export interface SearchHit {
  id: string;
  title: string;
  href: string;
  /** A line's code, a document's registration number. */
  reference: string | null;
  /** The lead agency, the host, the originator. */
  organisation: string | null;
  year: number;
  /** A meeting's start or a document's registration day (YYYY-MM-DD). */
  date: string | null;
  /** A document's marking line. */
  marking: string | null;
  /** A passage around the match, matched text between \uE000 and \uE001. */
  snippet: string | null;
}

/** A filtered list of the kind's own feature that shows every hit, or a year's share of them. */
export interface SearchListLink {
  href: string;
  total: number;
  year: number | null;
}

export interface SearchGroup {
  kind: SearchKind;
  total: number;
  /** Documents only: more matched than were counted, and `total` means "more than". */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  items: SearchHit[];
  lists: SearchListLink[];
}

export interface SearchResult {
  q: string;
  kind: SearchKind | null;
  groups: SearchGroup[];
  /** The most restrictive marking of the documents found, for the page's banner. */
  marking: { line: string; classification: ClassificationName } | null;
}

export interface SearchQuery {
  q: string;
  kind?: SearchKind | undefined;
  page: number;
}

function encoded(params: Record<string, string | number>): string {
  return new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
}

/** The search page narrowed to one kind: for kinds whose own list has no text filter. */
export function searchHref(q: string, kind?: SearchKind): string {
  return `/search?${encoded(kind ? { q, kind } : { q })}`;
}

/** A passage of clear text around the first occurrence of `q`, the occurrence marked. */
export function excerpt(text: string, q: string): string | null {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0) return null;
  const start = Math.max(0, at - EXCERPT_CONTEXT_CHARS);
  const end = Math.min(text.length, at + q.length + EXCERPT_CONTEXT_CHARS);
  return [
    start > 0 ? '…' : '',
    text.slice(start, at),
    SNIPPET_START,
    text.slice(at, at + q.length),
    SNIPPET_END,
    text.slice(at + q.length, end),
    end < text.length ? '…' : '',
  ].join('');
}

/** The query as the search takes it, or a field error naming what is wrong. */
export function checkedQuery(raw: string): string {
  const q = raw.trim();
  if (q === '')
    throw new ValidationError([{ field: 'q', message: 'Enter the words to search for.' }]);
  if (q.length > MAX_QUERY_CHARS)
    throw new ValidationError([
      { field: 'q', message: `Use at most ${String(MAX_QUERY_CHARS)} characters.` },
    ]);
  return q;
}

export class SiteSearch {
  constructor(
    private readonly database: Database,
    private readonly documents: Documents,
  ) {}

  async search(actor: Actor, query: SearchQuery): Promise<SearchResult> {
    const q = checkedQuery(query.q);
    const kinds = query.kind ? [query.kind] : searchKinds;
    const paging = query.kind
      ? { page: query.page, pageSize: KIND_PAGE_SIZE }
      : { page: 1, pageSize: OVERVIEW_HITS };
    let marking: SearchResult['marking'] = null;
    const groups = await Promise.all(
      kinds.map(async (kind): Promise<SearchGroup> => {
        switch (kind) {
          case 'priority':
            return this.priorities(actor, q, paging);
          case 'activity':
            return this.activities(actor, q, paging);
          case 'meeting':
            return this.meetings(actor, q, paging);
          case 'document': {
            const { group, marking: found } = await this.documentsFound(actor, q, paging);
            marking = found;
            return group;
          }
        }
      }),
    );
    return { q, kind: query.kind ?? null, groups, marking };
  }

  /** Lines of action of the versions the reader may read: drafts only for the secretariat. */
  private async priorities(
    actor: Actor,
    q: string,
    paging: { page: number; pageSize: number },
  ): Promise<SearchGroup> {
    const base = this.database.db
      .selectFrom('priority_lines')
      .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
      .innerJoin('priority_frameworks', 'priority_frameworks.id', 'priority_sections.framework_id')
      .where(visibleFrameworks(actor))
      .where(containsIgnoringCase('priority_lines.text', q));
    const [rows, count] = await Promise.all([
      base
        .select([
          'priority_lines.id',
          'priority_lines.line_key as key',
          'priority_lines.number',
          'priority_lines.text',
          'priority_sections.number as section',
          'priority_frameworks.year',
          'priority_frameworks.version',
        ])
        .orderBy('priority_frameworks.year', 'desc')
        .orderBy('priority_frameworks.version', 'desc')
        .orderBy('priority_sections.position')
        .orderBy('priority_lines.number')
        .limit(paging.pageSize)
        .offset((paging.page - 1) * paging.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    const total = count.total;
    return {
      kind: 'priority',
      total,
      totalIsLowerBound: false,
      ...paging,
      items: rows.map((row) => ({
        id: row.id,
        title: row.text,
        href: `/priorities/${String(row.year)}/versions/${String(row.version)}#line-${row.key}`,
        reference: `${row.section}.${String(row.number)}`,
        organisation: null,
        year: row.year,
        date: null,
        marking: null,
        // The title is the whole line: a passage of it would say it twice.
        snippet: null,
      })),
      lists: total > 0 ? [{ href: searchHref(q, 'priority'), total, year: null }] : [],
    };
  }

  /** Activities of every year, as the scorecard's own text filter matches them. */
  private async activities(
    actor: Actor,
    q: string,
    paging: { page: number; pageSize: number },
  ): Promise<SearchGroup> {
    const base = this.database.db
      .selectFrom('scorecard_activities')
      .innerJoin('organisations', 'organisations.id', 'scorecard_activities.lead_organisation_id')
      .where(visibleActivities(actor))
      .where((eb) =>
        eb.or([
          containsIgnoringCase('scorecard_activities.title', q),
          containsIgnoringCase('scorecard_activities.description', q),
        ]),
      );
    const [rows, years] = await Promise.all([
      base
        .select([
          'scorecard_activities.id',
          'scorecard_activities.title',
          'scorecard_activities.description',
          'scorecard_activities.year',
          'scorecard_activities.planned_start as plannedStart',
          'organisations.acronym as lead',
        ])
        .orderBy('scorecard_activities.year', 'desc')
        .orderBy(sql`lower(${sql.ref('scorecard_activities.title')})`)
        .orderBy('scorecard_activities.id')
        .limit(paging.pageSize)
        .offset((paging.page - 1) * paging.pageSize)
        .execute(),
      base
        .select(['scorecard_activities.year', (eb) => eb.fn.countAll<number>().as('total')])
        .groupBy('scorecard_activities.year')
        .orderBy('scorecard_activities.year', 'desc')
        .execute(),
    ]);
    return {
      kind: 'activity',
      total: years.reduce((sum, y) => sum + y.total, 0),
      totalIsLowerBound: false,
      ...paging,
      items: rows.map((row) => ({
        id: row.id,
        title: row.title,
        href: `/scorecard/activities/${row.id}`,
        reference: null,
        organisation: row.lead,
        year: row.year,
        date: row.plannedStart,
        marking: null,
        snippet: excerpt(row.title, q) ? null : excerpt(row.description, q),
      })),
      lists: years.map((y) => ({
        href: `/scorecard?${encoded({ year: y.year, q })}`,
        total: y.total,
        year: y.year,
      })),
    };
  }

  /** Meetings the reader's organisation hosts or is invited to, by title, place or description. */
  private async meetings(
    actor: Actor,
    q: string,
    paging: { page: number; pageSize: number },
  ): Promise<SearchGroup> {
    const base = this.database.db
      .selectFrom('meetings')
      .innerJoin('organisations as host', 'host.id', 'meetings.host_organisation_id')
      .where(visibleMeetings(actor))
      .where((eb) =>
        eb.or([
          containsIgnoringCase('meetings.title', q),
          containsIgnoringCase('meetings.description', q),
          containsIgnoringCase('meetings.city', q),
          containsIgnoringCase('meetings.venue', q),
        ]),
      );
    const [rows, count] = await Promise.all([
      base
        .select([
          'meetings.id',
          'meetings.title',
          'meetings.description',
          'meetings.city',
          'meetings.starts_at as startsAt',
          'host.acronym as host',
        ])
        .orderBy('meetings.starts_at', 'desc')
        .orderBy('meetings.id')
        .limit(paging.pageSize)
        .offset((paging.page - 1) * paging.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    const total = count.total;
    return {
      kind: 'meeting',
      total,
      totalIsLowerBound: false,
      ...paging,
      items: rows.map((row) => ({
        id: row.id,
        title: row.title,
        href: `/meetings/${row.id}`,
        reference: row.city,
        organisation: row.host,
        year: Number(row.startsAt.slice(0, 4)),
        date: row.startsAt.slice(0, 10),
        marking: null,
        snippet: excerpt(row.title, q) ? null : excerpt(row.description, q),
      })),
      lists: total > 0 ? [{ href: searchHref(q, 'meeting'), total, year: null }] : [],
    };
  }

  /** Documents through the documents service: its blind index, its snippets, its marking. */
  private async documentsFound(
    actor: Actor,
    q: string,
    paging: { page: number; pageSize: number },
  ): Promise<{ group: SearchGroup; marking: SearchResult['marking'] }> {
    // Without a word to look up, the documents' list would list everything: nothing is found.
    if (searchTerms(q).length === 0)
      return {
        group: {
          kind: 'document',
          total: 0,
          totalIsLowerBound: false,
          ...paging,
          items: [],
          lists: [],
        },
        marking: null,
      };
    const result = await this.documents.list(actor, { q, sort: 'relevance', ...paging });
    return {
      group: {
        kind: 'document',
        total: result.total,
        totalIsLowerBound: result.totalIsLowerBound,
        ...paging,
        items: result.items.map((d) => ({
          id: d.id,
          title: d.title,
          href: `/documents/${d.id}`,
          reference: d.registrationNumber,
          organisation: d.originator.acronym,
          year: Number(d.registeredOn.slice(0, 4)),
          date: d.registeredOn,
          marking: d.marking.line,
          snippet: d.snippet,
        })),
        lists:
          result.total > 0
            ? [{ href: `/documents?${encoded({ q })}`, total: result.total, year: null }]
            : [],
      },
      marking: result.items.length > 0 ? result.marking : null,
    };
  }
}
