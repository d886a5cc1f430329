import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Actor } from '../../app/access.js';
import type { Executor, Trx } from '../../db/database.js';
import type { Schema } from '../../db/schema.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import type {
  ActivityView,
  LineRef,
  OrganisationRef,
  ResolvedActivity,
  ScorecardFilters,
  ScorecardSortKey,
  Vocabulary,
} from './scorecard.model.js';
import { visibleActivities } from './scorecard.policy.js';

type Reader = Executor;
type ActivityQuery<O> = SelectQueryBuilder<Schema, 'scorecard_activities', O>;

/** Loads what activities of a year may refer to: the registry and the year's priority lines. */
export async function loadVocabulary(db: Reader, year: number): Promise<Vocabulary> {
  const [organisations, formerNames, lines] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'acronym', 'name', 'kind']).execute(),
    db
      .selectFrom('organisation_names')
      .select(['organisation_id as organisationId', 'acronym'])
      .execute(),
    db
      .selectFrom('priority_lines')
      .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
      .innerJoin('priority_frameworks', 'priority_frameworks.id', 'priority_sections.framework_id')
      .select([
        'priority_lines.line_key as key',
        'priority_lines.number',
        'priority_lines.text',
        'priority_sections.number as section',
        'priority_frameworks.version',
        'priority_frameworks.status',
      ])
      .where('priority_frameworks.year', '=', year)
      .orderBy('priority_frameworks.version')
      .execute(),
  ]);
  const byAcronym = new Map<string, OrganisationRef>();
  for (const organisation of organisations) {
    byAcronym.set(organisation.acronym.toLowerCase(), organisation);
  }
  for (const former of formerNames) {
    const current = organisations.find((o) => o.id === former.organisationId);
    if (current && !byAcronym.has(former.acronym.toLowerCase())) {
      byAcronym.set(former.acronym.toLowerCase(), current);
    }
  }
  const agreedVersion = Math.max(
    0,
    ...lines.filter((l) => l.status === 'agreed').map((l) => l.version),
  );
  const byCode = new Map<string, LineRef>();
  const byKey = new Map<string, LineRef>();
  for (const line of lines) {
    const ref = {
      key: line.key,
      code: `${line.section}.${String(line.number)}`,
      section: line.section,
      text: line.text,
    };
    if (line.version === agreedVersion) byCode.set(ref.code, ref);
    // Later versions come last and win; the agreed version wins over drafts made after it.
    if (line.version <= agreedVersion || !byKey.has(ref.key)) byKey.set(ref.key, ref);
  }
  return { year, organisations: byAcronym, lines: byCode, linesByKey: byKey };
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/** Full views of the given activities, in the order of `ids`. Visibility is the caller's job. */
export async function loadViews(db: Reader, ids: readonly string[]): Promise<ActivityView[]> {
  if (ids.length === 0) return [];
  const views = new Map<string, ActivityView>();
  const years = new Set<number>();
  const lineKeys = new Map<string, string[]>();
  for (const part of chunks(ids)) {
    const [rows, organisations, lines, tags, indicators, deliverables] = await Promise.all([
      db
        .selectFrom('scorecard_activities')
        .innerJoin('organisations', 'organisations.id', 'scorecard_activities.lead_organisation_id')
        .selectAll('scorecard_activities')
        .select([
          'organisations.acronym as leadAcronym',
          'organisations.name as leadName',
          'organisations.kind as leadKind',
        ])
        .where('scorecard_activities.id', 'in', part)
        .execute(),
      db
        .selectFrom('scorecard_activity_organisations')
        .innerJoin(
          'organisations',
          'organisations.id',
          'scorecard_activity_organisations.organisation_id',
        )
        .select([
          'scorecard_activity_organisations.activity_id as activityId',
          'scorecard_activity_organisations.role',
          'organisations.id',
          'organisations.acronym',
          'organisations.name',
          'organisations.kind',
        ])
        .where('scorecard_activity_organisations.activity_id', 'in', part)
        .orderBy('organisations.acronym')
        .execute(),
      db
        .selectFrom('scorecard_activity_lines')
        .select(['activity_id as activityId', 'line_key as key'])
        .where('activity_id', 'in', part)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('scorecard_activity_tags')
        .select(['activity_id as activityId', 'tag'])
        .where('activity_id', 'in', part)
        .orderBy('tag')
        .execute(),
      db
        .selectFrom('scorecard_indicators')
        .select(['activity_id as activityId', 'name', 'unit', 'target', 'value'])
        .where('activity_id', 'in', part)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('scorecard_deliverables')
        .select(['activity_id as activityId', 'title', 'url', 'due_on as date'])
        .where('activity_id', 'in', part)
        .orderBy('position')
        .execute(),
    ]);
    for (const row of rows) {
      years.add(row.year);
      views.set(row.id, {
        id: row.id,
        year: row.year,
        title: row.title,
        description: row.description,
        lines: [],
        lead: {
          id: row.lead_organisation_id,
          acronym: row.leadAcronym,
          name: row.leadName,
          kind: row.leadKind,
        },
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
    for (const { activityId, role, ...organisation } of organisations) {
      const view = views.get(activityId);
      if (role === 'participant') view?.participants.push(organisation);
      else view?.partners.push(organisation);
    }
    for (const { activityId, key } of lines) {
      lineKeys.set(activityId, [...(lineKeys.get(activityId) ?? []), key]);
    }
    for (const { activityId, tag } of tags) views.get(activityId)?.tags.push(tag);
    for (const { activityId, ...indicator } of indicators)
      views.get(activityId)?.indicators.push(indicator);
    for (const { activityId, ...deliverable } of deliverables)
      views.get(activityId)?.deliverables.push(deliverable);
  }
  const lineRefs = new Map<number, Map<string, LineRef>>();
  for (const year of years) lineRefs.set(year, (await loadVocabulary(db, year)).linesByKey);
  for (const [activityId, keys] of lineKeys) {
    const view = views.get(activityId);
    if (!view) continue;
    const known = lineRefs.get(view.year);
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
  return ids.flatMap((id) => views.get(id) ?? []);
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

const statusOrder = sql<number>`case scorecard_activities.status when 'planned' then 0 when 'ongoing' then 1 when 'completed' then 2 when 'postponed' then 3 else 4 end`;
const assessmentOrder = sql<number>`case scorecard_activities.assessment when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end`;

/** The ids of one page of a filtered query, in the requested order (ties by title, then id). */
export async function pageOfIds(
  query: ActivityQuery<object>,
  sort: ScorecardSortKey,
  direction: 'asc' | 'desc',
  page: number,
  pageSize: number,
): Promise<string[]> {
  const ordered = query
    .innerJoin('organisations', 'organisations.id', 'scorecard_activities.lead_organisation_id')
    .select('scorecard_activities.id');
  const sorted = (() => {
    switch (sort) {
      case 'title':
        return ordered.orderBy(sql`lower(scorecard_activities.title)`, direction);
      case 'lead':
        return ordered.orderBy(sql`lower(organisations.acronym)`, direction);
      case 'status':
        return ordered.orderBy(statusOrder, direction);
      case 'assessment':
        return ordered.orderBy(assessmentOrder, direction);
      case 'start':
        return ordered.orderBy('scorecard_activities.planned_start', direction);
      case 'end':
        return ordered.orderBy('scorecard_activities.planned_end', direction);
      case 'updated':
        return ordered.orderBy('scorecard_activities.updated_at', direction);
    }
  })();
  const rows = await sorted
    .orderBy(sql`lower(scorecard_activities.title)`)
    .orderBy('scorecard_activities.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return rows.map((r) => r.id);
}

export async function countOf(query: ActivityQuery<object>): Promise<number> {
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * The snapshots of the actor's visible activities of a year as they stood at the end of a day:
 * for each activity, its latest revision that took effect on or before that day.
 */
export async function snapshotsAsOf(
  db: Reader,
  actor: Actor,
  year: number,
  day: string,
): Promise<ActivityView[]> {
  const rows = await db
    .selectFrom('scorecard_revisions as r')
    .innerJoin('scorecard_activities', 'scorecard_activities.id', 'r.activity_id')
    .where(visibleActivities(actor))
    .where('scorecard_activities.year', '=', year)
    .where('r.version', '=', (eb) =>
      eb
        .selectFrom('scorecard_revisions as latest')
        .select((e) => e.fn.max('latest.version').as('version'))
        .whereRef('latest.activity_id', '=', 'r.activity_id')
        .where('latest.effective_on', '<=', day),
    )
    .select('r.snapshot')
    .execute();
  const views = rows.map((r) => JSON.parse(r.snapshot) as ActivityView);
  // An activity may have been released to observers only later: the snapshot must allow it too.
  return actor.role === 'observer' ? views.filter((v) => v.releasedToObservers) : views;
}
