import { forbiddenCharacterIn, forbiddenCharacterMessage } from '../clean-text.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { CellValue, SheetColumn, SheetSpec } from '../xlsx.js';
import { textOf, wholeNumberOf, yesNoOf, type DateText } from './cells.js';

/**
 * A register kept in a spreadsheet: declared once (its columns, what the rows are called, how
 * many an import takes), it gives the export's sheet and reads an upload back into rows, every
 * problem with its row and column. The import stores all rows or none (see `./import.ts`).
 */

export interface RegisterColumn<Key extends string> extends SheetColumn {
  key: Key;
}

export interface SheetRegister<Key extends string> {
  /** What one row is, in messages: "activity". */
  noun: string;
  /** And several: "activities". */
  plural: string;
  columns: readonly RegisterColumn<Key>[];
  /**
   * Columns an import may leave out. By default those keyed id, version and updatedAt: a sheet
   * of new records needs no ID or Version, and the time of the last update is for reading.
   */
  optional?: readonly Key[];
  /** The most rows one import takes. */
  maxRows: number;
  /** How a date cell reads where text is expected. */
  dates?: DateText;
  /** Whether a header matches with its inner spaces folded ("Last  updated"). */
  foldHeaderSpaces?: boolean;
  missingColumnMessage?: string;
}

/** The columns every register starts with: the record's ID and the version it was exported at. */
export const idColumn = { key: 'id', header: 'ID', width: 38, kind: 'text' } as const;
export const versionColumn = {
  key: 'version',
  header: 'Version',
  width: 9,
  kind: 'number',
} as const;
/** The time of the last change, for reading: an import does not need it. */
export const updatedAtColumn = {
  key: 'updatedAt',
  header: 'Last updated (UTC)',
  width: 18,
  kind: 'datetime',
} as const;

/** The largest upload accepted (what it may unpack to is the parsers' limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** A problem with one cell of an uploaded sheet; rows are numbered as the spreadsheet shows. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export function rowFieldError(error: RowError): FieldError {
  return { field: `row ${String(error.row)}, ${error.column}`, ...error };
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
      rowErrors.map(rowFieldError),
      rowErrors.length === 1
        ? 'The file has a problem; nothing was imported.'
        : `The file has ${String(rowErrors.length)} problems; nothing was imported.`,
    );
  }
}

/** The header of a column by its key; a name that is no column's key stays as it is. */
export function headerOf<Key extends string>(register: SheetRegister<Key>, key: string): string {
  return register.columns.find((c) => c.key === key)?.header ?? key;
}

/** A record's cells in the order of the register's columns. */
export function cellsInOrder<Key extends string>(
  register: SheetRegister<Key>,
  values: { [K in Key]: CellValue },
): CellValue[] {
  return register.columns.map((column) => values[column.key]);
}

/** The register's sheet of an export: its columns, a row per record. */
export function registerSheet<Key extends string, Item>(
  register: SheetRegister<Key>,
  name: string,
  items: readonly Item[],
  valuesOf: (item: Item) => { [K in Key]: CellValue },
): SheetSpec {
  return {
    name,
    columns: register.columns,
    rows: items.map((item) => cellsInOrder(register, valuesOf(item))),
  };
}

/** One data row of an upload: its number as the spreadsheet shows it, and its cells by key. */
export interface UploadedRow<Key extends string> {
  row: number;
  cell: (key: Key) => CellValue;
  text: (key: Key) => string;
  /** Problems found in reading its cells; the register's own checks add theirs. */
  errors: RowError[];
  fail: (key: Key, message: string) => void;
}

/**
 * Reads an uploaded sheet's rows. The first row names the columns, in any order and case; other
 * columns are ignored; rows with nothing in them are skipped. A cell holding what a request may
 * not (written as an _xHHHH_ escape) is refused the same way.
 */
