import type { Actor } from '../../app/access.js';
import { dayCell, dayOf, textOf, yesNoCell, yesNoOf } from '../../app/spreadsheet/cells.js';
import { ImportPlanner, inBatches, runImport } from '../../app/spreadsheet/import.js';
import {
  checkUpload,
  headerOf as headerOfColumn,
  idColumn,
  readRegisterRows,
  registerSheet,
  type ImportSummary,
  type RegisterColumn,
  type RowError,
  type SheetRegister,
  type UploadedRow,
  versionColumn,
} from '../../app/spreadsheet/register.js';
import type { Parsers } from '../../app/parsing/parsers.js';
import { writeSheet, type CellValue } from '../../app/xlsx.js';
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

type ColumnKey = (typeof columnDefinitions)[number]['key'];

const columnDefinitions = [
  idColumn,
  versionColumn,
  { key: 'title', header: 'Title', width: 50, kind: 'text' },
  { key: 'organiser', header: 'Organiser', width: 12, kind: 'text' },
  { key: 'coOrganisers', header: 'Co-organisers', width: 24, kind: 'text' },
  { key: 'kind', header: 'Kind', width: 14, kind: 'text', choices: trainingKinds },
  { key: 'topics', header: 'Topic areas', width: 36, kind: 'text' },
  { key: 'audience', header: 'Audience', width: 18, kind: 'text', choices: trainingAudiences },
  { key: 'startOn', header: 'Start', width: 12, kind: 'date' },
  { key: 'endOn', header: 'End', width: 12, kind: 'date' },
  { key: 'place', header: 'Place', width: 20, kind: 'text' },
  { key: 'languages', header: 'Languages', width: 12, kind: 'text' },
  { key: 'capacity', header: 'Capacity', width: 10, kind: 'number' },
  { key: 'participants', header: 'Participants', width: 12, kind: 'number' },
  { key: 'offerUrl', header: 'CEPOL offer', width: 40, kind: 'text' },
  { key: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text', choices: ['yes', 'no'] },
] as const satisfies readonly RegisterColumn<string>[]; // prettier-ignore

export const trainingRegister: SheetRegister<ColumnKey> = {
  noun: 'training',
  plural: 'trainings',
  columns: columnDefinitions,
  // Every column is read, the ID and Version of new trainings left empty.
  optional: [],
  maxRows: 5_000,
  foldHeaderSpaces: false,
  missingColumnMessage: 'The column is missing from the first row.',
};

/**
 * The columns of the matrix's sheet, in order: the export writes them, the import reads them.
 * Each names the field of the API's training it holds.
 */
export const trainingColumns: readonly (RegisterColumn<ColumnKey> & { field: ColumnKey })[] =
  columnDefinitions.map((column) => ({ ...column, field: column.key }));

const headerOf = (field: string) => headerOfColumn(trainingRegister, field);

function cellsOf(training: TrainingView): Record<ColumnKey, CellValue> {
  return {
    id: training.id,
    version: training.version,
    title: training.title,
    organiser: training.organiser.acronym,
    coOrganisers: training.coOrganisers.map((o) => o.acronym).join(', '),
    kind: training.kind,
    topics: training.topics.join(', '),
    audience: training.audience,
    startOn: dayCell(training.startOn),
    endOn: dayCell(training.endOn),
    place: training.place,
    languages: training.languages.join(', '),
    capacity: training.capacity,
    participants: training.participants,
    offerUrl: training.offerUrl,
    releasedToObservers: yesNoCell(training.releasedToObservers),
  };
}

const listOf = (text: string) =>
  text
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
  return readRegisterRows(trainingRegister, cells, readRow);
}

