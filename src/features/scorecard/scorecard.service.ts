import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import { claimVersion } from '../../db/versioned.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import {
  changedFields,
  checkProgress,
  resolveActivity,
  toInput,
  type ActivityInput,
  type ActivityView,
  type ProgressChanges,
  type ProgressInput,
  type ResolvedActivity,
  type ScorecardQuery,
  type Vocabulary,
} from './scorecard.model.js';
import { mayChange, mayChangeLead, mayCreateLedBy, visibleActivities } from './scorecard.policy.js';
import {
  activitiesOfOffer,
  checkOfferIds,
  linkedOffers,
  offersToChoose,
  writeOfferLinks,
  type LinkedOffer,
  type LinkingActivity,
} from './scorecard.offers.js';
import {
  activityColumns,
  countInEffect,
  countOf,
  filteredActivities,
  loadViews,
  viewsOf,
  loadVocabulary,
  pageOfActivities,
  pageOfSnapshots,
  revisionFacts,
  revisionsInEffect,
  writeChildren,
} from './scorecard.repository.js';

export interface ScorecardPage {
  items: ActivityView[];
  total: number;
  page: number;
  pageSize: number;
  asOf: string | null;
}

export interface ProgressView {
  id: string;
  postedOn: string;
  organisation: string;
  author: string | null;
  text: string;
  changes: ProgressChanges;
  activityVersion: number;
  createdAt: string;
}

export interface RevisionView {
  version: number;
  effectiveOn: string;
  recordedAt: string;
  recordedBy: string | null;
  summary: string;
}

const NOT_FOUND = 'No such activity.';

/** The scorecard of joint activities: reads through the visibility predicate, audited writes. */
export class Scorecard {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  vocabulary(year: number): Promise<Vocabulary> {
    return loadVocabulary(this.database.db, year);
  }

  /** Years that have agreed priorities or activities, latest first. */
  async years(): Promise<number[]> {
    // The years with activities are found by one step down the index that starts with each, from
    // the one before: a distinct over the table read every activity, thousands a year, on every
    // scorecard page. One query with the years of agreed priorities, a union that also dedupes.
    const { rows } = await sql<{ year: number }>`with recursive activity_years(year) as (
        select min(year) from scorecard_activities
        union all
        select (select min(year) from scorecard_activities where year > activity_years.year)
        from activity_years where activity_years.year is not null)
      select year from activity_years where year is not null
      union
      select year from priority_frameworks where status = ${'agreed'}
      order by year desc`.execute(this.database.db);
    return rows.map((row) => row.year);
  }

  /** The year a scorecard shows when none is asked for: the latest there is. */
  async defaultYear(): Promise<number> {
    return (await this.years())[0] ?? new Date().getUTCFullYear();
  }

  /**
   * A page of the activities the actor may see, now or as they stood at the end of `query.asOf`.
   * A caller that has read the year's vocabulary already (a page draws its filters with it)
   * passes it, so it is not read twice.
   */
  async list(
    actor: Actor,
    query: ScorecardQuery,
    yearVocabulary?: Vocabulary,
  ): Promise<ScorecardPage> {
    const db = this.database.db;
    const vocabulary =
      yearVocabulary?.year === query.year ? yearVocabulary : await loadVocabulary(db, query.year);
    const paging = { page: query.page, pageSize: query.pageSize };
    if (query.asOf) {
      const inEffect = revisionsInEffect(db, actor, query, vocabulary, query.asOf);
      const [total, items] = await Promise.all([
        countInEffect(db, actor, query, vocabulary, query.asOf),
        pageOfSnapshots(inEffect, query.sort, query.direction, query.page, query.pageSize),
      ]);
      return { items, total, ...paging, asOf: query.asOf };
    }
    const filtered = filteredActivities(db, actor, query, vocabulary);
    const [total, rows] = await Promise.all([
      countOf(filtered),
      pageOfActivities(filtered, query.sort, query.direction, query.page, query.pageSize),
    ]);
    return { items: await viewsOf(db, rows, vocabulary), total, ...paging, asOf: null };
  }

