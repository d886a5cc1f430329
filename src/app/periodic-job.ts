export interface JobLog {
  error(details: object, message: string): void;
}

/**
 * Runs a job now and then every `intervalSeconds` in this process, one run at a time. Jobs are
 * safe to run in several processes at once: each claims its work in the database.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly job: () => Promise<unknown>,
    private readonly intervalSeconds: number,
    private readonly log: JobLog,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.job()
        .catch((error: unknown) => {
          this.log.error({ err: error, job: this.name }, 'scheduled job failed');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalSeconds * 1000).unref();
        });
    };
    tick();
  }

  /** Stops the schedule and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
