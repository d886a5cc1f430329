import type { CsvSeparator } from '../../app/csv.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { todayUtc } from '../../app/dates.js';
import { StaleVersionError, ValidationError } from '../../app/errors.js';
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
  rowFieldError,
  scorecardColumns,
  scorecardCsv,
  type ProgressRow,
  type RowError,
  type SheetRow,
} from './scorecard.sheet.js';

/** The largest upload accepted (what it may unpack to is the parsers' limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** More activities than a network ever plans in a year, with room to spare. */
const MAX_ROWS = 10_000;

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/** An upload with invalid rows: every problem, with its row and column; nothing was stored. */
export class ImportRejectedError extends ValidationError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      rowErrors.map(rowFieldError),
      rowErrors.length === 1
        ? 'The file has a problem; nothing was imported.'
        : `The file has ${String(rowErrors.length)} problems; nothing was imported.`,
    );
  }
}

type Step =
  | { kind: 'create'; row: number; activity: ResolvedActivity }
  | { kind: 'update'; row: number; current: ActivityView; activity: ResolvedActivity };

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
      { name: 'Progress updates', columns: progressColumns, rows: updates.map(progressCells) },
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
    if (sheet.errors.length > 0) throw new ImportRejectedError(sheet.errors);
    if (sheet.rows.length === 0)
      throw new ImportRejectedError([
        { row: 2, column: 'Title', message: 'The sheet has no activities below its first row.' },
      ]);
    if (sheet.rows.length > MAX_ROWS)
      throw new ImportRejectedError([
        {
          row: (sheet.rows[MAX_ROWS]?.row ?? MAX_ROWS) + 1,
          column: 'ID',
          message: `Import at most ${String(MAX_ROWS)} activities at once.`,
        },
      ]);
    return this.database.db.transaction().execute(async (trx) => {
      const { steps, unchanged, errors } = await this.plan(trx, actor, sheet.rows);
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const created: string[] = [];
      const updated: Record<string, string[]> = {};
      for (const step of steps) {
        if (step.kind === 'create') {
          const id = randomUUID();
          await this.scorecard.insert(trx, id, step.activity, actor.userId, todayUtc(), 'imported');
          created.push(id);
          continue;
        }
        try {
          const changes = await this.scorecard.replace(
            trx,
            step.current,
            step.activity,
            actor.userId,
            'imported',
          );
          updated[step.current.id] = Object.keys(changes);
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          errors.push(changedSinceExport(step.row, error.currentVersion));
        }
      }
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const summary = { created: created.length, updated: Object.keys(updated).length, unchanged };
      // Like saving an unchanged form, an import that changes nothing leaves no trace.
      if (summary.created + summary.updated > 0) {
        const years = [...new Set(steps.map((s) => s.activity.year))].sort();
        await this.audit.record(trx, context, {
          action: 'scorecard.import',
          targetType: 'scorecard',
          targetId: years.join(','),
          changes: { created, updated, unchanged },
        });
      }
      return summary;
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
    const steps: Step[] = [];
    const errors: RowError[] = [];
    const rowOfId = new Map<string, number>();
    let unchanged = 0;
    for (const row of rows) {
      const problems = [...row.errors];
      const fail = (column: string, message: string) =>
        problems.push({ row: row.row, column, message });
      const existing = row.id === null ? undefined : current.get(row.id);
      if (row.id !== null) {
        const earlier = rowOfId.get(row.id);
        if (earlier !== undefined) fail('ID', `The activity is also on row ${String(earlier)}.`);
        else rowOfId.set(row.id, row.row);
        // An activity the actor may not read answers like a missing one.
        if (!existing) fail('ID', 'No such activity.');
      }
      const resolved = row.input
        ? resolveActivity(row.input, await vocabularyOf(row.input.year))
        : { activity: null, errors: [] };
      problems.push(...resolved.errors.map((e) => rowErrorOf(row.row, e, row.itemNumbers)));
      const activity = resolved.activity;
      if (activity && row.id === null && !mayCreateLedBy(actor, activity.lead.id))
        fail('Lead', ownAgencyOnly(actor));
      let changed = true;
      if (activity && existing) {
        changed =
          Object.keys(changedFields(toInput(existing), toInput({ ...existing, ...activity })))
            .length > 0;
        // A row that matches the stored activity changes nothing, whoever uploads it.
        if (changed) {
          if (row.version !== null && row.version !== existing.version)
            problems.push(changedSinceExport(row.row, existing.version));
          if (actor.role !== 'admin' && existing.lead.id !== actor.organisationId)
            fail('Lead', ownAgencyOnly(actor));
          problems.push(
            ...this.scorecard
              .changeRuleErrors(actor, existing, activity)
              .map((e) => rowErrorOf(row.row, e)),
          );
        }
      }
      if (problems.length > 0) errors.push(...problems);
      else if (!activity) continue;
      else if (!existing) steps.push({ kind: 'create', row: row.row, activity });
      else if (changed) steps.push({ kind: 'update', row: row.row, current: existing, activity });
      else unchanged += 1;
    }
    return { steps, unchanged, errors };
  }

  /** The stored activities the rows name, among those the actor may read. */
  private async readableViews(
    trx: Trx,
    actor: Actor,
    rows: SheetRow[],
  ): Promise<Map<string, ActivityView>> {
    const ids = [...new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])))];
    const readable: string[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const found = await trx
        .selectFrom('scorecard_activities')
        .select('id')
        .where('id', 'in', ids.slice(start, start + 500))
        .where(visibleActivities(actor))
        .execute();
      readable.push(...found.map((r) => r.id));
    }
    const views = await loadViews(trx, readable);
    return new Map(views.map((view) => [view.id, view]));
  }
}

function ownAgencyOnly(actor: Actor): string {
  return `You may import activities led by your own agency (${actor.organisationAcronym}) only.`;
}

function changedSinceExport(row: number, currentVersion: number): RowError {
  return {
    row,
    column: 'Version',
    message: `The activity changed since export (it is now at version ${String(currentVersion)}): export it again and make your change there.`,
  };
}
