import { randomUUID } from 'node:crypto';
import type { Database, Executor, Trx } from '../../db/database.js';

/** A file whose text a process has claimed to extract. */
export interface ExtractionJob {
  id: string;
  fileId: string;
  documentId: string;
  ownerId: string;
  /** How many times a process claimed it, this time included. */
  attempts: number;
}

/** A job claimed this often was never finished: its process died each time; it gets no text. */
export const MAX_ATTEMPTS = 3;
/** Done jobs are kept a day: the queue takes turns by when each owner was last served. */
const KEEP_DONE_MILLISECONDS = 24 * 60 * 60 * 1000;

export interface ExtractionCounts {
  /** Waiting for a process. */
  queued: number;
  /** Held by a process now. */
  running: number;
  /** Finished within the last day. */
  done: number;
}

/**
 * The files whose text is still to be extracted, held in the database so that the upload can
 * answer at once, the work survives a restart, and any number of processes share it. Each claims
 * one job at a time with a lease in one atomic statement, taking turns between the people who
 * uploaded: an owner with a job in progress waits, and among the others the one served least
 * recently goes first, so one person's many uploads never hold up another's.
 */
export class TextExtractionQueue {
  private readonly wakeListeners: (() => void)[] = [];

  constructor(
    private readonly database: Database,
    /** How long a claim holds: longer than any extraction may take, waiting for a slot included. */
    private readonly leaseMilliseconds: number,
  ) {}

  /** Queues the extraction of a file inside the caller's transaction: it exists only if the upload does. */
  async enqueue(
    db: Executor,
    job: { fileId: string; documentId: string; ownerId: string },
  ): Promise<void> {
    await db
      .insertInto('text_extraction_jobs')
      .values({
        id: randomUUID(),
        file_id: job.fileId,
        document_id: job.documentId,
        owner_id: job.ownerId,
        status: 'pending',
        attempts: 0,
        queued_at: new Date().toISOString(),
        claimed_at: null,
        lease_until: null,
        leased_by: null,
        finished_at: null,
      })
      .execute();
  }

  /** Calls `listener` when this process has committed new jobs: a worker looks for work then. */
  onWake(listener: () => void): void {
    this.wakeListeners.push(listener);
  }

  /** Says that jobs were committed (after the transaction that queued them). */
  wake(): void {
    for (const listener of this.wakeListeners) listener();
  }

  /**
   * Claims the next job in turn for a worker, or null when none is due. The job is chosen and
   * locked first (skipping rows other processes are claiming), then leased by id: an UPDATE whose
   * `in (select ... limit 1)` PostgreSQL may evaluate more than once would lease more than one.
   */
  async claim(worker: string, now = new Date()): Promise<ExtractionJob | null> {
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.leaseMilliseconds).toISOString();
    return this.database.db.transaction().execute(async (trx) => {
      const next = await this.database.dialect
        .skipLockedRows(
          trx
            .selectFrom('text_extraction_jobs as job')
            .select('job.id')
            .where('job.status', '=', 'pending')
            .where((eb) =>
              eb.or([eb('job.lease_until', 'is', null), eb('job.lease_until', '<', at)]),
            )
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('text_extraction_jobs as busy')
                    .select('busy.id')
                    .whereRef('busy.owner_id', '=', 'job.owner_id')
                    .where('busy.status', '=', 'pending')
                    .where('busy.lease_until', '>=', at),
                ),
              ),
            )
            .orderBy((eb) =>
              eb.fn.coalesce(
                eb
                  .selectFrom('text_extraction_jobs as served')
                  .select((inner) => inner.fn.max('served.claimed_at').as('last'))
                  .whereRef('served.owner_id', '=', 'job.owner_id'),
                eb.val(''),
              ),
            )
            .orderBy('job.queued_at')
            .orderBy('job.id')
            .limit(1),
        )
        .executeTakeFirst();
      if (!next) return null;
      const claimed = await trx
        .updateTable('text_extraction_jobs')
        .set((eb) => ({
          claimed_at: at,
          lease_until: leaseUntil,
          leased_by: worker,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', next.id)
        // Checked again on the row as it is now, in case another worker claimed it meanwhile.
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .returning(['id', 'file_id', 'document_id', 'owner_id', 'attempts'])
        .executeTakeFirst();
      return claimed
        ? {
            id: claimed.id,
            fileId: claimed.file_id,
            documentId: claimed.document_id,
            ownerId: claimed.owner_id,
            attempts: claimed.attempts,
          }
        : null;
    });
  }

  /**
   * Marks a job done, in the transaction that stores its text. False when the worker no longer
   * holds it (its lease ran out and another took it): then it must store nothing.
   */
  async finish(trx: Trx, job: ExtractionJob, worker: string): Promise<boolean> {
    const result = await trx
      .updateTable('text_extraction_jobs')
      .set({ status: 'done', finished_at: new Date().toISOString(), lease_until: null })
      .where('id', '=', job.id)
      .where('leased_by', '=', worker)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives a job back unread, for any process to take at once: this one is stopping. */
  async release(job: ExtractionJob, worker: string): Promise<void> {
    await this.database.db
      .updateTable('text_extraction_jobs')
      .set((eb) => ({ lease_until: null, leased_by: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', job.id)
      .where('leased_by', '=', worker)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Forgets jobs done more than a day ago. */
  async pruneDone(now = new Date()): Promise<number> {
    const result = await this.database.db
      .deleteFrom('text_extraction_jobs')
      .where('status', '=', 'done')
      .where('finished_at', '<', new Date(now.getTime() - KEEP_DONE_MILLISECONDS).toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** How many jobs wait, run and were done: for operators. */
  async counts(now = new Date()): Promise<ExtractionCounts> {
    const at = now.toISOString();
    const rows = await this.database.db
      .selectFrom('text_extraction_jobs')
      .select((eb) => [
        eb
          .case()
          .when('status', '=', 'done')
          .then('done')
          .when('lease_until', '>=', at)
          .then('running')
          .else('queued')
          .end()
          .as('state'),
        eb.fn.countAll<number>().as('n'),
      ])
      .groupBy('state')
      .execute();
    const counts: ExtractionCounts = { queued: 0, running: 0, done: 0 };
    for (const row of rows) counts[row.state as keyof ExtractionCounts] = row.n;
    return counts;
  }
}
