import type { FieldError } from '../../app/errors.js';
import { dayCell, dayOf, wholeNumberOf, yesNoCell } from '../../app/spreadsheet/cells.js';
import {
  idAndVersionOf,
  idColumn,
  readRegisterRows,
  readYesNo,
  rowErrorOf as rowErrorOfField,
  type RegisterColumn,
  type RowError,
  type SheetRegister,
  type UploadedRow,
  updatedAtColumn,
  versionColumn,
} from '../../app/spreadsheet/register.js';
import type { CellValue } from '../../app/xlsx.js';
import type { ProductInput, ProductView } from './products.model.js';
import { audiences, fileTypeCodes, periodicityCodes, productKinds } from './products.vocabulary.js';

/**
 * The index as a table: one row per product, the same columns in the .xlsx export and import
 * (docs/products.md). Lists (agencies, topics, countries, languages, lines, activities) are
 * items joined by "; "; kinds, periodicities, audiences and file types are the API's codes,
 * offered as drop-down lists.
 */
const columnDefinitions = [
  idColumn,
  versionColumn,
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
  updatedAtColumn,
] as const satisfies readonly RegisterColumn<string>[];

export type ColumnKey = (typeof columnDefinitions)[number]['key'];
export const productColumns: readonly RegisterColumn<ColumnKey>[] = columnDefinitions;

export const productsRegister: SheetRegister<ColumnKey> = {
  noun: 'product',
  plural: 'products',
  columns: productColumns,
  // More products than the network's agencies publish in years, with room to spare.
  maxRows: 5_000,
  foldHeaderSpaces: false,
};

const dateCell = (day: string | null): Date | null => (day === null ? null : dayCell(day));

/** A product as a row of the sheet, in the columns' order. */
export function productCells(product: ProductView): Record<ColumnKey, CellValue> {
  return {
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
    releasedToObservers: yesNoCell(product.releasedToObservers),
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
}

/** A row of an uploaded sheet: the product it describes, or what is wrong with it. */
export interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  input: ProductInput | null;
  errors: RowError[];
}

/** A date cell, a YYYY-MM-DD text, or the day number of a cell that lost its date format. */
function optionalDayOf(cell: CellValue): string | null {
  const day = dayOf(cell);
  return day === '' ? null : day;
}

const listOf = (text: string): string[] =>
  text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The rows of an uploaded sheet, or the columns it lacks. */
export function readSheetRows(rows: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  return readRegisterRows(productsRegister, rows, readRow);
}

function readRow(uploaded: UploadedRow<ColumnKey>): SheetRow {
  const { row, cell, text, fail, errors } = uploaded;
  const { id, version } = idAndVersionOf(productsRegister, uploaded);
  const year = wholeNumberOf(cell('year'));
  if (year === null) fail('year', 'Write the year, such as 2017.');
  const released = readYesNo(uploaded, 'releasedToObservers', false);
  const input: ProductInput | null =
    year === null
      ? null
      : {
          title: text('title'),
          summary: text('summary'),
          kind: text('kind').trim(),
          series: text('series'),
          year,
          periodStart: optionalDayOf(cell('periodStart')),
          periodEnd: optionalDayOf(cell('periodEnd')),
          publishedOn: optionalDayOf(cell('publishedOn')),
          periodicity: text('periodicity').trim(),
          audience: text('audience').trim(),
          releasedToObservers: released,
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
  return rowErrorOfField(productsRegister, fieldColumns, row, error);
}