function readRow({ row, cell, errors }: UploadedRow<ColumnKey>): SheetRow {
  const text = (key: ColumnKey) => textOf(cell(key)).trim();
  const count = (key: ColumnKey): number | null => {
    const value = cell(key);
    if (text(key) === '') return null;
    const number = typeof value === 'number' ? value : Number(text(key));
    if (!Number.isInteger(number) || number < 0 || number > 1_000_000) {
      errors.push({ row, column: headerOf(key), message: 'must be a whole number.' });
      return null;
    }
    return number;
  };
  const id = text('id');
  if (id !== '' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    errors.push({
      row,
      column: 'ID',
      message: 'is not the ID of a training; leave it empty for a new one.',
    });
  const released = yesNoOf(cell('releasedToObservers'), false);
  if (released === null)
    errors.push({ row, column: headerOf('releasedToObservers'), message: 'must be yes or no.' });
  return {
    row,
    id: id === '' ? null : id.toLowerCase(),
    version: count('version'),
    input: {
      title: text('title'),
      organiser: text('organiser'),
      coOrganisers: listOf(text('coOrganisers')),
      kind: text('kind'),
      topics: listOf(text('topics')),
      audience: text('audience'),
      startOn: dayOf(cell('startOn')),
      endOn: dayOf(cell('endOn')),
      place: text('place'),
      languages: listOf(text('languages')),
      capacity: count('capacity'),
      participants: count('participants'),
      offerUrl: text('offerUrl') || null,
      releasedToObservers: released ?? false,
    },
    errors,
  };
}

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
    return writeSheet(
      registerSheet(
        trainingRegister,
        filters.year === undefined ? 'Training matrix' : `Training matrix ${String(filters.year)}`,
        trainings,
        cellsOf,
      ),
    );
  }

  /**
   * Imports a workbook in the export's layout: rows without an ID add trainings, a row with an
   * ID changes that training if it differs and still carries the version it was exported at.
   * Contact points import the trainings their own agency organises. Duplication warnings do not
   * stop an import: the secretariat's list of likely duplicates shows what it brought.
   */
  async importXlsx(actor: Actor, context: AuditContext, bytes: Buffer): Promise<ImportSummary> {
    const sheet = readTrainingRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    checkUpload(trainingRegister, sheet);
    return runImport(this.database, trainingRegister, {
      plan: (trx) => this.plan(trx, actor, sheet.rows),
      create: (trx, id, training) =>
        this.trainings.insert(trx, id, training, actor.userId, 'imported'),
      update: async (trx, current, training) => {
        await this.trainings.replace(trx, current, training, actor.userId, 'imported');
        return [];
      },
      record: (trx, { created, updated, unchanged }) =>
        this.audit.record(trx, context, {
          action: 'training.import',
          targetType: 'training_matrix',
          targetId: null,
          changes: { created, updated: Object.keys(updated), unchanged },
        }),
    });
  }

  private async plan(trx: Trx, actor: Actor, rows: SheetRow[]) {
    const organisations = await loadOrganisations(trx);
    const current = await this.readable(trx, actor, rows);
    const planner = new ImportPlanner<TrainingView, ResolvedTraining>(trainingRegister);
    for (const row of rows) {
      const existing = row.id === null ? undefined : current.get(row.id);
      // A training the actor may not read answers like a missing one.
      const plan = planner.start(row, existing !== undefined, 'No such training.');
      const { training, errors: invalid } = resolveTraining(row.input, organisations);
      for (const e of invalid) plan.fail(headerOf(e.field), e.message);
      let changed = true;
      if (training && existing) {
        changed = Object.keys(changedFields(toInput(existing), toInput(training))).length > 0;
        if (changed) {
          planner.checkVersion(plan, row.version, existing);
          if (!mayKeep(actor, existing.organiser.id)) plan.fail('Organiser', ownAgencyOnly(actor));
          else if (training.organiser.id !== existing.organiser.id && actor.role !== 'admin')
            plan.fail('Organiser', 'Only the secretariat hands a training to another agency.');
        }
      } else if (training && !mayKeep(actor, training.organiser.id)) {
        plan.fail('Organiser', ownAgencyOnly(actor));
      }
      planner.finish(plan, training, existing, changed);
    }
    return planner;
  }

  /** The stored trainings the rows name, among those the actor may read. */
  private async readable(
    trx: Trx,
    actor: Actor,
    rows: SheetRow[],
  ): Promise<Map<string, TrainingView>> {
    const found = await inBatches(rows, (ids) =>
      trx
        .selectFrom('trainings')
        .select('id')
        .where('id', 'in', ids)
        .where(visibleTrainings(actor))
        .execute(),
    );
    const views = await loadViews(
      trx,
      found.map((r) => r.id),
    );
    return new Map(views.map((view) => [view.id, view]));
  }
}

function ownAgencyOnly(actor: Actor): string {
  return `You may import trainings your own agency (${actor.organisationAcronym}) organises only.`;
}
