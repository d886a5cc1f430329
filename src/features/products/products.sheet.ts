import { forbiddenCharacterIn, forbiddenCharacterMessage } from '../../app/clean-text.js';
import type { FieldError } from '../../app/errors.js';
import { isStorableInteger } from '../../app/integers.js';
import type { CellValue, SheetColumn } from '../../app/xlsx.js';
import type { ProductInput, ProductView } from './products.model.js';
import { audiences, fileTypeCodes, periodicityCodes, productKinds } from './products.vocabulary.js';

/**
 * The index as a table: one row per product, the same columns in the .xlsx export and import
 * (docs/products.md). Lists (agencies, topics, countries, languages, lines, activities) are
 * items joined by "; "; kinds, periodicities, audiences and file types are the API's codes,
 * offered as drop-down lists.
 */
const columnDefinitions = [
  { key: 'id', header: 'ID', width: 38, kind: 'text' },
  { key: 'version', header: 'Version', width: 9, kind: 'number' },
  { key: 'title', header: 'Title', width: 50, kind: 'text' },
  { key: 'summary', header: 'Summary', width: 60, kind: 'text' },
  { key: 'kind', header: 'Kind', width: 20, kind: 'text', choices: productKinds },
  { key: 'series', header: 'Series', width: 30, kind: 'text' },
  { key: 'year', header: 'Year', width: 7, kind: 'number' },
  { key: 'periodStart', header: 'Period start', width: 14, kind: 'date' },
  { key: 'periodEnd', header: 'Period end', width: 14, kind: 'date' },
  { key: 'publishedOn', header: 'Published on', width: 14, kind: 'date' },
  { key: 'periodicity', header: 'Periodicity', width: 14, kind: 'text', choices: periodicityCodes },
  { key: 'audience', header: 'Audience', width: 12, kind: 'text', choices: audiences },
  { key: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text' },
  { key: 'publicUrl', header: 'Public link', width: 40, kind: 'text' },
  { key: 'fileType', header: 'File type', width: 10, kind: 'text', choices: fileTypeCodes },
  { key: 'document', header: 'Document', width: 22, kind: 'text' },
  { key: 'agencies', header: 'Agencies', width: 24, kind: 'text' },
  { key: 'topics', header: 'Topics', width: 30, kind: 'text' },
  { key: 'countries', header: 'Countries', width: 20, kind: 'text' },
  { key: 'languages', header: 'Languages', width: 14, kind: 'text' },
  { key: 'lines', header: 'Lines', width: 16, kind: 'text' },
  { key: 'activities', header: 'Activities', width: 40, kind: 'text' },
  { key: 'updatedAt', header: 'Last updated (UTC)', width: 18, kind: 'datetime' },
] as const satisfies readonly (SheetColumn & { key: string })[];

export type ColumnKey = (typeof columnDefinitions)[number]['key'];
export const productColumns: readonly (SheetColumn & { key: ColumnKey })[] = columnDefinitions;

/** Columns an import may leave out: new products need no ID or Version. */
const optionalColumns: ReadonlySet<ColumnKey> = new Set(['id', 'version', 'updatedAt']);

const header = (key: ColumnKey): string => productColumns.find((c) => c.key === key)?.header ?? key;

/** A problem with one cell of an uploaded sheet; rows are numbered as the spreadsheet shows. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export function rowFieldError(error: RowError): FieldError {
  return { field: `row ${String(error.row)}, ${error.column}`, ...error };
}

const dateCell = (day: string | null): Date | null =>
  day === null ? null : new Date(`${day}T00:00:00Z`);

/** A product as a row of the sheet, in the columns' order. */
export function productCells(product: ProductView): CellValue[] {
  const cells: Record<ColumnKey, CellValue> = {
    id: product.id,
    version: product.version,
    title: product.title,
    summary: product.summary,
    kind: product.kind,
    series: product.series,
    year: product.year,
    periodStart: dateCell(product.periodStart),
    periodEnd: dateCell(product.periodEnd),
    publishedOn: dateCell(product.publishedOn),
    periodicity: product.periodicity,
    audience: product.audience,
    releasedToObservers: product.releasedToObservers ? 'yes' : 'no',
    publicUrl: product.publicUrl,
    fileType: product.fileType,
    document: product.document?.registrationNumber ?? null,
    agencies: product.agencies.map((a) => a.acronym).join('; '),
    topics: product.topics.join('; '),
    countries: product.countries.join('; '),
    languages: product.languages.join('; '),
    lines: product.lines.map((l) => l.code).join('; '),
    activities: product.activities.map((a) => a.id).join('; '),
    updatedAt: new Date(product.updatedAt),
  };
  return productColumns.map((column) => cells[column.key]);
}

/** A row of an uploaded sheet: the product it describes, or what is wrong with it. */
export interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  input: ProductInput | null;
  errors: RowError[];
}

