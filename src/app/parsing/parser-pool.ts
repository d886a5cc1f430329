import type { ParseJob } from './parse-job.js';
import { ParserProcess, type ParseCaps, type ParseOutcome } from './parser-process.js';

export interface PoolSettings {
  /** Parser processes that may run at once. */
  slots: number;
  caps: ParseCaps;
}

/**
 * Interactive jobs have someone waiting for the answer (a workbook import); background jobs do
 * not (text extraction). Background work never takes the last slot, so an import waits for at
 * most one job, and goes before any background job that waits.
 */
export type Priority = 'interactive' | 'background';

interface WaitingJob {
  owner: string;
  job: ParseJob;
  priority: Priority;
  arrival: number;
  signal: AbortSignal | undefined;
  /** Takes the job out of the queue when its signal aborts before its turn. */
  withdraw: () => void;
  resolve: (outcome: ParseOutcome) => void;
}

/** A process is replaced after this many jobs, or sooner when it keeps more than half its cap. */
const JOBS_PER_PROCESS = 100;

/**
 * The parser processes of one server process, shared fairly between the people whose files they
 * read: at most one job per owner runs at a time, and when a slot frees, the owner served least
 * recently goes first, so one person's many uploads never hold up another's. Processes are
 * started on demand and reused until a cap kills them or they have served their share.
 */
export class ParserPool {
  private readonly idle: ParserProcess[] = [];
  private readonly busy = new Set<ParserProcess>();
  private readonly waiting: WaitingJob[] = [];
  private readonly runningOwners = new Set<string>();
  /** When each owner with work in the pool last had a job started, as a running count. */
  private readonly lastServed = new Map<string, number>();
  private running = 0;
  private runningBackground = 0;
  private arrivals = 0;
  private starts = 0;
  private closed = false;

  constructor(private readonly settings: PoolSettings) {}

  /** How many background jobs may run at once: every slot but one, and at least one. */
  get backgroundSlots(): number {
    return Math.max(1, this.settings.slots - 1);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs a job for an owner when its turn comes. Never throws. Aborting `signal` takes the job
   * out of the queue, or kills its process if it runs; it then ends as stopped ('closed').
   */
  run(
    owner: string,
    job: ParseJob,
    priority: Priority,
    signal?: AbortSignal,
  ): Promise<ParseOutcome> {
    if (this.closed || signal?.aborted)
      return Promise.resolve({ ok: false, stop: 'closed', pid: undefined });
    return new Promise((resolve) => {
      this.arrivals += 1;
      const waiting: WaitingJob = {
        owner,
        job,
        priority,
        arrival: this.arrivals,
        signal,
        withdraw: () => {
          const index = this.waiting.indexOf(waiting);
          if (index < 0) return;
          this.waiting.splice(index, 1);
          resolve({ ok: false, stop: 'closed', pid: undefined });
        },
        resolve,
      };
      this.waiting.push(waiting);
      signal?.addEventListener('abort', waiting.withdraw, { once: true });
      this.dispatch();
    });
  }

  /** Kills every process; jobs running or waiting end as stopped ('closed'). */
  close(): void {
    this.closed = true;
    for (const waiting of this.waiting.splice(0)) {
      waiting.signal?.removeEventListener('abort', waiting.withdraw);
      waiting.resolve({ ok: false, stop: 'closed', pid: undefined });
    }
    for (const parser of [...this.idle.splice(0), ...this.busy]) parser.kill('closed');
  }

  private dispatch(): void {
    while (!this.closed && this.running < this.settings.slots) {
      const next = this.nextJob();
      if (!next) return;
      this.waiting.splice(this.waiting.indexOf(next), 1);
      next.signal?.removeEventListener('abort', next.withdraw);
      void this.execute(next);
    }
  }

  private nextJob(): WaitingJob | undefined {
    let best: WaitingJob | undefined;
    for (const candidate of this.waiting) {
      if (this.runningOwners.has(candidate.owner)) continue;
      if (candidate.priority === 'background' && this.runningBackground >= this.backgroundSlots)
        continue;
      if (!best || this.goesBefore(candidate, best)) best = candidate;
    }
    return best;
  }

  private goesBefore(a: WaitingJob, b: WaitingJob): boolean {
    if (a.priority !== b.priority) return a.priority === 'interactive';
    const servedA = this.lastServed.get(a.owner) ?? 0;
    const servedB = this.lastServed.get(b.owner) ?? 0;
    return servedA !== servedB ? servedA < servedB : a.arrival < b.arrival;
  }

  private takeProcess(): ParserProcess {
    for (let parser = this.idle.pop(); parser; parser = this.idle.pop())
      if (parser.alive) return parser;
    return new ParserProcess(this.settings.caps);
  }

  private async execute(waiting: WaitingJob): Promise<void> {
    const { owner, priority } = waiting;
    this.running += 1;
    if (priority === 'background') this.runningBackground += 1;
    this.runningOwners.add(owner);
    this.starts += 1;
    this.lastServed.set(owner, this.starts);
    const parser = this.takeProcess();
    this.busy.add(parser);
    parser.idle(false);
    const stop = () => {
      parser.kill('closed');
    };
    waiting.signal?.addEventListener('abort', stop, { once: true });
    const outcome = await parser.run(waiting.job);
    waiting.signal?.removeEventListener('abort', stop);
    this.busy.delete(parser);
    await this.keepOrRetire(parser, outcome);
    this.running -= 1;
    if (priority === 'background') this.runningBackground -= 1;
    this.runningOwners.delete(owner);
    // An owner with nothing left in the pool is forgotten: their next job counts as a first.
    if (!this.waiting.some((w) => w.owner === owner)) this.lastServed.delete(owner);
    waiting.resolve(outcome);
    this.dispatch();
  }

  /**
   * Keeps a healthy process for the next job. One that was killed, grew or served long is
   * replaced at once, so that the next job does not wait for a process to start.
   */
  private async keepOrRetire(parser: ParserProcess, outcome: ParseOutcome): Promise<void> {
    const resident = outcome.ok ? await parser.residentBytes() : null;
    const healthy =
      outcome.ok &&
      parser.answered < JOBS_PER_PROCESS &&
      (resident === null || resident <= this.settings.caps.memoryBytes / 2);
    if (!healthy || this.closed) parser.kill('closed');
    if (this.closed) return;
    const next = healthy ? parser : new ParserProcess(this.settings.caps);
    next.idle(true);
    this.idle.push(next);
  }
}
