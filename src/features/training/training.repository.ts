import { sql, type SelectQueryBuilder } from 'kysely';
import type { Actor } from '../../app/access.js';
import type { Executor, Trx } from '../../db/database.js';
import type { Schema } from '../../db/schema.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import {
  daysBetween,
  type OrganisationLookup,
  type OrganisationRef,
  type ResolvedTraining,
  type TrainingAudience,
  type TrainingFilters,
  type TrainingKind,
  type TrainingSortKey,
  type TrainingTopic,
  type TrainingView,
} from './training.model.js';
import { visibleTrainings } from './training.policy.js';

/** Every organisation by acronym in lower case, former acronyms included. */
export async function loadOrganisations(db: Executor): Promise<OrganisationLookup> {
  const [organisations, formerNames] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'acronym', 'name', 'kind']).execute(),
    db
      .selectFrom('organisation_names')
      .select(['organisation_id as organisationId', 'acronym'])
      .execute(),
  ]);
  const byAcronym = new Map<string, OrganisationRef & { kind: string }>();
  for (const organisation of organisations)
    byAcronym.set(organisation.acronym.toLowerCase(), organisation);
  for (const former of formerNames) {
    const current = organisations.find((o) => o.id === former.organisationId);
    if (current && !byAcronym.has(former.acronym.toLowerCase()))
      byAcronym.set(former.acronym.toLowerCase(), current);
  }
  return byAcronym;
}

const languagesColumn = (languages: readonly string[]) => `|${languages.join('|')}|`;

/** The columns of `trainings` a checked training writes. */
export function trainingColumns(training: ResolvedTraining) {
  return {
    year: Number(training.startOn.slice(0, 4)),
    title: training.title,
    organiser_id: training.organiser.id,
    kind: training.kind,
    audience: training.audience,
    start_on: training.startOn,
    end_on: training.endOn,
    place: training.place,
    languages: languagesColumn(training.languages),
    capacity: training.capacity,
    participants: training.participants,
    offer_url: training.offerUrl,
    released_to_observers: training.releasedToObservers ? 1 : 0,
  };
}

/** Replaces the co-organisers and topics of a training. */
export async function writeChildren(
  trx: Trx,
  id: string,
  training: ResolvedTraining,
): Promise<void> {
  await trx.deleteFrom('training_organisations').where('training_id', '=', id).execute();
  await trx.deleteFrom('training_topics').where('training_id', '=', id).execute();
  if (training.coOrganisers.length > 0)
    await trx
      .insertInto('training_organisations')
      .values(training.coOrganisers.map((o) => ({ training_id: id, organisation_id: o.id })))
      .execute();
  await trx
    .insertInto('training_topics')
    .values(training.topics.map((topic) => ({ training_id: id, topic })))
    .execute();
}

type TrainingSelect = SelectQueryBuilder<Schema, 'trainings' | 'organisations', { id: string }>;

/** The trainings the actor may read that pass the filters, as a query of their ids. */
export function filteredTrainings(
  db: Executor,
  actor: Actor,
  filters: TrainingFilters,
): TrainingSelect {
  let query = db
    .selectFrom('trainings')
    .innerJoin('organisations', 'organisations.id', 'trainings.organiser_id')
    .select('trainings.id')
    .where(visibleTrainings(actor));
  if (filters.year !== undefined) query = query.where('trainings.year', '=', filters.year);
  if (filters.kind) query = query.where('trainings.kind', '=', filters.kind);
  if (filters.audience) query = query.where('trainings.audience', '=', filters.audience);
  if (filters.language)
    query = query.where(
      'trainings.languages',
      'like',
      `%|${filters.language.replace(/[^a-z]/g, '')}|%`,
    );
  if (filters.topic) {
    const topic = filters.topic;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_topics')
          .select('training_topics.topic')
          .whereRef('training_topics.training_id', '=', 'trainings.id')
          .where('training_topics.topic', '=', topic),
      ),
    );
  }
  if (filters.agency) {
    const agencyId = filters.agency;
    // An agency's trainings are those it organises and those it co-organises.
    query = query.where((eb) =>
      eb.or([
        eb('trainings.organiser_id', '=', agencyId),
        eb.exists(
          eb
            .selectFrom('training_organisations')
            .select('training_organisations.organisation_id')
            .whereRef('training_organisations.training_id', '=', 'trainings.id')
            .where('training_organisations.organisation_id', '=', agencyId),
        ),
      ]),
    );
  }
  if (filters.q && filters.q.trim() !== '')
    query = query.where(containsIgnoringCase('trainings.title', filters.q.trim()));
  return query;
}

