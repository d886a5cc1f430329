import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryReport, MailQueue, MailSender } from './mail-queue.js';

export interface WorkerLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs in every process: on each tick it runs the jobs that queue mail (reminders), then
 * delivers what is due. Processes share the work through the queue's leases.
 */
export class MailWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly queue: MailQueue,
    private readonly send: MailSender,
    private readonly jobs: (() => Promise<unknown>)[],
    private readonly pollSeconds: number,
    private readonly log: WorkerLog,
  ) {}

  async runOnce(): Promise<DeliveryReport> {
    for (const job of this.jobs) await job();
    return this.queue.deliver(this.id, this.send);
  }

  start(): void {
    const tick = () => {
      this.running = this.runOnce()
        .then((report) => {
          if (report.sent + report.retried + report.failed > 0)
            this.log.info({ worker: this.id, ...report }, 'mail delivered');
        })
        .catch((error: unknown) => {
          this.log.error({ err: error, worker: this.id }, 'mail delivery failed');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollSeconds * 1000).unref();
        });
    };
    tick();
  }

  /** Stops polling and waits for the run in progress, so no message is left half-recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
