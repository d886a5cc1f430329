import {
  sql,
  type ExpressionBuilder,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { Actor } from '../../app/access.js';
import type { Executor, Trx } from '../../db/database.js';
import type { Schema } from '../../db/schema.js';
import { containsIgnoringCase, containsPattern } from '../../db/text-search.js';
import type {
  ActivityView,
  LineRef,
  OrganisationRef,
  Registry,
  ResolvedActivity,
  ScorecardFilters,
  ScorecardSortKey,
  Vocabulary,
} from './scorecard.model.js';
import { visibleActivities } from './scorecard.policy.js';
import { loadNameHistory, withNameOnDate } from '../network/names-on-date.js';
import { agreedLinesOfYear, type AgreedLine } from '../priorities/agreed-lines.js';

type Reader = Executor;
type ActivityQuery<O> = SelectQueryBuilder<Schema, 'scorecard_activities', O>;
type RevisionQuery<O> = SelectQueryBuilder<Schema & { r: Schema['scorecard_revisions'] }, 'r', O>;

/** The registry: every organisation by id and by acronym (current and former), and their names. */
export async function loadRegistry(db: Reader): Promise<Registry> {
  const [rows, names] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'acronym', 'name', 'kind']).execute(),
    loadNameHistory(db),
  ]);
  const organisationsById = new Map(rows.map((organisation) => [organisation.id, organisation]));
  const organisations = new Map<string, OrganisationRef>();
  for (const organisation of rows)
    organisations.set(organisation.acronym.toLowerCase(), organisation);
  for (const organisation of rows) {
    for (const former of names.formerAcronyms(organisation.id)) {
      if (!organisations.has(former.toLowerCase()))
        organisations.set(former.toLowerCase(), organisation);
    }
  }
  return { organisations, organisationsById, names };
}

function lineRef(line: AgreedLine): LineRef {
  return {
    key: line.key,
    code: line.code,
    section: line.section,
    sectionTitle: line.sectionTitle,
    text: line.text,
  };
}

function lineRefs(lines: Map<string, AgreedLine>): Map<string, LineRef> {
  return new Map([...lines].map(([index, line]) => [index, lineRef(line)]));
}

