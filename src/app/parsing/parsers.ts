import type { ExtractedText } from '../../features/documents/text-extraction.js';
import { AppError } from '../errors.js';
import type { CellValue } from '../xlsx.js';
import type { UnpackLimits } from '../zip-archive.js';
import type { ParseJob } from './parse-job.js';
import { ParserPool } from './parser-pool.js';
import type { ParseCaps, ParseOutcome, StopReason } from './parser-process.js';

export interface ParsingSettings {
  /** Parser processes each server process runs at most at once. */
  slots: number;
  caps: ParseCaps;
  /** What a ZIP package (.xlsx, .docx) may unpack to, counted as it inflates. */
  unpack: UnpackLimits;
  /** Extracted text beyond this many characters is cut off. */
  maxTextChars: number;
}

/** A job a cap stopped, for the log and for tests: which process, why, reading what. */
export interface ParserStop {
  kind: ParseJob['kind'];
  stop: StopReason;
  pid: number | undefined;
}

export type TextOutcome = { ok: true; text: ExtractedText } | { ok: false; stop: StopReason };

/**
 * Everything the platform reads from untrusted bytes beyond their type, read in parser processes
 * under hard caps (see parser-process.ts), shared fairly between users (see parser-pool.ts).
 */
export class Parsers {
  private readonly pool: ParserPool;
  private readonly stopListeners: ((stop: ParserStop) => void)[] = [];

  constructor(readonly settings: ParsingSettings) {
    this.pool = new ParserPool({ slots: settings.slots, caps: settings.caps });
  }

  /** Calls `listener` for every job a cap (or the pool's closing) stopped. */
  onStop(listener: (stop: ParserStop) => void): void {
    this.stopListeners.push(listener);
  }

  /** How many text extractions may run at once in this process. */
  get backgroundSlots(): number {
    return this.pool.backgroundSlots;
  }

  private async run(
    owner: string,
    job: ParseJob,
    priority: 'interactive' | 'background',
    signal?: AbortSignal,
  ): Promise<ParseOutcome> {
    const outcome = await this.pool.run(owner, job, priority, signal);
    if (!outcome.ok)
      for (const listener of this.stopListeners)
        listener({ kind: job.kind, stop: outcome.stop, pid: outcome.pid });
    return outcome;
  }

  /**
   * The first sheet of an uploaded workbook, read for `owner` while they wait. Refusals are the
   * platform's errors: not a workbook (400), unpacks or needs more than the caps allow (413).
   */
  async readFirstSheet(owner: string, bytes: Buffer): Promise<CellValue[][]> {
    const outcome = await this.run(
      owner,
      { kind: 'sheet', bytes, unpack: this.settings.unpack },
      'interactive',
    );
    if (!outcome.ok) throw this.sheetStopped(outcome.stop);
    const { answer } = outcome;
    if (answer.kind === 'sheet') return answer.rows;
    if (answer.kind === 'refused') throw new AppError(answer.code, answer.status, answer.message);
    throw this.sheetStopped('crash');
  }

  /**
   * The text of an uploaded file, read in the background for `owner`. Aborting `signal` stops
   * it (the outcome is then 'closed').
   */
  async extractText(
    owner: string,
    bytes: Buffer,
    contentType: string,
    signal?: AbortSignal,
  ): Promise<TextOutcome> {
    const outcome = await this.run(
      owner,
      {
        kind: 'text',
        bytes,
        contentType,
        maxChars: this.settings.maxTextChars,
        unpack: this.settings.unpack,
      },
      'background',
      signal,
    );
    if (!outcome.ok) return { ok: false, stop: outcome.stop };
    if (outcome.answer.kind !== 'text') return { ok: false, stop: 'crash' };
    return { ok: true, text: outcome.answer.text };
  }

  /** Kills every parser process; whatever runs or waits ends as stopped ('closed'). */
  close(): void {
    this.pool.close();
  }

  get isClosed(): boolean {
    return this.pool.isClosed;
  }

  private sheetStopped(stop: StopReason): AppError {
    const seconds = String(Math.round(this.settings.caps.timeoutMs / 1000));
    switch (stop) {
      case 'time':
        return new AppError(
          'file_too_large',
          413,
          `The workbook takes longer than ${seconds} s to read. Split it into smaller files.`,
        );
      case 'memory':
        return new AppError(
          'file_too_large',
          413,
          'The workbook needs more memory to read than the platform allows. Split it into smaller files.',
        );
      case 'crash':
        return new AppError(
          'not_a_spreadsheet',
          400,
          'The workbook could not be read. Save it again as "Excel Workbook (.xlsx)" and upload it again.',
        );
      case 'closed':
        return new AppError(
          'unavailable',
          503,
          'The platform is restarting. Upload the workbook again in a moment.',
        );
    }
  }
}
