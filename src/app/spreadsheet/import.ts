import { randomUUID } from 'node:crypto';
import { StaleVersionError } from '../errors.js';
import type { Database, Trx } from '../../db/database.js';
import {
  changedSinceExport,
  ImportRejectedError,
  type ImportSummary,
  type RowError,
} from './register.js';

/**
 * The part of an import every register shares: one transaction, every row planned before any
 * is written, all stored or none. A register says how to plan its rows, how to write a step and
 * what its audit entry records.
 */

/** What one planned row does: add a record, or change the stored one. */
export type ImportStep<Current, Value> =
  | { kind: 'create'; row: number; value: Value }
  | { kind: 'update'; row: number; current: Current; value: Value };

export interface ImportPlan<Step> {
  steps: Step[];
  unchanged: number;
  errors: RowError[];
}

/** What an import wrote, for its audit entry: the new IDs, the changed ones with their fields. */
export interface ImportWritten<Step> {
  created: string[];
  updated: Record<string, string[]>;
  unchanged: number;
  steps: readonly Step[];
}

export interface ImportWork<Current extends { id: string }, Value> {
  plan: (trx: Trx) => Promise<ImportPlan<ImportStep<Current, Value>>>;
  create: (trx: Trx, id: string, value: Value) => Promise<void>;
  /** Writes the change under the version it was planned at; answers the fields changed. */
  update: (trx: Trx, current: Current, value: Value) => Promise<string[]>;
  /** Records the audit entry; called only when the import added or changed something. */
  record: (trx: Trx, written: ImportWritten<ImportStep<Current, Value>>) => Promise<void>;
}

export async function runImport<Current extends { id: string }, Value>(
  database: Database,
  register: { noun: string },
  work: ImportWork<Current, Value>,
): Promise<ImportSummary> {
  return database.db.transaction().execute(async (trx) => {
    const { steps, unchanged, errors } = await work.plan(trx);
    if (errors.length > 0) throw new ImportRejectedError(errors);
    const created: string[] = [];
    const updated: Record<string, string[]> = {};
    for (const step of steps) {
      if (step.kind === 'create') {
        const id = randomUUID();
        await work.create(trx, id, step.value);
        created.push(id);
        continue;
      }
      try {
        updated[step.current.id] = await work.update(trx, step.current, step.value);
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
        errors.push(changedSinceExport(register, step.row, error.currentVersion));
      }
    }
    if (errors.length > 0) throw new ImportRejectedError(errors);
    const summary = { created: created.length, updated: Object.keys(updated).length, unchanged };
    // Like saving an unchanged form, an import that changes nothing leaves no trace.
    if (summary.created + summary.updated > 0)
      await work.record(trx, { created, updated, unchanged, steps });
    return summary;
  });
}

/** One row being planned: its problems so far, and how to add one. */
export interface RowPlan {
  row: number;
  problems: RowError[];
  fail: (column: string, message: string) => void;
}

/**
 * Plans an import row by row: each row's problems, or the step it makes. The same record twice
 * in one sheet is refused at its second row.
 */
export class ImportPlanner<Current extends { version: number }, Value> implements ImportPlan<
  ImportStep<Current, Value>
> {
  readonly steps: ImportStep<Current, Value>[] = [];
  readonly errors: RowError[] = [];
  unchanged = 0;
  private readonly rowOfId = new Map<string, number>();

  constructor(private readonly register: { noun: string }) {}

  /**
   * Starts a row with the problems found in reading it. A row whose ID names no record the
   * importer may change (`known` false) gets `missing`, the same answer as for a missing one.
   */
  start(
    row: { row: number; id: string | null; errors: RowError[] },
    known: boolean,
    missing: string,
  ): RowPlan {
    const problems = [...row.errors];
    const fail = (column: string, message: string) =>
      problems.push({ row: row.row, column, message });
    if (row.id !== null) {
      const earlier = this.rowOfId.get(row.id);
      if (earlier !== undefined)
        fail('ID', `The ${this.register.noun} is also on row ${String(earlier)}.`);
      else this.rowOfId.set(row.id, row.row);
      if (!known) fail('ID', missing);
    }
    return { row: row.row, problems, fail };
  }

  /** A change must come from the version stored now; a row without a version is not checked. */
  checkVersion(plan: RowPlan, version: number | null, current: Current): void {
    if (version !== null && version !== current.version)
      plan.problems.push(changedSinceExport(this.register, plan.row, current.version));
  }

  /**
   * Ends a row: its problems, or else the step it makes. A row equal to its stored record
   * (`changed` false) changes nothing, whoever uploads it.
   */
  finish(plan: RowPlan, value: Value | null, current: Current | undefined, changed: boolean): void {
    if (plan.problems.length > 0) this.errors.push(...plan.problems);
    else if (value === null) return;
    else if (!current) this.steps.push({ kind: 'create', row: plan.row, value });
    else if (changed) this.steps.push({ kind: 'update', row: plan.row, current, value });
    else this.unchanged += 1;
  }
}

/** The distinct IDs the rows name, read in batches that every database takes in one query. */
export async function inBatches<Found>(
  rows: readonly { id: string | null }[],
  read: (ids: string[]) => Promise<Found[]>,
): Promise<Found[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])))];
  const found: Found[] = [];
  for (let start = 0; start < ids.length; start += 500)
    found.push(...(await read(ids.slice(start, start + 500))));
  return found;
}
