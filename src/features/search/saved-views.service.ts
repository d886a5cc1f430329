import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { NotFoundError, ValidationError } from '../../app/errors.js';
import type { Translate } from '../../app/i18n/i18n.js';
import type { Database } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';

/**
 * Named views of a list: a few built in ("Led by my agency", "At risk"), made from the reader's
 * own agency, and those a user saves. A view is a list's filters as a query string; only the
 * list's own filter names are kept, so a view can hold nothing the list would not take.
 */

export const viewLists = ['scorecard', 'documents'] as const;
export type ViewList = (typeof viewLists)[number];

/** The filters each list takes, in the order a view's query string keeps them. */
const listParameters: Record<ViewList, readonly string[]> = {
  scorecard: [
    'year',
    'q',
    'agency',
    'agencyRole',
    'status',
    'assessment',
    'section',
    'line',
    'kind',
    'tag',
    'asOf',
    'sort',
    'direction',
  ],
  documents: [
    'q',
    'originator',
    'type',
    'language',
    'year',
    'classification',
    'tlp',
    'sort',
    'direction',
  ],
};

export const listPaths: Record<ViewList, string> = {
  scorecard: '/scorecard',
  documents: '/documents',
};

export const MAX_VIEW_NAME_CHARS = 80;
export const MAX_VIEW_QUERY_CHARS = 2000;
/** Views one user keeps per list: a menu, not a store. */
export const MAX_VIEWS_PER_LIST = 30;

export interface SavedView {
  /** A built-in view's key, or a saved view's id. */
  id: string;
  name: string;
  /** The list's filters, as a query string without "?". */
  query: string;
  builtIn: boolean;
}

/** A query string with only the list's filters, empty values left out, in a fixed order. */
export function normalisedQuery(list: ViewList, query: string): string {
  const given = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const kept = new URLSearchParams();
  for (const name of listParameters[list])
    for (const value of given.getAll(name)) if (value.trim() !== '') kept.append(name, value);
  return kept.toString();
}

export function viewHref(list: ViewList, view: Pick<SavedView, 'query'>): string {
  return view.query === '' ? listPaths[list] : `${listPaths[list]}?${view.query}`;
}

export class SavedViews {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  private async builtIn(actor: Actor, list: ViewList, t: Translate): Promise<SavedView[]> {
    const organisation = await this.database.db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', actor.organisationId)
      .executeTakeFirst();
    const ofAgency = organisation?.kind === 'agency';
    const view = (id: string, name: string, query: Record<string, string>): SavedView => ({
      id,
      name,
      query: new URLSearchParams(query).toString(),
      builtIn: true,
    });
    if (list === 'scorecard')
      return [
        ...(ofAgency
          ? [
              view('led-by-my-agency', t('views.builtIn.ledByMyAgency'), {
                agency: actor.organisationAcronym,
                agencyRole: 'lead',
              }),
            ]
          : []),
        // "At risk" is amber by the assessment scale's own words; red is off track.
        view('at-risk', t('views.builtIn.atRisk'), { assessment: 'amber' }),
      ];
    return ofAgency
      ? [
          view('from-my-agency', t('views.builtIn.fromMyAgency'), {
            originator: actor.organisationId,
          }),
        ]
      : [];
  }

  /** The built-in views of the list, then the user's own by name. */
  async list(actor: Actor, list: ViewList, t: Translate): Promise<SavedView[]> {
    const [builtIn, own] = await Promise.all([
      this.builtIn(actor, list, t),
      this.database.db
        .selectFrom('saved_views')
        .select(['id', 'name', 'query'])
        .where('user_id', '=', actor.userId)
        .where('list', '=', list)
        .orderBy('name')
        .execute(),
    ]);
    return [...builtIn, ...own.map((row) => ({ ...row, builtIn: false }))];
  }

  async save(
    context: AuditContext,
    actor: Actor,
    input: { list: ViewList; name: string; query: string },
  ): Promise<SavedView> {
    const name = input.name.trim();
    const query = normalisedQuery(input.list, input.query);
    if (name === '')
      throw new ValidationError([{ field: 'name', message: 'Give the view a name.' }]);
    if (name.length > MAX_VIEW_NAME_CHARS)
      throw new ValidationError([
        { field: 'name', message: `Use at most ${String(MAX_VIEW_NAME_CHARS)} characters.` },
      ]);
    if (query.length > MAX_VIEW_QUERY_CHARS)
      throw new ValidationError([
        { field: 'query', message: 'These filters are too long to save.' },
      ]);
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      const own = await trx
        .selectFrom('saved_views')
        .select('name')
        .where('user_id', '=', actor.userId)
        .where('list', '=', input.list)
        .execute();
      if (own.some((row) => row.name.toLowerCase() === name.toLowerCase()))
        throw new ValidationError([
          { field: 'name', message: 'You already have a view of that name.' },
        ]);
      if (own.length >= MAX_VIEWS_PER_LIST)
        throw new ValidationError([
          {
            field: 'name',
            message: `You keep at most ${String(MAX_VIEWS_PER_LIST)} views of a list: delete one first.`,
          },
        ]);
      await trx
        .insertInto('saved_views')
        .values({
          id,
          user_id: actor.userId,
          list: input.list,
          name,
          query,
          created_at: new Date().toISOString(),
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'saved_view.create',
        targetType: 'saved_view',
        targetId: id,
        // The filters may hold words searched for in need-to-know documents: the log keeps
        // which list and which name, not the words.
        changes: { list: input.list, name },
      });
    });
    return { id, name, query, builtIn: false };
  }

  /** Deletes one of the user's own views; another's, or a built-in one, is not found. */
  async delete(context: AuditContext, actor: Actor, id: string): Promise<ViewList> {
    return this.database.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('saved_views')
        .select(['list', 'name'])
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      const list = viewLists.find((l) => l === row?.list);
      if (!row || !list) throw new NotFoundError('No such view.');
      await trx.deleteFrom('saved_views').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'saved_view.delete',
        targetType: 'saved_view',
        targetId: id,
        changes: { list, name: row.name },
      });
      return list;
    });
  }
}

/** Filters of a query string that make a view what it is: the order of the rows does not. */
function filtersOf(list: ViewList, query: string, withYear: boolean): string {
  const params = new URLSearchParams(normalisedQuery(list, query));
  params.delete('sort');
  params.delete('direction');
  if (!withYear) params.delete('year');
  params.sort();
  return params.toString();
}

/**
 * The list's views as links, the one the list shows now marked current. A view without a year
 * is of whichever year the list shows.
 */
export function viewLinks(
  list: ViewList,
  views: readonly SavedView[],
  current: URLSearchParams,
): { id: string; name: string; href: string; current: boolean; builtIn: boolean }[] {
  return views.map((view) => {
    const withYear = new URLSearchParams(view.query).has('year');
    return {
      id: view.id,
      name: view.name,
      href: viewHref(list, view),
      builtIn: view.builtIn,
      current:
        filtersOf(list, view.query, withYear) === filtersOf(list, current.toString(), withYear),
    };
  });
}