  /** Every activity of the query, unpaged, in its order: for exports and views. */
  async all(
    actor: Actor,
    query: Omit<ScorecardQuery, 'page' | 'pageSize'>,
  ): Promise<ActivityView[]> {
    const db = this.database.db;
    const vocabulary = await loadVocabulary(db, query.year);
    if (query.asOf) {
      const inEffect = revisionsInEffect(db, actor, query, vocabulary, query.asOf);
      return pageOfSnapshots(inEffect, query.sort, query.direction, 1, Number.MAX_SAFE_INTEGER);
    }
    const filtered = filteredActivities(db, actor, query, vocabulary);
    const rows = await pageOfActivities(
      filtered,
      query.sort,
      query.direction,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    return viewsOf(db, rows, vocabulary);
  }

  private async readable(executor: Executor, actor: Actor, id: string) {
    const row = await executor
      .selectFrom('scorecard_activities')
      .selectAll()
      .where('id', '=', id)
      .where(visibleActivities(actor))
      .executeTakeFirst();
    if (!row) throw new NotFoundError(NOT_FOUND);
    const [view] = await viewsOf(executor, [row]);
    if (!view) throw new NotFoundError(NOT_FOUND);
    return view;
  }

  async get(actor: Actor, id: string): Promise<ActivityView> {
    return this.readable(this.database.db, actor, id);
  }

  /** The activity as it stood at the end of a day; before it existed, it is not found. */
  async getAsOf(actor: Actor, id: string, day: string): Promise<ActivityView> {
    const current = await this.readable(this.database.db, actor, id);
    const row = await this.database.db
      .selectFrom('scorecard_revisions')
      .innerJoin('scorecard_revision_snapshots as s', (join) =>
        join
          .onRef('s.activity_id', '=', 'scorecard_revisions.activity_id')
          .onRef('s.version', '=', 'scorecard_revisions.version'),
      )
      .select('s.snapshot')
      .where('scorecard_revisions.activity_id', '=', current.id)
      .where('scorecard_revisions.effective_on', '<=', day)
      .orderBy('scorecard_revisions.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const snapshot = row ? (JSON.parse(row.snapshot) as ActivityView) : null;
    if (!snapshot || (actor.role === 'observer' && !snapshot.releasedToObservers))
      throw new NotFoundError('The activity did not exist on that date.');
    return snapshot;
  }

  /** Whether the actor may change the activity: pages use it to offer the actions. */
  mayChange(actor: Actor, activity: ActivityView): boolean {
    return mayChange(actor, {
      leadId: activity.lead.id,
      participantIds: activity.participants.map((p) => p.id),
    });
  }

  private resolve(input: ActivityInput, vocabulary: Vocabulary): ResolvedActivity {
    const { activity, errors } = resolveActivity(input, vocabulary);
    if (!activity) throw new ValidationError(errors);
    return activity;
  }

  async create(
    actor: Actor,
    context: AuditContext,
    input: ActivityInput,
    options: { effectiveOn?: string; offerIds?: readonly string[] } = {},
  ): Promise<ActivityView> {
    const activity = this.resolve(input, await this.vocabulary(input.year));
    if (!mayCreateLedBy(actor, activity.lead.id)) {
      throw new ValidationError([
        {
          field: 'lead',
          message: `You may create activities led by your own agency (${actor.organisationAcronym}) only.`,
        },
      ]);
    }
    const offers = await checkOfferIds(this.database.db, actor, options.offerIds ?? []);
    if (offers.errors.length > 0) throw new ValidationError(offers.errors);
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      await this.insert(
        trx,
        id,
        activity,
        actor.userId,
        options.effectiveOn ?? todayUtc(),
        'created',
      );
      await writeOfferLinks(trx, id, offers.ids, actor);
      await this.audit.record(trx, context, {
        action: 'activity.create',
        targetType: 'activity',
        targetId: id,
        changes: {
          title: activity.title,
          lead: activity.lead.acronym,
          year: activity.year,
          ...(offers.ids.length > 0 ? { offers: offers.ids } : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Stores a new activity with its first revision. Used by creation, the spreadsheet import and
   * the demo data, inside their own transaction and audit.
   */
  async insert(
    trx: Trx,
    id: string,
    activity: ResolvedActivity,
    createdBy: string | null,
    effectiveOn: string,
    summary: 'created' | 'imported',
  ): Promise<void> {
    const now = new Date().toISOString();
    await trx
      .insertInto('scorecard_activities')
      .values({
        id,
        ...activityColumns(activity),
        version: 1,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeChildren(trx, id, activity, randomUUID);
    await this.recordRevision(trx, id, effectiveOn, createdBy, summary);
  }

  private async recordRevision(
    trx: Trx,
    id: string,
    effectiveOn: string,
    recordedBy: string | null,
    summary: string,
  ): Promise<ActivityView> {
    const [view] = await loadViews(trx, [id]);
    if (!view) throw new NotFoundError(NOT_FOUND);
    await trx
      .updateTable('scorecard_revisions')
      .set({ superseded_on: effectiveOn })
      .where('activity_id', '=', id)
      .where('version', '=', view.version - 1)
      .execute();
    await trx
      .insertInto('scorecard_revisions')
      .values({
        activity_id: id,
        version: view.version,
        effective_on: effectiveOn,
        recorded_at: new Date().toISOString(),
        recorded_by: recordedBy,
        summary,
        superseded_on: null,
        ...revisionFacts(view),
      })
      .execute();
    await trx
      .insertInto('scorecard_revision_snapshots')
      .values({ activity_id: id, version: view.version, snapshot: JSON.stringify(view) })
      .execute();
    return view;
  }

  /** The day of the activity's latest recorded change: nothing may be dated before it. */
  private async lastEffectiveOn(trx: Trx, id: string): Promise<string> {
    const row = await trx
      .selectFrom('scorecard_revisions')
      .select((eb) => eb.fn.max('effective_on').as('day'))
      .where('activity_id', '=', id)
      .executeTakeFirst();
    return row?.day ?? '0000-01-01';
  }

  /** The activity if the actor may change it; otherwise not found, like a hidden one. */
  private async changeable(executor: Executor, actor: Actor, id: string): Promise<ActivityView> {
    const current = await this.readable(executor, actor, id);
    if (!this.mayChange(actor, current)) throw new NotFoundError(NOT_FOUND);
    return current;
  }

  /**
   * Replaces the activity with `input`, provided it is still at `expectedVersion`; with
   * `offerIds`, its links to the offers of the toolboxes too, in the same version.
   */
  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: ActivityInput,
    expectedVersion: number,
    offerIds?: readonly string[],
  ): Promise<ActivityView> {
    // The links are read before the version: links read after a newer version was committed
    // would make a stale request look like a change of nothing.
    const linked = offerIds ? await this.linkedIds(actor, id) : [];
    const current = await this.changeable(this.database.db, actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const activity = this.resolve(input, await loadVocabulary(this.database.db, input.year));
    const offers = offerIds ? await this.offerChange(actor, linked, offerIds) : null;
    const errors = [...this.changeRuleErrors(actor, current, activity), ...(offers?.errors ?? [])];
    if (errors.length > 0) throw new ValidationError(errors);
    await this.database.db.transaction().execute(async (trx) => {
      // `replace` first claims the version read above, so what it writes over is what was checked.
      const changes = await this.replace(trx, current, activity, actor.userId, 'edited');
      if (offers?.change) {
        if (Object.keys(changes).length === 0)
          await this.recordChange(trx, current, actor.userId, 'offers');
        await writeOfferLinks(trx, id, offers.change.after, actor);
        changes.offers = offers.change;
      }
      // Saving an unchanged form is not a change: no new version, nothing to audit.
      if (Object.keys(changes).length === 0) return;
      await this.audit.record(trx, context, {
        action: 'activity.update',
        targetType: 'activity',
        targetId: id,
        changes,
      });
    });
    return this.get(actor, id);
  }

  /** The offers of the toolboxes linked to the activity that the reader may see. */
  async offers(actor: Actor, id: string): Promise<LinkedOffer[]> {
    const activity = await this.readable(this.database.db, actor, id);
    return linkedOffers(this.database.db, actor, activity.id);
  }

  /** The offers of the toolboxes the actor may see, for the activity form's picker. */
  offersToChoose(actor: Actor) {
    return offersToChoose(this.database.db, actor);
  }

  /** The activities the reader may see that use or contribute to an offer of a toolbox. */
  activitiesOfOffer(actor: Actor, offerId: string): Promise<LinkingActivity[]> {
    return activitiesOfOffer(this.database.db, actor, offerId);
  }

  /** The checked offers asked for and, when they differ from the links the writer sees, the change. */
  private async offerChange(actor: Actor, before: readonly string[], offerIds: readonly string[]) {
    const checked = await checkOfferIds(this.database.db, actor, offerIds);
    const same =
      before.length === checked.ids.length && before.every((o, i) => o === checked.ids[i]);
    return {
      errors: checked.errors,
      change: same ? null : { before: [...before], after: checked.ids },
    };
  }

  /** The ids of the offers linked to the activity that the actor may see, sorted. */
  private async linkedIds(actor: Actor, id: string): Promise<string[]> {
    return (await linkedOffers(this.database.db, actor, id)).map((o) => o.id).sort();
  }

  /**
   * Links the activity to exactly these offers (among those the writer may see), provided it is
   * still at `expectedVersion`: a new version of the activity, recorded in its history.
   */
  async setOffers(
    actor: Actor,
    context: AuditContext,
    id: string,
    offerIds: readonly string[],
    expectedVersion: number,
  ): Promise<{ version: number; offers: LinkedOffer[] }> {
    // Read before the version, as in `update`.
    const linked = await this.linkedIds(actor, id);
    const current = await this.changeable(this.database.db, actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const { errors, change } = await this.offerChange(actor, linked, offerIds);
    if (errors.length > 0) throw new ValidationError(errors);
    if (change)
      await this.database.db.transaction().execute(async (trx) => {
        await this.recordChange(trx, current, actor.userId, 'offers');
        await writeOfferLinks(trx, id, change.after, actor);
        await this.audit.record(trx, context, {
          action: 'activity.offers',
          targetType: 'activity',
          targetId: id,
          changes: { offers: change },
        });
      });
    const activity = await this.get(actor, id);
    return { version: activity.version, offers: await linkedOffers(this.database.db, actor, id) };
  }

  /** Claims the version read and records the next one, for a change outside the activity's fields. */
  private async recordChange(
    trx: Trx,
    current: ActivityView,
    recordedBy: string | null,
    summary: 'offers',
  ): Promise<void> {
    await claimVersion(trx, 'scorecard_activities', current.id, current.version);
    const effectiveOn =
      [todayUtc(), await this.lastEffectiveOn(trx, current.id)].sort().at(-1) ?? todayUtc();
    await this.recordRevision(trx, current.id, effectiveOn, recordedBy, summary);
  }

  /** What a change to an existing activity may not do, whatever the input. */
  changeRuleErrors(actor: Actor, current: ActivityView, activity: ResolvedActivity): FieldError[] {
    const errors: FieldError[] = [];
    if (activity.lead.id !== current.lead.id && !mayChangeLead(actor))
      errors.push({
        field: 'lead',
        message: 'Only the secretariat hands the lead to another agency.',
      });
    if (activity.year !== current.year)
      errors.push({ field: 'year', message: 'An activity stays in its year.' });
    return errors;
  }

  /**
   * Writes a checked activity over the stored one at `current.version`: a new version and
   * revision, unless nothing differs. Answers the changed fields, none when nothing was written.
   * Used by `update` and the spreadsheet import, inside their own transaction and audit.
   */
  async replace(
    trx: Trx,
    current: ActivityView,
    activity: ResolvedActivity,
    recordedBy: string | null,
    summary: 'edited' | 'imported',
  ): Promise<Record<string, { before: unknown; after: unknown }>> {
    const changes = changedFields(toInput(current), toInput({ ...current, ...activity }));
    if (Object.keys(changes).length === 0) return changes;
    await claimVersion(trx, 'scorecard_activities', current.id, current.version);
    await trx
      .updateTable('scorecard_activities')
      .set(activityColumns(activity))
      .where('id', '=', current.id)
      .execute();
    await writeChildren(trx, current.id, activity, randomUUID);
    const effectiveOn =
      [todayUtc(), await this.lastEffectiveOn(trx, current.id)].sort().at(-1) ?? todayUtc();
    await this.recordRevision(trx, current.id, effectiveOn, recordedBy, summary);
    return changes;
  }

  /** Posts a dated progress update, with the status, assessment and indicator values it brings. */
  async postProgress(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: ProgressInput,
    expectedVersion: number,
  ): Promise<ActivityView> {
    const current = await this.changeable(this.database.db, actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    await this.database.db.transaction().execute(async (trx) => {
      const updateId = await this.applyProgress(trx, current, input, {
        userId: actor.userId,
        organisationId: actor.organisationId,
        today: todayUtc(),
      });
      await this.audit.record(trx, context, {
        action: 'activity.progress',
        targetType: 'activity',
        targetId: id,
        changes: { postedOn: input.postedOn, updateId },
      });
    });
    return this.get(actor, id);
  }

  /** Checks and stores one progress update on the current version; answers the update's id. */
  private async applyProgress(
    trx: Trx,
    current: ActivityView,
    input: ProgressInput,
    author: { userId: string | null; organisationId: string; today: string },
  ): Promise<string> {
    const { id } = current;
    await claimVersion(trx, 'scorecard_activities', id, current.version);
    const { changes, errors } = checkProgress(input, current, {
      notBefore: await this.lastEffectiveOn(trx, id),
      today: author.today,
    });
    if (errors.length > 0) throw new ValidationError(errors);
    const columns = {
      ...(changes.status ? { status: changes.status.after } : {}),
      ...(changes.assessment ? { assessment: changes.assessment.after } : {}),
      ...(changes.assessmentReason ? { assessment_reason: changes.assessmentReason.after } : {}),
    };
    if (Object.keys(columns).length > 0)
      await trx.updateTable('scorecard_activities').set(columns).where('id', '=', id).execute();
    for (const [name, change] of Object.entries(changes.indicators ?? {})) {
      await trx
        .updateTable('scorecard_indicators')
        .set({ value: change.after })
        .where('activity_id', '=', id)
        .where('name', '=', name)
        .execute();
    }
    const updateId = randomUUID();
    await trx
      .insertInto('scorecard_updates')
      .values({
        id: updateId,
        activity_id: id,
        posted_on: input.postedOn,
        organisation_id: author.organisationId,
        author_id: author.userId,
        text: input.text.trim(),
        changes: JSON.stringify(changes),
        activity_version: current.version + 1,
        created_at: new Date().toISOString(),
      })
      .execute();
    await this.recordRevision(trx, id, input.postedOn, author.userId, 'update');
    return updateId;
  }

  /**
   * Stores activities with their past: each created on its day, then its progress updates in
   * order, posted by the agency named. All or nothing, audited as one import. The demo
   * scorecard arrives this way.
   */
  async importHistory(
    context: AuditContext,
    year: number,
    entries: {
      input: ActivityInput;
      createdOn: string;
      updates: (ProgressInput & { by: string })[];
    }[],
  ): Promise<number> {
    await this.database.db.transaction().execute(async (trx) => {
      const vocabulary = await loadVocabulary(trx, year);
      for (const [index, entry] of entries.entries()) {
        const { activity, errors } = resolveActivity(entry.input, vocabulary);
        if (!activity) {
          throw new ValidationError(
            errors.map((e) => ({ ...e, field: `activities[${String(index)}].${e.field}` })),
          );
        }
        const id = randomUUID();
        await this.insert(trx, id, activity, null, entry.createdOn, 'imported');
        for (const update of entry.updates) {
          const organisation = vocabulary.organisations.get(update.by.toLowerCase());
          if (!organisation)
            throw new ValidationError([{ field: 'by', message: `${update.by} is not known.` }]);
          const [current] = await loadViews(trx, [id]);
          if (!current) throw new NotFoundError(NOT_FOUND);
          await this.applyProgress(trx, current, update, {
            userId: null,
            organisationId: organisation.id,
            today: todayUtc(),
          });
        }
      }
      await this.audit.record(trx, context, {
        action: 'scorecard.import',
        targetType: 'scorecard',
        targetId: String(year),
        changes: { year, activities: entries.length },
      });
    });
    return entries.length;
  }

  async delete(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<void> {
    const current = await this.readable(this.database.db, actor, id);
    if (actor.role !== 'admin') throw new NotFoundError(NOT_FOUND);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    await this.database.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'scorecard_activities', id, expectedVersion);
      await trx.deleteFrom('scorecard_activities').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'activity.delete',
        targetType: 'activity',
        targetId: id,
        changes: { title: current.title, lead: current.lead.acronym, year: current.year },
      });
    });
  }

  /** The progress updates of an activity, latest first. */
  async progress(actor: Actor, id: string): Promise<ProgressView[]> {
    const activity = await this.get(actor, id);
    const rows = await this.database.db
      .selectFrom('scorecard_updates')
      .innerJoin('organisations', 'organisations.id', 'scorecard_updates.organisation_id')
      .leftJoin('users', 'users.id', 'scorecard_updates.author_id')
      .select([
        'scorecard_updates.id',
        'scorecard_updates.posted_on as postedOn',
        'organisations.acronym as organisation',
        'users.name as author',
        'scorecard_updates.text',
        'scorecard_updates.changes',
        'scorecard_updates.activity_version as activityVersion',
        'scorecard_updates.created_at as createdAt',
      ])
      .where('scorecard_updates.activity_id', '=', activity.id)
      .orderBy('scorecard_updates.posted_on', 'desc')
      .orderBy('scorecard_updates.activity_version', 'desc')
      .execute();
    return rows.map((row) => ({ ...row, changes: JSON.parse(row.changes) as ProgressChanges }));
  }

  /** Every version of an activity: when it took effect, when and why it was recorded. */
  async revisions(actor: Actor, id: string): Promise<RevisionView[]> {
    const activity = await this.get(actor, id);
    return this.database.db
      .selectFrom('scorecard_revisions')
      .leftJoin('users', 'users.id', 'scorecard_revisions.recorded_by')
      .select([
        'scorecard_revisions.version',
        'scorecard_revisions.effective_on as effectiveOn',
        'scorecard_revisions.recorded_at as recordedAt',
        'users.name as recordedBy',
        'scorecard_revisions.summary',
      ])
      .where('scorecard_revisions.activity_id', '=', activity.id)
      .orderBy('scorecard_revisions.version', 'desc')
      .execute();
  }
}
