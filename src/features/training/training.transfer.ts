import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { StaleVersionError, ValidationError, type FieldError } from '../../app/errors.js';
import type { Parsers } from '../../app/parsing/parsers.js';
import { writeSheet, type CellValue, type SheetColumn } from '../../app/xlsx.js';
import type { Database, Trx } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import {
  changedFields,
  resolveTraining,
  toInput,
  trainingAudiences,
  trainingKinds,
  type ResolvedTraining,
  type TrainingFilters,
  type TrainingInput,
  type TrainingView,
} from './training.model.js';
import { mayKeep, visibleTrainings } from './training.policy.js';
import { loadOrganisations, loadViews } from './training.repository.js';
import type { Trainings } from './training.service.js';

/** The largest upload accepted (what it may unpack to is the parsers' limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_ROWS = 5_000;

/** The columns of the matrix's sheet, in order: the export writes them, the import reads them. */
export const trainingColumns: readonly (SheetColumn & { field: string })[] = [
  { field: 'id', header: 'ID', width: 38, kind: 'text' },
  { field: 'version', header: 'Version', width: 9, kind: 'number' },
  { field: 'title', header: 'Title', width: 50, kind: 'text' },
  { field: 'organiser', header: 'Organiser', width: 12, kind: 'text' },
  { field: 'coOrganisers', header: 'Co-organisers', width: 24, kind: 'text' },
  { field: 'kind', header: 'Kind', width: 14, kind: 'text', choices: trainingKinds },
  { field: 'topics', header: 'Topic areas', width: 36, kind: 'text' },
  { field: 'audience', header: 'Audience', width: 18, kind: 'text', choices: trainingAudiences },
  { field: 'startOn', header: 'Start', width: 12, kind: 'date' },
  { field: 'endOn', header: 'End', width: 12, kind: 'date' },
  { field: 'place', header: 'Place', width: 20, kind: 'text' },
  { field: 'languages', header: 'Languages', width: 12, kind: 'text' },
  { field: 'capacity', header: 'Capacity', width: 10, kind: 'number' },
  { field: 'participants', header: 'Participants', width: 12, kind: 'number' },
  { field: 'offerUrl', header: 'CEPOL offer', width: 40, kind: 'text' },
  { field: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text', choices: ['yes', 'no'] },
]; // prettier-ignore

const headerOf = (field: string) => trainingColumns.find((c) => c.field === field)?.header ?? field;

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/** An upload with invalid rows: every problem, with its row and column; nothing was stored. */
export class ImportRejectedError extends ValidationError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      rowErrors.map((e): FieldError => ({ field: `row ${String(e.row)}, ${e.column}`, ...e })),
      rowErrors.length === 1
        ? 'The file has a problem; nothing was imported.'
        : `The file has ${String(rowErrors.length)} problems; nothing was imported.`,
    );
  }
}

const dayCell = (day: string) => new Date(`${day}T00:00:00Z`);

function cellsOf(training: TrainingView): CellValue[] {
  return [
    training.id,
    training.version,
    training.title,
    training.organiser.acronym,
    training.coOrganisers.map((o) => o.acronym).join(', '),
    training.kind,
    training.topics.join(', '),
    training.audience,
    dayCell(training.startOn),
    dayCell(training.endOn),
    training.place,
    training.languages.join(', '),
    training.capacity,
    training.participants,
    training.offerUrl,
    training.releasedToObservers ? 'yes' : 'no',
  ];
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function textOf(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell).trim();
}

/** A date cell, a YYYY-MM-DD text, or the day number of a cell that lost its date format. */
function dayOf(cell: CellValue | undefined): string {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell > 0 && cell < 2_958_466)
    return new Date(EXCEL_EPOCH + cell * 86_400_000).toISOString().slice(0, 10);
  return textOf(cell);
}

const listOf = (cell: CellValue | undefined) =>
  textOf(cell)
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  input: TrainingInput;
  errors: RowError[];
}