export async function countOf(query: TrainingSelect): Promise<number> {
  const row = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

const sortColumns = {
  start: 'trainings.start_on',
  title: 'trainings.title',
  organiser: 'organisations.acronym',
  participants: 'trainings.participants',
} as const;

/** One page of ids in the order asked, ties by first day and id so pages never overlap. */
export async function pageOfIds(
  query: TrainingSelect,
  sort: TrainingSortKey,
  direction: 'asc' | 'desc',
  page: number,
  pageSize: number,
): Promise<string[]> {
  const column = sortColumns[sort];
  let ordered = query;
  if (sort === 'participants')
    // Unknown counts last either way, on both databases.
    ordered = ordered.orderBy(sql`case when trainings.participants is null then 1 else 0 end`);
  if (sort === 'title') ordered = ordered.orderBy(sql`lower(trainings.title)`, direction);
  else ordered = ordered.orderBy(column, direction);
  const rows = await ordered
    .orderBy('trainings.start_on')
    .orderBy('trainings.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return rows.map((r) => r.id);
}

/** Full views of the given trainings, in the order of `ids`. Visibility is the caller's job. */
export async function loadViews(db: Executor, ids: readonly string[]): Promise<TrainingView[]> {
  if (ids.length === 0) return [];
  const views = new Map<string, TrainingView>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const [rows, partners, topics] = await Promise.all([
      db
        .selectFrom('trainings')
        .innerJoin('organisations', 'organisations.id', 'trainings.organiser_id')
        .selectAll('trainings')
        .select([
          'organisations.acronym as organiserAcronym',
          'organisations.name as organiserName',
        ])
        .where('trainings.id', 'in', chunk)
        .execute(),
      db
        .selectFrom('training_organisations')
        .innerJoin('organisations', 'organisations.id', 'training_organisations.organisation_id')
        .select([
          'training_organisations.training_id as trainingId',
          'organisations.id',
          'organisations.acronym',
          'organisations.name',
        ])
        .where('training_organisations.training_id', 'in', chunk)
        .execute(),
      db
        .selectFrom('training_topics')
        .select(['training_id as trainingId', 'topic'])
        .where('training_id', 'in', chunk)
        .execute(),
    ]);
    for (const row of rows) {
      views.set(row.id, {
        id: row.id,
        year: row.year,
        title: row.title,
        organiser: { id: row.organiser_id, acronym: row.organiserAcronym, name: row.organiserName },
        coOrganisers: partners
          .filter((p) => p.trainingId === row.id)
          .map(({ id, acronym, name }) => ({ id, acronym, name }))
          .sort((a, b) => a.acronym.localeCompare(b.acronym)),
        kind: row.kind as TrainingKind,
        topics: topics
          .filter((t) => t.trainingId === row.id)
          .map((t) => t.topic as TrainingTopic)
          .sort(),
        audience: row.audience as TrainingAudience,
        startOn: row.start_on,
        endOn: row.end_on,
        days: daysBetween(row.start_on, row.end_on),
        place: row.place,
        languages: row.languages.split('|').filter((l) => l !== ''),
        capacity: row.capacity,
        participants: row.participants,
        offerUrl: row.offer_url,
        releasedToObservers: row.released_to_observers === 1,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      });
    }
  }
  return ids.flatMap((id) => {
    const view = views.get(id);
    return view ? [view] : [];
  });
}

/**
 * The trainings the actor may read whose period overlaps [startOn, endOn] for the audience: the
 * few that the similarity rule then compares in the application.
 */
export async function overlapping(
  db: Executor,
  actor: Actor,
  period: { startOn: string; endOn: string; audience?: string },
): Promise<TrainingView[]> {
  let query = db
    .selectFrom('trainings')
    .select('trainings.id')
    .where(visibleTrainings(actor))
    .where('trainings.start_on', '<=', period.endOn)
    .where('trainings.end_on', '>=', period.startOn);
  if (period.audience) query = query.where('trainings.audience', '=', period.audience);
  const rows = await query.orderBy('trainings.start_on').orderBy('trainings.id').execute();
  return loadViews(
    db,
    rows.map((r) => r.id),
  );
}
