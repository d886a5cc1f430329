import type { CsvSeparator } from '../../app/csv.js';
import type { Actor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import { ImportPlanner, inBatches, runImport } from '../../app/spreadsheet/import.js';
import { checkUpload, type ImportSummary } from '../../app/spreadsheet/register.js';
import type { Parsers } from '../../app/parsing/parsers.js';
import { writeWorkbook } from '../../app/xlsx.js';
import type { Database, Trx } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import {
  changedFields,
  resolveActivity,
  toInput,
  type ActivityView,
  type ProgressChanges,
  type ResolvedActivity,
  type ScorecardQuery,
  type Vocabulary,
} from './scorecard.model.js';
import { mayCreateLedBy, visibleActivities } from './scorecard.policy.js';
import { loadViews, loadVocabulary } from './scorecard.repository.js';
import type { Scorecard } from './scorecard.service.js';
import {
  activityCells,
  progressCells,
  progressColumns,
  readSheetRows,
  rowErrorOf,
  scorecardColumns,
  scorecardCsv,
  scorecardRegister,
  type ProgressRow,
  type SheetRow,
} from './scorecard.sheet.js';

type ExportQuery = Omit<ScorecardQuery, 'page' | 'pageSize'>;

/**
 * The scorecard in and out of spreadsheets. Exports read through the scorecard's visibility;
 * an import checks every row first and stores all of it or nothing.
 */
export class ScorecardTransfer {
  constructor(
    private readonly database: Database,
    private readonly scorecard: Scorecard,
    private readonly audit: AuditLog,
    private readonly parsers: Parsers,
  ) {}

  /**
   * The scorecard on the first sheet, the progress updates of the same activities on the second;
   * as it stood at the end of `asOf`, the updates posted until that day.
   */
  async exportXlsx(actor: Actor, query: ExportQuery): Promise<Buffer> {
    const activities = await this.scorecard.all(actor, query);
    const updates = await this.progressOf(actor, activities, query.asOf);
    return writeWorkbook([
      {
        name: query.asOf ? `Scorecard ${query.asOf}` : `Scorecard ${String(query.year)}`,
        columns: scorecardColumns,
        rows: activities.map(activityCells),
      },
      {
        name: 'Progress updates',
        columns: progressColumns,
        // Many to an activity: each row's cells are made as the sheet is written, not all at once.
        rows: (function* () {
          for (const update of updates) yield progressCells(update);
        })(),
      },
    ]);
  }

  /**
   * The progress updates of the activities, each activity's in the order they were posted, the
   * activities in their order. Read through the scorecard's visibility, like the activities.
   */
  private async progressOf(
    actor: Actor,
    activities: readonly ActivityView[],
    asOf: string | undefined,
  ): Promise<ProgressRow[]> {
    const byActivity = new Map<string, Omit<ProgressRow, 'activityTitle'>[]>(
      activities.map((a) => [a.id, []]),
    );
    const ids = [...byActivity.keys()];
    for (let start = 0; start < ids.length; start += 500) {
      let query = this.database.db
        .selectFrom('scorecard_updates')
        .innerJoin(
          'scorecard_activities',
          'scorecard_activities.id',
          'scorecard_updates.activity_id',
        )
        .innerJoin('organisations', 'organisations.id', 'scorecard_updates.organisation_id')
        .leftJoin('users', 'users.id', 'scorecard_updates.author_id')
        .select([
          'scorecard_updates.activity_id as activityId',
          'scorecard_updates.posted_on as postedOn',
          'organisations.acronym as organisation',
          'users.name as author',
          'scorecard_updates.text',
          'scorecard_updates.changes',
          'scorecard_updates.created_at as createdAt',
        ])
        .where('scorecard_updates.activity_id', 'in', ids.slice(start, start + 500))
        .where(visibleActivities(actor));
      if (asOf) query = query.where('scorecard_updates.posted_on', '<=', asOf);
      const rows = await query
        .orderBy('scorecard_updates.posted_on')
        .orderBy('scorecard_updates.activity_version')
        .execute();
      for (const row of rows) {
        byActivity
          .get(row.activityId)
          ?.push({ ...row, changes: JSON.parse(row.changes) as ProgressChanges });
      }
    }
    return activities.flatMap((activity) =>
      (byActivity.get(activity.id) ?? []).map((update) => ({
        ...update,
        activityTitle: activity.title,
      })),
    );
  }

  async exportCsv(actor: Actor, query: ExportQuery, separator: CsvSeparator): Promise<string> {
    return scorecardCsv(await this.scorecard.all(actor, query), separator);
  }

  /**
   * Imports a workbook in the export's layout. Rows without an ID create activities; a row with
   * an ID changes that activity if it differs, provided it carries the version it was exported
   * at. Contact points import only activities their own agency leads. The workbook is read in a
   * parser process under the platform's caps, the caller waiting for it.
   */
  async importXlsx(actor: Actor, context: AuditContext, bytes: Buffer): Promise<ImportSummary> {
    const sheet = readSheetRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    checkUpload(scorecardRegister, sheet);
    return runImport(this.database, scorecardRegister, {
      plan: (trx) => this.plan(trx, actor, sheet.rows),
      create: (trx, id, activity) =>
        this.scorecard.insert(trx, id, activity, actor.userId, todayUtc(), 'imported'),
      update: async (trx, current, activity) =>
        Object.keys(await this.scorecard.replace(trx, current, activity, actor.userId, 'imported')),
      record: (trx, { created, updated, unchanged, steps }) => {
        const years = [...new Set(steps.map((s) => s.value.year))].sort();
        return this.audit.record(trx, context, {
          action: 'scorecard.import',
          targetType: 'scorecard',
          targetId: years.join(','),
          changes: { created, updated, unchanged },
        });
      },
    });
  }

  /** Checks every row against the stored scorecard; answers what to write, or the problems. */
  private async plan(trx: Trx, actor: Actor, rows: SheetRow[]) {
    const current = await this.readableViews(trx, actor, rows);
    const vocabularies = new Map<number, Vocabulary>();
    const vocabularyOf = async (year: number) => {
      const known = vocabularies.get(year);
      if (known) return known;
      const loaded = await loadVocabulary(trx, year);
      vocabularies.set(year, loaded);
      return loaded;
    };
    const planner = new ImportPlanner<ActivityView, ResolvedActivity>(scorecardRegister);
    for (const row of rows) {
      const existing = row.id === null ? undefined : current.get(row.id);
      // An activity the actor may not read answers like a missing one.
      const plan = planner.start(row, existing !== undefined, 'No such activity.');
      const resolved = row.input
        ? resolveActivity(row.input, await vocabularyOf(row.input.year))
        : { activity: null, errors: [] };
      plan.problems.push(...resolved.errors.map((e) => rowErrorOf(row.row, e, row.itemNumbers)));
      const activity = resolved.activity;
      if (activity && row.id === null && !mayCreateLedBy(actor, activity.lead.id))
        plan.fail('Lead', ownAgencyOnly(actor));
      let changed = true;
      if (activity && existing) {
        changed =
          Object.keys(changedFields(toInput(existing), toInput({ ...existing, ...activity })))
            .length > 0;
        if (changed) {
          planner.checkVersion(plan, row.version, existing);
          if (actor.role !== 'admin' && existing.lead.id !== actor.organisationId)
            plan.fail('Lead', ownAgencyOnly(actor));
          plan.problems.push(
            ...this.scorecard
              .changeRuleErrors(actor, existing, activity)
              .map((e) => rowErrorOf(row.row, e)),
          );
        }
      }
      planner.finish(plan, activity, existing, changed);
    }
    return planner;
  }

  /** The stored activities the rows name, among those the actor may read. */
  private async readableViews(
    trx: Trx,
    actor: Actor,
    rows: SheetRow[],
  ): Promise<Map<string, ActivityView>> {
    const readable = await inBatches(rows, (ids) =>
      trx
        .selectFrom('scorecard_activities')
        .select('id')
        .where('id', 'in', ids)
        .where(visibleActivities(actor))
        .execute(),
    );
    const views = await loadViews(
      trx,
      readable.map((r) => r.id),
    );
    return new Map(views.map((view) => [view.id, view]));
  }
}

function ownAgencyOnly(actor: Actor): string {
  return `You may import activities led by your own agency (${actor.organisationAcronym}) only.`;
}