function textOf(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A date cell, a YYYY-MM-DD text, or the day number of a cell that lost its date format. */
function dayOf(cell: CellValue): string | null {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell > 0 && cell < 2_958_466)
    return new Date(EXCEL_EPOCH + cell * DAY_MS).toISOString().slice(0, 10);
  const text = textOf(cell).trim();
  return text === '' ? null : text;
}

function wholeNumberOf(cell: CellValue): number | null {
  if (typeof cell === 'number') return isStorableInteger(cell) ? cell : null;
  const text = textOf(cell).trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function yesNoOf(cell: CellValue): boolean | null {
  if (typeof cell === 'boolean') return cell;
  const text = textOf(cell).trim().toLowerCase();
  if (text === 'yes' || text === 'true' || text === '') return text !== '';
  if (text === 'no' || text === 'false') return false;
  return null;
}

const listOf = (text: string): string[] =>
  text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const normalHeader = (text: string) => text.trim().toLowerCase();

/** The rows of an uploaded sheet, or the columns it lacks. */
export function readSheetRows(rows: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  const [headerRow = [], ...dataRows] = rows;
  const positions = new Map<ColumnKey, number>();
  headerRow.forEach((cell, index) => {
    const column = productColumns.find(
      (c) => normalHeader(c.header) === normalHeader(textOf(cell)),
    );
    if (column && !positions.has(column.key)) positions.set(column.key, index);
  });
  const missing = productColumns.filter(
    (c) => !positions.has(c.key) && !optionalColumns.has(c.key),
  );
  if (missing.length > 0)
    return {
      rows: [],
      errors: missing.map((c) => ({
        row: 1,
        column: c.header,
        message: 'The column is missing: the first row names the columns of the export.',
      })),
    };
  const sheetRows: SheetRow[] = [];
  dataRows.forEach((cells, index) => {
    if (cells.every((cell) => textOf(cell).trim() === '')) return;
    sheetRows.push(
      readRow(index + 2, (key) => {
        const position = positions.get(key);
        return position === undefined ? null : (cells[position] ?? null);
      }),
    );
  });
  return { rows: sheetRows, errors: [] };
}

function readRow(row: number, cell: (key: ColumnKey) => CellValue): SheetRow {
  const errors: RowError[] = [];
  const fail = (key: ColumnKey, message: string) =>
    errors.push({ row, column: header(key), message });
  const text = (key: ColumnKey) => textOf(cell(key));
  // A cell may hold what a request may not, written as an _xHHHH_ escape: refused the same way.
  for (const column of productColumns) {
    const found = forbiddenCharacterIn(text(column.key));
    if (found) fail(column.key, `The cell ${forbiddenCharacterMessage(found)}.`);
  }
  const id = text('id').trim() || null;
  const version = wholeNumberOf(cell('version'));
  if (id !== null && version === null)
    fail(
      'version',
      'Keep the version the product was exported at: it tells whether it changed since.',
    );
  const year = wholeNumberOf(cell('year'));
  if (year === null) fail('year', 'Write the year, such as 2017.');
  const released = yesNoOf(cell('releasedToObservers'));
  if (released === null) fail('releasedToObservers', 'Write yes or no.');
  const input: ProductInput | null =
    year === null
      ? null
      : {
          title: text('title'),
          summary: text('summary'),
          kind: text('kind').trim(),
          series: text('series'),
          year,
          periodStart: dayOf(cell('periodStart')),
          periodEnd: dayOf(cell('periodEnd')),
          publishedOn: dayOf(cell('publishedOn')),
          periodicity: text('periodicity').trim(),
          audience: text('audience').trim(),
          releasedToObservers: released ?? false,
          publicUrl: text('publicUrl').trim() || null,
          fileType: text('fileType').trim() || null,
          document: text('document').trim() || null,
          agencies: listOf(text('agencies')),
          topics: listOf(text('topics')),
          countries: listOf(text('countries')),
          languages: listOf(text('languages')),
          lines: listOf(text('lines')),
          activities: listOf(text('activities')),
        };
  return { row, id, version, input, errors };
}

/** The sheet column a field of the service's input is read from, for a field error. */
const fieldColumns: Record<string, ColumnKey> = Object.fromEntries(
  productColumns.map((c) => [c.key, c.key]),
);

export function rowErrorOf(row: number, error: FieldError): RowError {
  const key = fieldColumns[error.field];
  return { row, column: key ? header(key) : error.field, message: error.message };
}
