import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { AppError, NotFoundError, StaleVersionError, ValidationError } from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import { claimVersion } from '../../db/versioned.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import {
  changedFields,
  resolveTraining,
  toInput,
  type OrganisationLookup,
  type ResolvedTraining,
  type TrainingFilters,
  type TrainingInput,
  type TrainingQuery,
  type TrainingView,
} from './training.model.js';
import { mayKeep, visibleTrainings } from './training.policy.js';
import {
  countOf,
  filteredTrainings,
  loadOrganisations,
  loadViews,
  overlapping,
  pageOfIds,
  trainingColumns,
  writeChildren,
} from './training.repository.js';
import { duplicatePairs, likelyDuplicates, type Resemblance } from './training.similarity.js';

export interface TrainingPage {
  items: TrainingView[];
  total: number;
  page: number;
  pageSize: number;
}

/** A training that resembles the one being saved, as the warning lists it. */
export interface DuplicateCandidate extends Resemblance {
  id: string;
  title: string;
  organiser: string;
  startOn: string;
  endOn: string;
  audience: string;
  topics: string[];
}

export interface DuplicatePair extends Resemblance {
  a: TrainingView;
  b: TrainingView;
}

export interface TrainingRevision {
  version: number;
  recordedAt: string;
  recordedBy: string | null;
  summary: string;
  changedFields: string[];
}

/**
 * The training resembles trainings already in the matrix: nothing was stored. Saving again with
 * the confirmation stores it anyway.
 */
export class PossibleDuplicatesError extends AppError {
  constructor(readonly candidates: DuplicateCandidate[]) {
    super(
      'possible_duplicates',
      409,
      candidates.length === 1
        ? 'A training in the matrix looks like this one (same audience, overlapping days, a similar title or topics). Check it; to save anyway, confirm.'
        : `${String(candidates.length)} trainings in the matrix look like this one (same audience, overlapping days, a similar title or topics). Check them; to save anyway, confirm.`,
    );
  }
}

const NOT_FOUND = 'No such training.';

function candidateOf(view: TrainingView & Resemblance): DuplicateCandidate {
  return {
    id: view.id,
    title: view.title,
    organiser: view.organiser.acronym,
    startOn: view.startOn,
    endOn: view.endOn,
    audience: view.audience,
    topics: [...view.topics],
    titleSimilarity: view.titleSimilarity,
    topicSimilarity: view.topicSimilarity,
  };
}

/** The training matrix: reads through the visibility predicate, audited writes. */
export class Trainings {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  organisations(): Promise<OrganisationLookup> {
    return loadOrganisations(this.database.db);
  }

  /** Filters as the API and pages give them, the agency by acronym, resolved to its record. */
  async filtersOf(filters: TrainingFilters): Promise<TrainingFilters> {
    if (!filters.agency) return filters;
    const agency = (await this.organisations()).get(filters.agency.trim().toLowerCase());
    if (!agency)
      throw new ValidationError([{ field: 'agency', message: `${filters.agency} is not known` }]);
    return { ...filters, agency: agency.id };
  }

  /** The acronym of the network's chair in a year, as the report's title page names it. */
  async chairOf(year: number): Promise<string> {
    const row = await this.database.db
      .selectFrom('chair_years')
      .innerJoin('organisations', 'organisations.id', 'chair_years.organisation_id')
      .select('organisations.acronym')
      .where('chair_years.year', '=', year)
      .executeTakeFirst();
    return row?.acronym ?? '';
  }

  /** Years that have trainings the actor may read, latest first. */
  async years(actor: Actor): Promise<number[]> {
    const rows = await this.database.db
      .selectFrom('trainings')
      .select('year')
      .where(visibleTrainings(actor))
      .distinct()
      .execute();
    return rows.map((r) => r.year).sort((a, b) => b - a);
  }

  async list(actor: Actor, query: TrainingQuery): Promise<TrainingPage> {
    const db = this.database.db;
    const filtered = filteredTrainings(db, actor, query);
    const [total, ids] = await Promise.all([
      countOf(filtered),
      pageOfIds(filtered, query.sort, query.direction, query.page, query.pageSize),
    ]);
    return { items: await loadViews(db, ids), total, page: query.page, pageSize: query.pageSize };
  }

