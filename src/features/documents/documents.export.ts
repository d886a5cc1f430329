import { csvRow } from '../../app/csv.js';
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
 * so that the file is marked wherever it is opened, printed or cut.
 */
export function documentsCsv(items: readonly DocumentSummary[], markingLine: string): string {
  const banner = csvRow([`Marking: ${markingLine}`]);
  return [
    banner,
    csvRow(columns),
    ...items.map((d) =>
      csvRow([
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
    ),
    banner,
  ].join('');
}
