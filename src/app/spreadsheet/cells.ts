import { isStorableInteger } from '../integers.js';
import type { CellValue } from '../xlsx.js';

/**
 * Reading the cells of an uploaded sheet and writing the cells of an export: the conversions
 * every register shares, so that a "yes", a day or a version reads the same in each.
 */

/** How a date cell reads as text: its calendar day, or the instant in ISO form. */
export type DateText = 'day' | 'instant';

export function textOf(cell: CellValue | undefined, dates: DateText = 'day'): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date)
    return dates === 'day' ? cell.toISOString().slice(0, 10) : cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A date cell, a YYYY-MM-DD text, or the day number of a cell that lost its date format. */
export function dayOf(cell: CellValue | undefined): string {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell > 0 && cell < 2_958_466)
    return new Date(EXCEL_EPOCH + cell * DAY_MS).toISOString().slice(0, 10);
  return textOf(cell).trim();
}

/** A calendar day as a date cell: midnight UTC, which spreadsheets show as that day. */
export function dayCell(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** A version or a year: a storable whole number, written as a number or as digits. */
export function wholeNumberOf(cell: CellValue | undefined): number | null {
  if (typeof cell === 'number') return isStorableInteger(cell) ? cell : null;
  const text = textOf(cell).trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** "yes"/"true" or "no"/"false" in any case; an empty cell is `empty`; anything else null. */
export function yesNoOf(cell: CellValue | undefined, empty: boolean | null = null): boolean | null {
  if (typeof cell === 'boolean') return cell;
  const text = textOf(cell).trim().toLowerCase();
  if (text === 'yes' || text === 'true') return true;
  if (text === 'no' || text === 'false') return false;
  return text === '' ? empty : null;
}

export const yesNoCell = (value: boolean): string => (value ? 'yes' : 'no');

/**
 * Codes shown by their labels, such as a status "completed" shown as "Completed" and offered as
 * a drop-down list. A cell is read by its label or its code, in any case, so that files made by
 * hand or by an earlier version still read.
 */
export class CodeLabels<Code extends string> {
  private readonly labels: ReadonlyMap<Code, string>;

  constructor(codes: readonly Code[], label: (code: Code) => string) {
    this.labels = new Map(codes.map((code) => [code, label(code)]));
  }

  /** The labels, for the drop-down list. */
  get choices(): readonly string[] {
    return [...this.labels.values()];
  }

  labelOf(code: string): string {
    return this.labels.get(code as Code) ?? code;
  }

  /** The code a cell names by its code or its label; anything else as written, for the check. */
  codeOf(text: string): string {
    const wanted = text.trim().toLowerCase();
    for (const [code, label] of this.labels) {
      if (wanted === code.toLowerCase() || wanted === label.toLowerCase()) return code;
    }
    return text.trim();
  }
}
