import { forbiddenCharacterIn, forbiddenCharacterMessage } from '../../app/clean-text.js';
import type { FieldError } from '../../app/errors.js';
import { isStorableInteger } from '../../app/integers.js';
import type { CellValue, SheetColumn, SheetSpec } from '../../app/xlsx.js';
import { toolboxOfferKinds } from '../../db/schema.js';
import { decodeList, encodeList } from '../scorecard/scorecard.sheet.js';
import { cellOf } from './toolboxes.analysis.js';
import type { MatrixView, OfferInput, OfferView } from './toolboxes.model.js';

/**
 * A toolbox as a workbook: the offers on the first sheet, one row each, in the layout the import
 * reads back; the matrix on the second (agencies down, themes across, each cell the titles of
 * the offers, one per line). Themes are listed by title, separated by "; " (a backslash makes a
 * separator in a title plain text, as in the scorecard's sheets).
 */

const offerColumnDefinitions = [
  { key: 'id', header: 'ID', width: 38, kind: 'text' },
  { key: 'version', header: 'Version', width: 9, kind: 'number' },
  { key: 'agency', header: 'Agency', width: 12, kind: 'text' },
  { key: 'kind', header: 'Kind', width: 12, kind: 'text', choices: toolboxOfferKinds },
  { key: 'title', header: 'Title', width: 44, kind: 'text' },
  { key: 'description', header: 'Description', width: 60, kind: 'text' },
  { key: 'themes', header: 'Themes', width: 40, kind: 'text' },
  { key: 'accessConditions', header: 'Conditions of access', width: 40, kind: 'text' },
  { key: 'contactPoint', header: 'Contact point', width: 30, kind: 'text' },
  { key: 'legalBasis', header: 'Legal basis', width: 30, kind: 'text' },
  { key: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text' },
  { key: 'updatedAt', header: 'Last updated (UTC)', width: 18, kind: 'datetime' },
] as const satisfies readonly (SheetColumn & { key: string })[];

type ColumnKey = (typeof offerColumnDefinitions)[number]['key'];
export const offerColumns: readonly (SheetColumn & { key: ColumnKey })[] = offerColumnDefinitions;

/** Columns an import may leave out: a sheet of new offers needs no ID or Version. */
const optionalColumns: ReadonlySet<ColumnKey> = new Set(['id', 'version', 'updatedAt']);

const header = (key: ColumnKey): string => offerColumns.find((c) => c.key === key)?.header ?? key;

export const OFFERS_SHEET = 'Offers';
export const MATRIX_SHEET = 'Matrix';

function offerCells(offer: OfferView): CellValue[] {
  const values: Record<ColumnKey, CellValue> = {
    id: offer.id,
    version: offer.version,
    agency: offer.agency.acronym,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    themes: encodeList(offer.themes.map((t) => t.title)),
    accessConditions: offer.accessConditions,
    contactPoint: offer.contactPoint,
    legalBasis: offer.legalBasis,
    releasedToObservers: offer.releasedToObservers ? 'yes' : 'no',
    updatedAt: new Date(offer.updatedAt),
  };
  return offerColumns.map((c) => values[c.key]);
}

/** The two sheets of a toolbox's export, from what the reader may read. */
export function toolboxSheets(matrix: MatrixView): SheetSpec[] {
  const { toolbox, agencies, offers } = matrix;
  return [
    { name: OFFERS_SHEET, columns: offerColumns, rows: offers.map(offerCells) },
    {
      name: MATRIX_SHEET,
      columns: [
        { header: 'Agency', width: 12, kind: 'text' },
        ...toolbox.themes.map((theme) => ({
          header: theme.title,
          width: 30,
          kind: 'text' as const,
        })),
      ],
      rows: agencies.map((agency) => [
        agency.acronym,
        ...toolbox.themes.map((theme) =>
          cellOf(offers, agency, theme)
            .map((offer) => `${offer.title} (${offer.kind})`)
            .join('\n'),
        ),
      ]),
    },
  ];
}

/** A problem with one cell of an uploaded sheet; rows are numbered as the spreadsheet shows. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export function rowFieldError(error: RowError): FieldError {
  return { field: `row ${String(error.row)}, ${error.column}`, ...error };
}

/** One data row of an uploaded sheet, read into an offer's input. */
export interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  input: OfferInput;
  errors: RowError[];
}

function textOf(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell);
}

function wholeNumberOf(cell: CellValue): number | null {
  if (typeof cell === 'number') return isStorableInteger(cell) ? cell : null;
  const text = textOf(cell).trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function yesNoOf(cell: CellValue): boolean | null {
  if (typeof cell === 'boolean') return cell;
  const text = textOf(cell).trim().toLowerCase();
  if (text === 'yes' || text === 'true') return true;
  if (text === 'no' || text === 'false') return false;
  return null;
}

const fieldColumns: Record<string, ColumnKey> = {
  agency: 'agency',
  kind: 'kind',
  title: 'title',
  description: 'description',
  themes: 'themes',
  accessConditions: 'accessConditions',
  contactPoint: 'contactPoint',
  legalBasis: 'legalBasis',
};

/** Names the column of a field error from the service's checks. */
export function rowErrorOf(row: number, error: FieldError): RowError {
  const key = fieldColumns[error.field];
  return { row, column: key ? header(key) : error.field, message: error.message };
}

const normalHeader = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Reads the rows of an uploaded offers sheet. The first row names the columns, in any order;
 * other columns are ignored; rows with nothing in them are skipped.
 */
export function readOfferRows(rows: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  const [headerRow = [], ...dataRows] = rows;
  const positions = new Map<ColumnKey, number>();
  headerRow.forEach((cell, index) => {
    const column = offerColumns.find((c) => normalHeader(c.header) === normalHeader(textOf(cell)));
    if (column && !positions.has(column.key)) positions.set(column.key, index);
  });
  const missing = offerColumns.filter((c) => !positions.has(c.key) && !optionalColumns.has(c.key));
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
  for (const column of offerColumns) {
    const found = forbiddenCharacterIn(text(column.key));
    if (found) fail(column.key, `The cell ${forbiddenCharacterMessage(found)}.`);
  }
  const id = text('id').trim() || null;
  const version = wholeNumberOf(cell('version'));
  if (id !== null && version === null)
    fail(
      'version',
      'Keep the version the offer was exported at: it tells whether it changed since.',
    );
  const released = yesNoOf(cell('releasedToObservers'));
  if (released === null) fail('releasedToObservers', 'Write yes or no.');
  return {
    row,
    id,
    version,
    errors,
    input: {
      agency: text('agency'),
      kind: text('kind'),
      title: text('title'),
      description: text('description'),
      themes: decodeList(text('themes')),
      accessConditions: text('accessConditions'),
      contactPoint: text('contactPoint'),
      legalBasis: text('legalBasis'),
      releasedToObservers: released ?? false,
    },
  };
}