/** Loads what activities of a year may refer to: the registry and the year's agreed lines. */
export async function loadVocabulary(db: Reader, year: number): Promise<Vocabulary> {
  const [registry, { byCode, byKey }] = await Promise.all([
    loadRegistry(db),
    agreedLinesOfYear(db, year),
  ]);
  return {
    ...registry,
    year,
    lines: lineRefs(byCode),
    linesByKey: lineRefs(byKey),
  };
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/** An activity's own row, as `scorecard_activities` holds it. */
export type ActivityRow = Selectable<Schema['scorecard_activities']>;

/**
 * Full views of the given activities, in the order of `ids`. Visibility is the caller's job.
 * `known` is a vocabulary the caller has already loaded: its registry and its year's lines are
 * not read again. The rows are read beside their parts.
 */
export async function loadViews(
  db: Reader,
  ids: readonly string[],
  known?: Vocabulary,
): Promise<ActivityView[]> {
  if (ids.length === 0) return [];
  const [registry, read] = await Promise.all([
    known ?? loadRegistry(db),
    inChunks(ids, async (part) => {
      const [rows, parts] = await Promise.all([
        db.selectFrom('scorecard_activities').selectAll().where('id', 'in', part).execute(),
        partsOf(db, part),
      ]);
      return { rows, parts };
    }),
  ]);
  const rowsById = new Map(read.flatMap(({ rows }) => rows.map((row) => [row.id, row] as const)));
  const rows = ids.flatMap((id) => rowsById.get(id) ?? []);
  return assembleViews(
    db,
    rows,
    read.map(({ parts }) => parts),
    registry,
    known,
  );
}

/**
 * Full views of activities whose rows the caller has read, in their order: their parts are read
 * here. Organisations are taken from the registry rather than joined to each row.
 */
export async function viewsOf(
  db: Reader,
  activities: readonly ActivityRow[],
  known?: Vocabulary,
): Promise<ActivityView[]> {
  if (activities.length === 0) return [];
  const [registry, parts] = await Promise.all([
    known ?? loadRegistry(db),
    inChunks(
      activities.map((row) => row.id),
      (part) => partsOf(db, part),
    ),
  ]);
  return assembleViews(db, activities, parts, registry, known);
}

/** Runs `read` on each chunk of `ids` in turn, so that no statement holds too many parameters. */
async function inChunks<T>(ids: readonly string[], read: (part: string[]) => Promise<T>) {
  const results: T[] = [];
  for (const part of chunks(ids)) results.push(await read(part));
  return results;
}

/** The parts of some activities, each kind in its order: what a view holds besides its row. */
function partsOf(db: Reader, ids: string[]) {
  return Promise.all([
    db
      .selectFrom('scorecard_activity_organisations')
      .select(['activity_id as activityId', 'role', 'organisation_id as organisationId'])
      .where('activity_id', 'in', ids)
      .execute(),
    db
      .selectFrom('scorecard_activity_lines')
      .select(['activity_id as activityId', 'line_key as key'])
      .where('activity_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('scorecard_activity_tags')
      .select(['activity_id as activityId', 'tag'])
      .where('activity_id', 'in', ids)
      .orderBy('tag')
      .execute(),
    db
      .selectFrom('scorecard_indicators')
      .select(['activity_id as activityId', 'name', 'unit', 'target', 'value'])
      .where('activity_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('scorecard_deliverables')
      .select(['activity_id as activityId', 'title', 'url', 'due_on as date'])
      .where('activity_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
}

type ActivityParts = Awaited<ReturnType<typeof partsOf>>;

/** The views of `activities`, in their order, from their rows and the parts read for them. */
async function assembleViews(
  db: Reader,
  activities: readonly ActivityRow[],
  partsRead: readonly ActivityParts[],
  registry: Registry,
  known: Vocabulary | undefined,
): Promise<ActivityView[]> {
  const organisation = (id: string): OrganisationRef => {
    const found = registry.organisationsById.get(id);
    // Organisations are never deleted, and every reference to one is a foreign key.
    if (!found) throw new Error(`organisation ${id} is not in the registry`);
    return found;
  };
  const views = new Map<string, ActivityView>();
  const years = new Set<number>();
  const lineKeys = new Map<string, string[]>();
  for (const row of activities) {
    years.add(row.year);
    views.set(row.id, {
      id: row.id,
      year: row.year,
      title: row.title,
      description: row.description,
      lines: [],
      lead: organisation(row.lead_organisation_id),
      participants: [],
      partners: [],
      kind: row.kind,
      tags: [],
      plannedStart: row.planned_start,
      plannedEnd: row.planned_end,
      status: row.status,
      assessment: row.assessment,
      assessmentReason: row.assessment_reason,
      releasedToObservers: row.released_to_observers === 1,
      indicators: [],
      deliverables: [],
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }
  for (const [organisations, lines, tags, indicators, deliverables] of partsRead) {
    for (const { activityId, role, organisationId } of organisations) {
      const view = views.get(activityId);
      if (role === 'participant') view?.participants.push(organisation(organisationId));
      else view?.partners.push(organisation(organisationId));
    }
    for (const { activityId, key } of lines) {
      const keys = lineKeys.get(activityId);
      if (keys) keys.push(key);
      else lineKeys.set(activityId, [key]);
    }
    for (const { activityId, tag } of tags) views.get(activityId)?.tags.push(tag);
    for (const { activityId, ...indicator } of indicators)
      views.get(activityId)?.indicators.push(indicator);
    for (const { activityId, ...deliverable } of deliverables)
      views.get(activityId)?.deliverables.push(deliverable);
  }
  const byAcronym = (a: OrganisationRef, b: OrganisationRef) =>
    a.acronym < b.acronym ? -1 : a.acronym > b.acronym ? 1 : 0;
  for (const view of views.values()) {
    const named = (ref: OrganisationRef) => withNameOnDate(registry.names, ref, view.plannedStart);
    view.lead = named(view.lead);
    view.participants = view.participants.sort(byAcronym).map(named);
    view.partners = view.partners.sort(byAcronym).map(named);
  }
  const lineRefsOfYear = new Map<number, Map<string, LineRef>>();
  for (const year of years) {
    lineRefsOfYear.set(
      year,
      known?.year === year ? known.linesByKey : lineRefs((await agreedLinesOfYear(db, year)).byKey),
    );
  }
  for (const [activityId, keys] of lineKeys) {
    const view = views.get(activityId);
    if (!view) continue;
    const known = lineRefsOfYear.get(view.year);
    view.lines = keys.map(
      (key) =>
        known?.get(key) ?? {
          key,
          code: '?',
          section: '?',
          text: 'A line no longer in the priorities',
        },
    );
  }
  return activities.flatMap((row) => views.get(row.id) ?? []);
}

/** The rows of a resolved activity's child tables, replacing whatever was there. */
export async function writeChildren(
  trx: Trx,
  activityId: string,
  activity: ResolvedActivity,
  newId: () => string,
): Promise<void> {
  for (const table of [
    'scorecard_activity_lines',
    'scorecard_activity_organisations',
    'scorecard_activity_tags',
    'scorecard_indicators',
    'scorecard_deliverables',
  ] as const) {
    await trx.deleteFrom(table).where('activity_id', '=', activityId).execute();
  }
  if (activity.lines.length > 0)
    await trx
      .insertInto('scorecard_activity_lines')
      .values(
        activity.lines.map((line, position) => ({
          activity_id: activityId,
          line_key: line.key,
          position,
        })),
      )
      .execute();
  const organisations = [
    ...activity.participants.map((o) => ({ organisation_id: o.id, role: 'participant' as const })),
    ...activity.partners.map((o) => ({ organisation_id: o.id, role: 'partner' as const })),
  ];
  if (organisations.length > 0)
    await trx
      .insertInto('scorecard_activity_organisations')
      .values(organisations.map((o) => ({ activity_id: activityId, ...o })))
      .execute();
  if (activity.tags.length > 0)
    await trx
      .insertInto('scorecard_activity_tags')
      .values(activity.tags.map((tag) => ({ activity_id: activityId, tag })))
      .execute();
  if (activity.indicators.length > 0)
    await trx
      .insertInto('scorecard_indicators')
      .values(
        activity.indicators.map((indicator, position) => ({
          id: newId(),
          activity_id: activityId,
          position,
          ...indicator,
        })),
      )
      .execute();
  if (activity.deliverables.length > 0)
    await trx
      .insertInto('scorecard_deliverables')
      .values(
        activity.deliverables.map((deliverable, position) => ({
          id: newId(),
          activity_id: activityId,
          position,
          title: deliverable.title,
          url: deliverable.url,
          due_on: deliverable.date,
        })),
      )
      .execute();
}

/** The columns of the activity row a resolved activity sets. */
export function activityColumns(activity: ResolvedActivity) {
  return {
    year: activity.year,
    title: activity.title,
    description: activity.description,
    lead_organisation_id: activity.lead.id,
    kind: activity.kind,
    status: activity.status,
    assessment: activity.assessment,
    assessment_reason: activity.assessmentReason,
    planned_start: activity.plannedStart,
    planned_end: activity.plannedEnd,
    released_to_observers: activity.releasedToObservers ? 1 : 0,
  };
}

function hasLineIn(keys: string[]) {
  return (eb: ExpressionBuilder<Schema, 'scorecard_activities'>) =>
    eb.exists(
      eb
        .selectFrom('scorecard_activity_lines')
        .select(sql.lit(1).as('one'))
        .whereRef('scorecard_activity_lines.activity_id', '=', 'scorecard_activities.id')
        .where('scorecard_activity_lines.line_key', 'in', keys),
    );
}

function joins(organisationId: string) {
  return (eb: ExpressionBuilder<Schema, 'scorecard_activities'>) =>
    eb.exists(
      eb
        .selectFrom('scorecard_activity_organisations')
        .select(sql.lit(1).as('one'))
        .whereRef('scorecard_activity_organisations.activity_id', '=', 'scorecard_activities.id')
        .where('scorecard_activity_organisations.organisation_id', '=', organisationId)
        .where('scorecard_activity_organisations.role', '=', 'participant'),
    );
}

/**
 * The activities the actor may read that pass the filters, as a query to count or page. A
 * filter naming something unknown (an agency or a line that does not exist) matches nothing.
 */
export function filteredActivities(
  db: Reader,
  actor: Actor,
  filters: ScorecardFilters,
  vocabulary: Vocabulary,
): ActivityQuery<object> {
  let query: ActivityQuery<object> = db
    .selectFrom('scorecard_activities')
    .where(visibleActivities(actor))
    .where('scorecard_activities.year', '=', filters.year);
  if (filters.section) {
    const keys = [...vocabulary.lines.values()]
      .filter((l) => l.section === filters.section)
      .map((l) => l.key);
    query = keys.length > 0 ? query.where(hasLineIn(keys)) : query.where(sql.lit(false));
  }
  if (filters.line) {
    const line = vocabulary.lines.get(filters.line);
    query = line ? query.where(hasLineIn([line.key])) : query.where(sql.lit(false));
  }
  if (filters.agency) {
    const agency = vocabulary.organisations.get(filters.agency.toLowerCase());
    if (!agency) query = query.where(sql.lit(false));
    else {
      const role = filters.agencyRole ?? 'any';
      query = query.where((eb) => {
        const leads = eb('scorecard_activities.lead_organisation_id', '=', agency.id);
        if (role === 'lead') return leads;
        if (role === 'participant') return joins(agency.id)(eb);
        return eb.or([leads, joins(agency.id)(eb)]);
      });
    }
  }
  if (filters.status) query = query.where('scorecard_activities.status', '=', filters.status);
  if (filters.assessment)
    query = query.where('scorecard_activities.assessment', '=', filters.assessment);
  if (filters.kind) query = query.where('scorecard_activities.kind', '=', filters.kind);
  if (filters.tag) {
    const tag = filters.tag.toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('scorecard_activity_tags')
          .select(sql.lit(1).as('one'))
          .whereRef('scorecard_activity_tags.activity_id', '=', 'scorecard_activities.id')
          .where('scorecard_activity_tags.tag', '=', tag),
      ),
    );
  }
  if (filters.q) {
    const text = filters.q;
    query = query.where((eb) =>
      eb.or([
        containsIgnoringCase('scorecard_activities.title', text),
        containsIgnoringCase('scorecard_activities.description', text),
      ]),
    );
  }
  return query;
}

/**
 * The order expression of a sort key over a table that has the activity's columns: the live
 * activities, or their revisions. Ties are broken by title, then id, so pages never overlap.
 */
function orderExpression(table: 'scorecard_activities' | 'r', sort: ScorecardSortKey) {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  switch (sort) {
    case 'title':
      return sql`lower(${column('title')})`;
    case 'lead':
      return sql`(select lower(organisations.acronym) from organisations where organisations.id = ${column('lead_organisation_id')})`;
    case 'status':
      return sql`case ${column('status')} when 'planned' then 0 when 'ongoing' then 1 when 'completed' then 2 when 'postponed' then 3 else 4 end`;
    case 'assessment':
      return sql`case ${column('assessment')} when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end`;
    case 'start':
      return column('planned_start');
    case 'end':
      return column('planned_end');
    case 'updated':
      return column(table === 'r' ? 'changed_at' : 'updated_at');
  }
}

/**
 * One page of a filtered query's activities, their whole rows, in the requested order. Sorted by
 * title, the title is not repeated as the tie-breaker: the order is then that of the index on
 * (year, lower(title), id), which serves the page without sorting the year.
 */
export async function pageOfActivities(
  query: ActivityQuery<object>,
  sort: ScorecardSortKey,
  direction: 'asc' | 'desc',
  page: number,
  pageSize: number,
): Promise<ActivityRow[]> {
  let ordered = query
    .selectAll('scorecard_activities')
    .orderBy(orderExpression('scorecard_activities', sort), direction);
  if (sort !== 'title') ordered = ordered.orderBy(orderExpression('scorecard_activities', 'title'));
  return ordered
    .orderBy('scorecard_activities.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
}

export async function countOf(
  query: ActivityQuery<object> | RevisionQuery<object>,
): Promise<number> {
  const row = await (query as ActivityQuery<object>)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * How many activities passing the filters the scorecard held at the end of a day: the count of
 * `revisionsInEffect`, made in its two parts, each a range of the index on (year, superseded_on,
 * effective_on). Counted at once, the "or" of the two read the whole year's revisions.
 */
export async function countInEffect(
  db: Reader,
  actor: Actor,
  filters: ScorecardFilters,
  vocabulary: Vocabulary,
  day: string,
): Promise<number> {
  const parts = await Promise.all(
    (['current', 'superseded later'] as const).map((part) =>
      countOf(revisionsInEffect(db, actor, filters, vocabulary, day, part)),
    ),
  );
  return parts.reduce((sum, count) => sum + count, 0);
}

/** The facts a revision keeps besides its snapshot: what the as-of view filters and sorts by. */
export function revisionFacts(view: ActivityView) {
  const list = (items: readonly string[]) => (items.length > 0 ? `|${items.join('|')}|` : '');
  return {
    year: view.year,
    title: view.title,
    description: view.description,
    lead_organisation_id: view.lead.id,
    participant_ids: list(view.participants.map((p) => p.id)),
    line_keys: list(view.lines.map((l) => l.key)),
    tags: list(view.tags),
    kind: view.kind,
    status: view.status,
    assessment: view.assessment,
    planned_start: view.plannedStart,
    planned_end: view.plannedEnd,
    released_to_observers: view.releasedToObservers ? 1 : 0,
    changed_at: view.updatedAt,
  };
}

/** A '|'-delimited list column holding a value, with the value's LIKE wildcards taken literally. */
function listHolds(column: string, value: string) {
  return sql<SqlBool>`${sql.ref(column)} like ${containsPattern(`|${value}|`)} escape '\\'`;
}

/**
 * Which of the revisions in effect at the end of a day: all of them, or one of the two parts
 * that make them up, those still current and those superseded after the day.
 */
type InEffectPart = 'all' | 'current' | 'superseded later';

/**
 * The revisions in effect at the end of a day of the activities the actor may read, passing the
 * filters: the scorecard as it stood that day, as a query to count or page. It follows
 * `filteredActivities` rule for rule; a test holds the two to the same answers for today.
 */
export function revisionsInEffect(
  db: Reader,
  actor: Actor,
  filters: ScorecardFilters,
  vocabulary: Vocabulary,
  day: string,
  part: InEffectPart = 'all',
): RevisionQuery<object> {
  let query: RevisionQuery<object> = db
    .selectFrom('scorecard_revisions as r')
    .where('r.year', '=', filters.year)
    .where('r.effective_on', '<=', day)
    .where((eb) => {
      const current = eb('r.superseded_on', 'is', null);
      const supersededLater = eb('r.superseded_on', '>', day);
      if (part === 'current') return current;
      if (part === 'superseded later') return supersededLater;
      return eb.or([current, supersededLater]);
    });
  // A revision's activity exists (its revisions go with it), so only an observer, who may not
  // read every activity, needs the live activity to be visible. An activity may have been
  // released to observers only later: the revision must allow it too.
  if (actor.role === 'observer') {
    query = query
      .where('r.released_to_observers', '=', 1)
      .where((eb) =>
        eb(
          'r.activity_id',
          'in',
          eb
            .selectFrom('scorecard_activities')
            .select('scorecard_activities.id')
            .where(visibleActivities(actor)),
        ),
      );
  }
  if (filters.section) {
    const keys = [...vocabulary.lines.values()]
      .filter((l) => l.section === filters.section)
      .map((l) => l.key);
    query =
      keys.length > 0
        ? query.where(
            () =>
              sql<SqlBool>`(${sql.join(
                keys.map((k) => listHolds('r.line_keys', k)),
                sql` or `,
              )})`,
          )
        : query.where(sql.lit(false));
  }
  if (filters.line) {
    const line = vocabulary.lines.get(filters.line);
    query = line ? query.where(listHolds('r.line_keys', line.key)) : query.where(sql.lit(false));
  }
  if (filters.agency) {
    const agency = vocabulary.organisations.get(filters.agency.toLowerCase());
    if (!agency) query = query.where(sql.lit(false));
    else {
      const role = filters.agencyRole ?? 'any';
      query = query.where((eb) => {
        const leads = eb('r.lead_organisation_id', '=', agency.id);
        const joins = listHolds('r.participant_ids', agency.id);
        if (role === 'lead') return leads;
        if (role === 'participant') return joins;
        return eb.or([leads, joins]);
      });
    }
  }
  if (filters.status) query = query.where('r.status', '=', filters.status);
  if (filters.assessment) query = query.where('r.assessment', '=', filters.assessment);
  if (filters.kind) query = query.where('r.kind', '=', filters.kind);
  if (filters.tag) query = query.where(listHolds('r.tags', filters.tag.toLowerCase()));
  if (filters.q) {
    const text = filters.q;
    query = query.where((eb) =>
      eb.or([containsIgnoringCase('r.title', text), containsIgnoringCase('r.description', text)]),
    );
  }
  return query;
}

/**
 * One page of the revisions in effect, in the requested order, as the activities they were. The
 * snapshots are joined to the page's revisions, so only the page's are read and parsed.
 */
export async function pageOfSnapshots(
  query: RevisionQuery<object>,
  sort: ScorecardSortKey,
  direction: 'asc' | 'desc',
  page: number,
  pageSize: number,
): Promise<ActivityView[]> {
  let ordered = query
    .innerJoin('scorecard_revision_snapshots as s', (join) =>
      join.onRef('s.activity_id', '=', 'r.activity_id').onRef('s.version', '=', 'r.version'),
    )
    .select('s.snapshot')
    .orderBy(orderExpression('r', sort), direction);
  if (sort !== 'title') ordered = ordered.orderBy(orderExpression('r', 'title'));
  const rows = await ordered
    .orderBy('r.activity_id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return rows.map((row) => JSON.parse(row.snapshot) as ActivityView);
}

/**
 * Every revision up to a day of the actor's visible activities of a year, oldest version first:
 * what the as-of view reads, loaded once for a series of days rather than once per day.
 */
export async function revisionsUntil(
  db: Reader,
  actor: Actor,
  year: number,
  until: string,
): Promise<{ activityId: string; version: number; effectiveOn: string; snapshot: ActivityView }[]> {
  const rows = await db
    .selectFrom('scorecard_revisions as r')
    .innerJoin('scorecard_activities', 'scorecard_activities.id', 'r.activity_id')
    .innerJoin('scorecard_revision_snapshots as s', (join) =>
      join.onRef('s.activity_id', '=', 'r.activity_id').onRef('s.version', '=', 'r.version'),
    )
    .where(visibleActivities(actor))
    .where('scorecard_activities.year', '=', year)
    .where('r.effective_on', '<=', until)
    .select([
      'r.activity_id as activityId',
      'r.version',
      'r.effective_on as effectiveOn',
      's.snapshot',
    ])
    .orderBy('r.activity_id')
    .orderBy('r.version')
    .execute();
  return rows.map((row) => ({ ...row, snapshot: JSON.parse(row.snapshot) as ActivityView }));
}
