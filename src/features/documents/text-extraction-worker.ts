import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Parsers } from '../../app/parsing/parsers.js';
import type { Documents } from './documents.service.js';
import type { ExtractedText } from './text-extraction.js';
import {
  MAX_ATTEMPTS,
  type ExtractionJob,
  type TextExtractionQueue,
} from './text-extraction-queue.js';

export interface ExtractionLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const NO_TEXT: ExtractedText = { text: '', truncated: false, failed: true };
const PRUNE_EVERY_MILLISECONDS = 60 * 60 * 1000;

/**
 * Runs in every server process: claims extraction jobs from the queue while this process has
 * parser slots for background work, reads each file's text in a parser process, and stores it.
 * It looks for work every `pollSeconds`, when nudged after an upload, and whenever a job ends.
 */
export class TextExtractionWorker {
  readonly id = `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted when the worker stops: its jobs' parser processes are killed, the jobs given back. */
  private readonly stopping = new AbortController();
  private filling: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  private prunedAt = 0;

  constructor(
    private readonly queue: TextExtractionQueue,
    private readonly documents: Documents,
    private readonly parsers: Parsers,
    private readonly pollSeconds: number,
    private readonly log: ExtractionLog,
  ) {}

  start(): void {
    this.started = true;
    const tick = () => {
      void this.fill()
        .then(() => this.pruneNowAndThen())
        .catch((error: unknown) => {
          this.log.error({ err: error, worker: this.id }, 'text extraction could not claim work');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollSeconds * 1000).unref();
        });
    };
    tick();
  }

  /** Forgets done jobs older than a day, once an hour. */
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MILLISECONDS) return;
    this.prunedAt = now;
    await this.queue.pruneDone();
  }

  /** Looks for work now: an upload in this process has just queued some. */
  nudge(): void {
    if (this.started && !this.stopped)
      void this.fill().catch((error: unknown) => {
        this.log.error({ err: error, worker: this.id }, 'text extraction could not claim work');
      });
  }

  /** Runs jobs until none is due and none runs: for the command line and tests. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      await this.fill();
      if (this.inFlight.size === 0) return;
      await Promise.race(this.inFlight);
    }
  }

  /**
   * Stops claiming, stops the extractions in progress (the server is stopping; imports in progress
   * finish) and waits for their jobs to be given back to the queue, for another process or the
   * next start to take.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.filling;
    this.stopping.abort();
    await Promise.all(this.inFlight);
  }

  /** Claims jobs, one at a time, while this process has a background slot free. */
  private fill(): Promise<void> {
    const run = this.filling.then(async () => {
      while (
        !this.stopped &&
        !this.parsers.isClosed &&
        this.inFlight.size < this.parsers.backgroundSlots
      ) {
        const job = await this.queue.claim(this.id);
        if (!job) return;
        const running = this.process(job).finally(() => {
          this.inFlight.delete(running);
          this.nudge();
        });
        this.inFlight.add(running);
      }
    });
    this.filling = run.catch(() => undefined);
    return run;
  }

  private async process(job: ExtractionJob): Promise<void> {
    try {
      const text = await this.extract(job);
      if (text === null) {
        await this.queue.release(job, this.id);
        return;
      }
      await this.documents.storeExtractedText(job, this.id, text);
    } catch (error) {
      // The lease runs out and the job is claimed again, up to MAX_ATTEMPTS times.
      this.log.error({ err: error, fileId: job.fileId }, 'text extraction failed');
    }
  }

  /** The file's text; null when this process is stopping and the job goes back to the queue. */
  private async extract(job: ExtractionJob): Promise<ExtractedText | null> {
    if (job.attempts > MAX_ATTEMPTS) {
      this.log.warn({ fileId: job.fileId, attempts: job.attempts }, 'text extraction given up');
      return NO_TEXT;
    }
    const file = await this.documents.fileToExtract(job.fileId);
    if (!file) return NO_TEXT;
    const outcome = await this.parsers.extractText(
      job.ownerId,
      file.content,
      file.contentType,
      this.stopping.signal,
    );
    if (outcome.ok) return outcome.text;
    if (outcome.stop === 'closed') return null;
    this.log.warn({ fileId: job.fileId, stop: outcome.stop }, 'text extraction stopped at a cap');
    return NO_TEXT;
  }
}