/** The rows of the sheet below its header, as inputs; cells that cannot be read are errors. */
export function readTrainingRows(cells: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  const [header = [], ...body] = cells;
  const errors: RowError[] = [];
  const index = new Map<string, number>();
  header.forEach((cell, i) => index.set(textOf(cell).toLowerCase(), i));
  for (const column of trainingColumns)
    if (!index.has(column.header.toLowerCase()))
      errors.push({
        row: 1,
        column: column.header,
        message: 'The column is missing from the first row.',
      });
  if (errors.length > 0) return { rows: [], errors };
  const rows: SheetRow[] = [];
  body.forEach((line, offset) => {
    const row = offset + 2;
    const cell = (field: string) => line[index.get(headerOf(field).toLowerCase()) ?? -1];
    if (trainingColumns.every((c) => textOf(cell(c.field)) === '')) return;
    const problems: RowError[] = [];
    const count = (field: string): number | null => {
      const value = cell(field);
      if (textOf(value) === '') return null;
      const number = typeof value === 'number' ? value : Number(textOf(value));
      if (!Number.isInteger(number) || number < 0 || number > 1_000_000) {
        problems.push({ row, column: headerOf(field), message: 'must be a whole number.' });
        return null;
      }
      return number;
    };
    const id = textOf(cell('id'));
    if (id !== '' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      problems.push({
        row,
        column: 'ID',
        message: 'is not the ID of a training; leave it empty for a new one.',
      });
    const released = textOf(cell('releasedToObservers')).toLowerCase();
    if (!['', 'yes', 'no', 'true', 'false'].includes(released))
      problems.push({
        row,
        column: headerOf('releasedToObservers'),
        message: 'must be yes or no.',
      });
    rows.push({
      row,
      id: id === '' ? null : id.toLowerCase(),
      version: count('version'),
      input: {
        title: textOf(cell('title')),
        organiser: textOf(cell('organiser')),
        coOrganisers: listOf(cell('coOrganisers')),
        kind: textOf(cell('kind')),
        topics: listOf(cell('topics')),
        audience: textOf(cell('audience')),
        startOn: dayOf(cell('startOn')),
        endOn: dayOf(cell('endOn')),
        place: textOf(cell('place')),
        languages: listOf(cell('languages')),
        capacity: count('capacity'),
        participants: count('participants'),
        offerUrl: textOf(cell('offerUrl')) || null,
        releasedToObservers: released === 'yes' || released === 'true',
      },
      errors: problems,
    });
  });
  return { rows, errors };
}

type Step =
  | { kind: 'create'; training: ResolvedTraining }
  | { kind: 'update'; row: number; current: TrainingView; training: ResolvedTraining };

/**
 * The matrix in and out of spreadsheets. The export reads through the matrix's visibility; an
 * import checks every row first and stores all of it or nothing.
 */
export class TrainingTransfer {
  constructor(
    private readonly database: Database,
    private readonly trainings: Trainings,
    private readonly audit: AuditLog,
    private readonly parsers: Parsers,
  ) {}

  async exportXlsx(actor: Actor, filters: TrainingFilters): Promise<Buffer> {
    const trainings = await this.trainings.all(actor, {
      ...filters,
      sort: 'start',
      direction: 'asc',
    });
    return writeSheet({
      name:
        filters.year === undefined ? 'Training matrix' : `Training matrix ${String(filters.year)}`,
      columns: trainingColumns,
      rows: trainings.map(cellsOf),
    });
  }

  /**
   * Imports a workbook in the export's layout: rows without an ID add trainings, a row with an
   * ID changes that training if it differs and still carries the version it was exported at.
   * Contact points import the trainings their own agency organises. Duplication warnings do not
   * stop an import: the secretariat's list of likely duplicates shows what it brought.
   */
  async importXlsx(actor: Actor, context: AuditContext, bytes: Buffer): Promise<ImportSummary> {
    const sheet = readTrainingRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    if (sheet.errors.length > 0) throw new ImportRejectedError(sheet.errors);
    if (sheet.rows.length === 0)
      throw new ImportRejectedError([
        { row: 2, column: 'Title', message: 'The sheet has no trainings below its first row.' },
      ]);
    if (sheet.rows.length > MAX_ROWS)
      throw new ImportRejectedError([
        {
          row: MAX_ROWS + 2,
          column: 'ID',
          message: `Import at most ${String(MAX_ROWS)} trainings at once.`,
        },
      ]);
    return this.database.db.transaction().execute(async (trx) => {
      const { steps, unchanged, errors } = await this.plan(trx, actor, sheet.rows);
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const created: string[] = [];
      const updated: string[] = [];
      for (const step of steps) {
        if (step.kind === 'create') {
          const id = randomUUID();
          await this.trainings.insert(trx, id, step.training, actor.userId, 'imported');
          created.push(id);
          continue;
        }
        try {
          await this.trainings.replace(trx, step.current, step.training, actor.userId, 'imported');
          updated.push(step.current.id);
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          errors.push(changedSinceExport(step.row, error.currentVersion));
        }
      }
      if (errors.length > 0) throw new ImportRejectedError(errors);
      if (created.length + updated.length > 0)
        await this.audit.record(trx, context, {
          action: 'training.import',
          targetType: 'training_matrix',
          targetId: null,
          changes: { created, updated, unchanged },
        });
      return { created: created.length, updated: updated.length, unchanged };
    });
  }

  private async plan(trx: Trx, actor: Actor, rows: SheetRow[]) {
    const organisations = await loadOrganisations(trx);
    const current = await this.readable(trx, actor, rows);
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
        if (earlier !== undefined) fail('ID', `The training is also on row ${String(earlier)}.`);
        else rowOfId.set(row.id, row.row);
        // A training the actor may not read answers like a missing one.
        if (!existing) fail('ID', 'No such training.');
      }
      const { training, errors: invalid } = resolveTraining(row.input, organisations);
      for (const e of invalid) fail(headerOf(e.field), e.message);
      let changed = true;
      if (training && existing) {
        changed = Object.keys(changedFields(toInput(existing), toInput(training))).length > 0;
        if (changed) {
          if (row.version !== null && row.version !== existing.version)
            problems.push(changedSinceExport(row.row, existing.version));
          if (!mayKeep(actor, existing.organiser.id)) fail('Organiser', ownAgencyOnly(actor));
          else if (training.organiser.id !== existing.organiser.id && actor.role !== 'admin')
            fail('Organiser', 'Only the secretariat hands a training to another agency.');
        }
      } else if (training && !mayKeep(actor, training.organiser.id)) {
        fail('Organiser', ownAgencyOnly(actor));
      }
      if (problems.length > 0) errors.push(...problems);
      else if (!training) continue;
      else if (!existing) steps.push({ kind: 'create', training });
      else if (changed) steps.push({ kind: 'update', row: row.row, current: existing, training });
      else unchanged += 1;
    }
    return { steps, unchanged, errors };
  }

  /** The stored trainings the rows name, among those the actor may read. */
  private async readable(
    trx: Trx,
    actor: Actor,
    rows: SheetRow[],
  ): Promise<Map<string, TrainingView>> {
    const ids = [...new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])))];
    const found: string[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = await trx
        .selectFrom('trainings')
        .select('id')
        .where('id', 'in', ids.slice(start, start + 500))
        .where(visibleTrainings(actor))
        .execute();
      found.push(...chunk.map((r) => r.id));
    }
    return new Map((await loadViews(trx, found)).map((view) => [view.id, view]));
  }
}

function ownAgencyOnly(actor: Actor): string {
  return `You may import trainings your own agency (${actor.organisationAcronym}) organises only.`;
}

function changedSinceExport(row: number, currentVersion: number): RowError {
  return {
    row,
    column: 'Version',
    message: `The training changed since export (it is now at version ${String(currentVersion)}): export it again and make your change there.`,
  };
}
