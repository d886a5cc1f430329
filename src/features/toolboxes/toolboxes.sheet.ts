import type { FieldError } from '../../app/errors.js';
import { yesNoCell } from '../../app/spreadsheet/cells.js';
import { decodeList, encodeList } from '../../app/spreadsheet/list-text.js';
import {
  idAndVersionOf,
  idColumn,
  readRegisterRows,
  readYesNo,
  registerSheet,
  rowErrorOf as rowErrorOfField,
  type RegisterColumn,
  type RowError,
  type SheetRegister,
  type UploadedRow,
  updatedAtColumn,
  versionColumn,
} from '../../app/spreadsheet/register.js';
import type { CellValue, SheetSpec } from '../../app/xlsx.js';
import { toolboxOfferKinds } from '../../db/schema.js';
import { cellOf } from './toolboxes.analysis.js';
import type { MatrixView, OfferInput, OfferView } from './toolboxes.model.js';

/**
 * A toolbox as a workbook: the offers on the first sheet, one row each, in the layout the import
 * reads back; the matrix on the second (agencies down, themes across, each cell the titles of
 * the offers, one per line). Themes are listed by title, separated by "; " (a backslash makes a
 * separator in a title plain text, as in the scorecard's sheets).
 */

const offerColumnDefinitions = [
  idColumn,
  versionColumn,
  { key: 'agency', header: 'Agency', width: 12, kind: 'text' },
  { key: 'kind', header: 'Kind', width: 12, kind: 'text', choices: toolboxOfferKinds },
  { key: 'title', header: 'Title', width: 44, kind: 'text' },
  { key: 'description', header: 'Description', width: 60, kind: 'text' },
  { key: 'themes', header: 'Themes', width: 40, kind: 'text' },
  { key: 'accessConditions', header: 'Conditions of access', width: 40, kind: 'text' },
  { key: 'contactPoint', header: 'Contact point', width: 30, kind: 'text' },
  { key: 'legalBasis', header: 'Legal basis', width: 30, kind: 'text' },
  { key: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text' },
  updatedAtColumn,
] as const satisfies readonly RegisterColumn<string>[];

type ColumnKey = (typeof offerColumnDefinitions)[number]['key'];
export const offerColumns: readonly RegisterColumn<ColumnKey>[] = offerColumnDefinitions;

export const offersRegister: SheetRegister<ColumnKey> = {
  noun: 'offer',
  plural: 'offers',
  columns: offerColumns,
  // More offers than a toolbox ever holds, with room to spare.
  maxRows: 5_000,
  dates: 'instant',
};

export const OFFERS_SHEET = 'Offers';
export const MATRIX_SHEET = 'Matrix';

function offerCells(offer: OfferView): Record<ColumnKey, CellValue> {
  return {
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
    releasedToObservers: yesNoCell(offer.releasedToObservers),
    updatedAt: new Date(offer.updatedAt),
  };
}

/** The two sheets of a toolbox's export, from what the reader may read. */
export function toolboxSheets(matrix: MatrixView): SheetSpec[] {
  const { toolbox, agencies, offers } = matrix;
  return [
    registerSheet(offersRegister, OFFERS_SHEET, offers, offerCells),
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

/** One data row of an uploaded sheet, read into an offer's input. */
export interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  input: OfferInput;
  errors: RowError[];
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
  return rowErrorOfField(offersRegister, fieldColumns, row, error);
}

/**
 * Reads the rows of an uploaded offers sheet. The first row names the columns, in any order;
 * other columns are ignored; rows with nothing in them are skipped.
 */
export function readOfferRows(rows: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  return readRegisterRows(offersRegister, rows, readRow);
}

function readRow(uploaded: UploadedRow<ColumnKey>): SheetRow {
  const { row, text, errors } = uploaded;
  const { id, version } = idAndVersionOf(offersRegister, uploaded);
  const released = readYesNo(uploaded, 'releasedToObservers');
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
      releasedToObservers: released,
    },
  };
}