  /** Every training of the filters, in the order asked: for exports and the report. */
  async all(
    actor: Actor,
    query: TrainingFilters & Pick<TrainingQuery, 'sort' | 'direction'>,
  ): Promise<TrainingView[]> {
    const db = this.database.db;
    const ids = await pageOfIds(
      filteredTrainings(db, actor, query),
      query.sort,
      query.direction,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    return loadViews(db, ids);
  }

  /** The trainings the actor may read that take place, at least in part, between two days. */
  between(actor: Actor, from: string, until: string): Promise<TrainingView[]> {
    return overlapping(this.database.db, actor, { startOn: from, endOn: until });
  }

  private async readable(executor: Executor, actor: Actor, id: string): Promise<TrainingView> {
    const row = await executor
      .selectFrom('trainings')
      .select('id')
      .where('id', '=', id)
      .where(visibleTrainings(actor))
      .executeTakeFirst();
    const [view] = row ? await loadViews(executor, [row.id]) : [];
    if (!view) throw new NotFoundError(NOT_FOUND);
    return view;
  }

  get(actor: Actor, id: string): Promise<TrainingView> {
    return this.readable(this.database.db, actor, id);
  }

  /** Whether the actor may change the training: pages use it to offer the actions. */
  mayChange(actor: Actor, training: TrainingView): boolean {
    return mayKeep(actor, training.organiser.id);
  }

  /** The training if the actor may change it; otherwise not found, like a hidden one. */
  private async changeable(actor: Actor, id: string): Promise<TrainingView> {
    const current = await this.readable(this.database.db, actor, id);
    if (!this.mayChange(actor, current)) throw new NotFoundError(NOT_FOUND);
    return current;
  }

  private async resolve(input: TrainingInput): Promise<ResolvedTraining> {
    const { training, errors } = resolveTraining(input, await this.organisations());
    if (!training) throw new ValidationError(errors);
    return training;
  }

  /** The trainings the actor may read that resemble `training`, most alike first. */
  async similarTo(
    actor: Actor,
    training: Pick<ResolvedTraining, 'title' | 'topics' | 'audience' | 'startOn' | 'endOn'>,
    exceptId: string | null = null,
  ): Promise<DuplicateCandidate[]> {
    const nearby = await overlapping(this.database.db, actor, training);
    return likelyDuplicates({ id: exceptId ?? '', ...training }, nearby).map(candidateOf);
  }

  /** Checks a training and what it resembles, storing nothing: the form's first round. */
  async check(actor: Actor, input: TrainingInput): Promise<DuplicateCandidate[]> {
    return this.similarTo(actor, await this.resolve(input));
  }

  async create(
    actor: Actor,
    context: AuditContext,
    input: TrainingInput,
    options: { confirmed: boolean },
  ): Promise<TrainingView> {
    const training = await this.resolve(input);
    if (!mayKeep(actor, training.organiser.id))
      throw new ValidationError([
        {
          field: 'organiser',
          message: `You may enter trainings your own agency (${actor.organisationAcronym}) organises only.`,
        },
      ]);
    const candidates = await this.similarTo(actor, training);
    if (candidates.length > 0 && !options.confirmed) throw new PossibleDuplicatesError(candidates);
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      await this.insert(trx, id, training, actor.userId, 'created');
      await this.audit.record(trx, context, {
        action: 'training.create',
        targetType: 'training',
        targetId: id,
        changes: {
          title: training.title,
          organiser: training.organiser.acronym,
          startOn: training.startOn,
          ...(candidates.length > 0 ? { savedDespite: candidates.map((c) => c.id) } : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  /** Stores a new training and its first revision, in the caller's transaction and audit. */
  async insert(
    trx: Trx,
    id: string,
    training: ResolvedTraining,
    createdBy: string | null,
    summary: 'created' | 'imported',
  ): Promise<void> {
    const now = new Date().toISOString();
    await trx
      .insertInto('trainings')
      .values({
        id,
        ...trainingColumns(training),
        version: 1,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeChildren(trx, id, training);
    await this.recordRevision(trx, id, createdBy, summary, []);
  }

  private async recordRevision(
    trx: Trx,
    id: string,
    recordedBy: string | null,
    summary: string,
    fields: readonly string[],
  ): Promise<void> {
    const [view] = await loadViews(trx, [id]);
    if (!view) throw new NotFoundError(NOT_FOUND);
    await trx
      .insertInto('training_revisions')
      .values({
        training_id: id,
        version: view.version,
        recorded_at: new Date().toISOString(),
        recorded_by: recordedBy,
        summary,
        changed_fields: JSON.stringify(fields),
        snapshot: JSON.stringify(view),
      })
      .execute();
  }

  /** Replaces the training with `input`, provided it is still at `expectedVersion`. */
  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: TrainingInput,
    expectedVersion: number,
    options: { confirmed: boolean },
  ): Promise<TrainingView> {
    const current = await this.changeable(actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const training = await this.resolve(input);
    if (training.organiser.id !== current.organiser.id && actor.role !== 'admin')
      throw new ValidationError([
        { field: 'organiser', message: 'Only the secretariat hands a training to another agency.' },
      ]);
    const changes = changedFields(toInput(current), toInput(training));
    // Saving an unchanged form is not a change: no new version, nothing to audit.
    if (Object.keys(changes).length === 0) return current;
    const resembles = ['title', 'topics', 'audience', 'startOn', 'endOn'].some((f) => f in changes);
    const candidates = resembles ? await this.similarTo(actor, training, id) : [];
    if (candidates.length > 0 && !options.confirmed) throw new PossibleDuplicatesError(candidates);
    await this.database.db.transaction().execute(async (trx) => {
      await this.replace(trx, current, training, actor.userId, 'edited');
      await this.audit.record(trx, context, {
        action: 'training.update',
        targetType: 'training',
        targetId: id,
        changes: {
          ...changes,
          ...(candidates.length > 0 ? { savedDespite: candidates.map((c) => c.id) } : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Writes a checked training over the stored one at `current.version`, with a new revision;
   * answers the changed fields. Used by `update` and the import, in their own transaction.
   */
  async replace(
    trx: Trx,
    current: TrainingView,
    training: ResolvedTraining,
    recordedBy: string | null,
    summary: 'edited' | 'imported',
  ): Promise<Record<string, { before: unknown; after: unknown }>> {
    const changes = changedFields(toInput(current), toInput(training));
    if (Object.keys(changes).length === 0) return changes;
    await claimVersion(trx, 'trainings', current.id, current.version);
    await trx
      .updateTable('trainings')
      .set(trainingColumns(training))
      .where('id', '=', current.id)
      .execute();
    await writeChildren(trx, current.id, training);
    await this.recordRevision(trx, current.id, recordedBy, summary, Object.keys(changes));
    return changes;
  }

  async delete(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<void> {
    const current = await this.changeable(actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    await this.database.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'trainings', id, expectedVersion);
      await trx.deleteFrom('trainings').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'training.delete',
        targetType: 'training',
        targetId: id,
        changes: {
          title: current.title,
          organiser: current.organiser.acronym,
          startOn: current.startOn,
        },
      });
    });
  }

  /** Every version of a training, latest first: when, by whom, which fields. */
  async revisions(actor: Actor, id: string): Promise<TrainingRevision[]> {
    const training = await this.get(actor, id);
    const rows = await this.database.db
      .selectFrom('training_revisions')
      .leftJoin('users', 'users.id', 'training_revisions.recorded_by')
      .select([
        'training_revisions.version',
        'training_revisions.recorded_at as recordedAt',
        'users.name as recordedBy',
        'training_revisions.summary',
        'training_revisions.changed_fields as changedFields',
      ])
      .where('training_revisions.training_id', '=', training.id)
      .orderBy('training_revisions.version', 'desc')
      .execute();
    return rows.map((row) => ({
      ...row,
      changedFields: JSON.parse(row.changedFields) as string[],
    }));
  }

  /** The likely duplicates among the trainings of a year, across every agency. */
  async duplicates(actor: Actor, year: number): Promise<DuplicatePair[]> {
    const trainings = await this.all(actor, { year, sort: 'start', direction: 'asc' });
    // A training of the year may overlap one that starts the year before and runs into it.
    const earlier = await overlapping(this.database.db, actor, {
      startOn: `${String(year)}-01-01`,
      endOn: `${String(year)}-01-01`,
    });
    const known = new Set(trainings.map((t) => t.id));
    const pool = [...trainings, ...earlier.filter((t) => !known.has(t.id))];
    return duplicatePairs(pool);
  }
}
