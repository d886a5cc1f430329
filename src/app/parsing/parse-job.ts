// What the parent hands a parser process and what it answers. Types only: the parent never loads
// the parsers themselves.
import type { ExtractedText } from '../../features/documents/text-extraction.js';
import type { CellValue } from '../xlsx.js';
import type { UnpackLimits } from '../zip-archive.js';

export type ParseJob =
  /** The searchable text of an uploaded file. */
  | { kind: 'text'; bytes: Uint8Array; contentType: string; maxChars: number; unpack: UnpackLimits }
  /** The first sheet of an .xlsx workbook. */
  | { kind: 'sheet'; bytes: Uint8Array; unpack: UnpackLimits };

export type ParseAnswer =
  | { kind: 'text'; text: ExtractedText }
  | { kind: 'sheet'; rows: CellValue[][] }
  /** The parser refused the file with one of the platform's errors (not a workbook, too large). */
  | { kind: 'refused'; code: string; status: number; message: string };

/** The parser process says it has loaded its modules and waits for jobs. */
export interface ParserReady {
  kind: 'ready';
}