export function readRegisterRows<Key extends string, Row>(
  register: SheetRegister<Key>,
  rows: readonly (readonly CellValue[])[],
  readRow: (row: UploadedRow<Key>) => Row,
): { rows: Row[]; errors: RowError[] } {
  const normal = (text: string) =>
    (register.foldHeaderSpaces === false
      ? text.trim()
      : text.trim().replace(/\s+/g, ' ')
    ).toLowerCase();
  const read = (cell: CellValue | undefined) => textOf(cell, register.dates);
  const [headerRow = [], ...dataRows] = rows;
  const positions = new Map<Key, number>();
  headerRow.forEach((cell, index) => {
    const column = register.columns.find((c) => normal(c.header) === normal(read(cell)));
    if (column && !positions.has(column.key)) positions.set(column.key, index);
  });
  const optional = new Set<string>(register.optional ?? ['id', 'version', 'updatedAt']);
  const missing = register.columns.filter((c) => !positions.has(c.key) && !optional.has(c.key));
  if (missing.length > 0)
    return {
      rows: [],
      errors: missing.map((c) => ({
        row: 1,
        column: c.header,
        message:
          register.missingColumnMessage ??
          'The column is missing: the first row names the columns of the export.',
      })),
    };
  const uploaded: Row[] = [];
  dataRows.forEach((cells, index) => {
    if (cells.every((cell) => read(cell).trim() === '')) return;
    const row = index + 2;
    const cell = (key: Key): CellValue => {
      const position = positions.get(key);
      return position === undefined ? null : (cells[position] ?? null);
    };
    const errors: RowError[] = [];
    const fail = (key: Key, message: string) =>
      errors.push({ row, column: headerOf(register, key), message });
    const text = (key: Key) => read(cell(key));
    for (const column of register.columns) {
      const found = forbiddenCharacterIn(text(column.key));
      if (found) fail(column.key, `The cell ${forbiddenCharacterMessage(found)}.`);
    }
    uploaded.push(readRow({ row, cell, text, errors, fail }));
  });
  return { rows: uploaded, errors: [] };
}

/** Refuses a sheet that could not be read, has no rows, or more than the register takes. */
export function checkUpload<Key extends string>(
  register: SheetRegister<Key>,
  sheet: { rows: readonly { row: number }[]; errors: RowError[] },
): void {
  if (sheet.errors.length > 0) throw new ImportRejectedError(sheet.errors);
  if (sheet.rows.length === 0)
    throw new ImportRejectedError([
      {
        row: 2,
        column: 'Title',
        message: `The sheet has no ${register.plural} below its first row.`,
      },
    ]);
  if (sheet.rows.length > register.maxRows)
    throw new ImportRejectedError([
      {
        row: (sheet.rows[register.maxRows]?.row ?? register.maxRows) + 1,
        column: 'ID',
        message: `Import at most ${String(register.maxRows)} ${register.plural} at once.`,
      },
    ]);
}

/** Names the column of a field error from the service's checks; `fields` maps field to key. */
export function rowErrorOf<Key extends string>(
  register: SheetRegister<Key>,
  fields: Readonly<Record<string, Key>>,
  row: number,
  error: FieldError,
): RowError {
  const key = fields[error.field];
  return { row, column: key ? headerOf(register, key) : error.field, message: error.message };
}

export function changedSinceExport(
  register: { noun: string },
  row: number,
  currentVersion: number,
): RowError {
  return {
    row,
    column: 'Version',
    message: `The ${register.noun} changed since export (it is now at version ${String(currentVersion)}): export it again and make your change there.`,
  };
}

/**
 * The ID and Version of a row: empty for a new record; a row with an ID keeps the version it was
 * exported at, which tells whether the record changed since.
 */
export function idAndVersionOf(
  register: { noun: string },
  row: UploadedRow<'id' | 'version'>,
): { id: string | null; version: number | null } {
  const id = row.text('id').trim() || null;
  const version = wholeNumberOf(row.cell('version'));
  if (id !== null && version === null)
    row.fail(
      'version',
      `Keep the version the ${register.noun} was exported at: it tells whether it changed since.`,
    );
  return { id, version };
}

/** A yes-or-no cell (`empty` when blank); anything else is a problem of the row. */
export function readYesNo<Key extends string>(
  row: UploadedRow<Key>,
  key: Key,
  empty: boolean | null = null,
): boolean {
  const value = yesNoOf(row.cell(key), empty);
  if (value === null) row.fail(key, 'Write yes or no.');
  return value ?? false;
}
