import { csvFile, type CsvSeparator } from '../../app/csv.js';
import type { DocumentSummary } from './documents.model.js';

const columns = [
  'Registration number',
  'Registered on',
  'Title',
  'Type',
  'Language',
  'Originator',
  'Marking',
  'Reference record',
  'File',
  'Version',
] as const;

/**
 * The register as CSV. Its first and last lines carry the most restrictive marking of the rows,
 * so that the file is marked wherever it is opened, printed or cut. They are title rows as wide
 * as the table, the marking in the first cell, so that every line has the same number of fields
 * and a spreadsheet keeps the columns under the header.
 */
export function documentsCsv(
  items: readonly DocumentSummary[],
  markingLine: string,
  separator: CsvSeparator = ',',
): string {
  const titleRow = [`Marking: ${markingLine}`, ...columns.slice(1).map(() => '')];
  return csvFile(
    [
      titleRow,
      columns,
      ...items.map((d) => [
        d.registrationNumber,
        d.registeredOn,
        d.title,
        d.documentType,
        d.language,
        d.originator.acronym,
        d.marking.line,
        d.isReference ? 'yes' : 'no',
        d.currentFile?.filename ?? '',
        d.currentFile?.number ?? '',
      ]),
      titleRow,
    ],
    separator,
  );
}
