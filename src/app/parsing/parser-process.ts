import { fork, type ChildProcess } from 'node:child_process';
import type { ParseAnswer, ParseJob, ParserReady } from './parse-job.js';
import { residentMemoryBytes } from './resident-memory.js';

export interface ParseCaps {
  /** A job that takes longer is stopped: its process is killed. */
  timeoutMs: number;
  /** The resident memory a process may reach, all of it counted; also its V8 heap limit. */
  memoryBytes: number;
}

/** Why a job has no answer: it ran out of time or memory, its process died, or the pool closed. */
export type StopReason = 'time' | 'memory' | 'crash' | 'closed';

export type ParseOutcome =
  | { ok: true; answer: ParseAnswer; pid: number | undefined }
  | { ok: false; stop: StopReason; pid: number | undefined };

/**
 * Built, the entry is the .js beside this file. Run from source (tests, development), a child
 * process does not inherit the TypeScript loader, so it is given it; pdf.js and its worker
 * (four megabytes of JavaScript) are loaded before the loader, which would otherwise transform
 * them in every new process, at a cost of seconds and hundreds of megabytes.
 */
const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(fromSource ? './parser-child.ts' : './parser-child.js', import.meta.url);
const sourceLoader = fromSource
  ? [
      '--import',
      import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs'),
      '--import',
      import.meta.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'),
      '--import',
      import.meta.resolve('tsx'),
    ]
  : [];

/** How often the resident memory of a busy process is read. */
const MEMORY_WATCH_MS = 50;
/** Loading the readers takes a moment, longer from source: a process that never gets ready is killed. */
const STARTUP_MS = 60_000;

function isReady(message: unknown): message is ParserReady {
  return (message as ParserReady | null)?.kind === 'ready';
}

/**
 * One parser process, held to hard caps: V8's heap limit (`--max-old-space-size`), a watch on
 * the resident memory the kernel counts (which includes the buffers and native memory the heap
 * limit does not see), killing the process past the cap, and a timer that kills it when a job
 * takes too long. A killed process is not reused. Jobs run one at a time.
 */
export class ParserProcess {
  private readonly child: ChildProcess;
  private readonly ready: Promise<boolean>;
  private stopReason: StopReason | null = null;
  private exited = false;
  /** Jobs this process answered. */
  answered = 0;

  constructor(private readonly caps: ParseCaps) {
    const heap = `--max-old-space-size=${String(Math.floor(caps.memoryBytes / 1024 / 1024))}`;
    this.child = fork(entry, [String(process.pid)], {
      execArgv: [...sourceLoader, heap],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    // A send to a process that was just killed fails; its exit is what reports the job.
    this.child.on('error', () => undefined);
    this.child.once('exit', () => {
      this.exited = true;
    });
    this.ready = new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(ready);
      };
      const onMessage = (message: unknown) => {
        if (isReady(message)) done(true);
      };
      const onExit = () => {
        done(false);
      };
      const timer = setTimeout(() => {
        this.kill('crash');
      }, STARTUP_MS);
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Kills the process at once; a job it runs stops for `reason`. */
  kill(reason: StopReason): void {
    this.stopReason ??= reason;
    this.child.kill('SIGKILL');
  }

  /** An idle process does not keep the server's process alive. */
  idle(isIdle: boolean): void {
    if (isIdle) {
      this.child.unref();
      this.child.channel?.unref();
    } else {
      this.child.ref();
      this.child.channel?.ref();
    }
  }

  /** The process's resident memory now, in bytes; null when unknown. */
  residentBytes(): Promise<number | null> {
    return this.child.pid === undefined
      ? Promise.resolve(null)
      : residentMemoryBytes(this.child.pid);
  }

  /** Runs one job within the caps. Never throws: a job stopped by a cap has no answer. */
  async run(job: ParseJob): Promise<ParseOutcome> {
    const pid = this.child.pid;
    if (!(await this.ready) || pid === undefined || this.exited)
      return { ok: false, stop: this.stopReason ?? 'crash', pid };
    return new Promise((resolve) => {
      let reading = false;
      const finish = (outcome: ParseOutcome) => {
        clearTimeout(timer);
        clearInterval(watch);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (answer: ParseAnswer) => {
        this.answered += 1;
        finish({ ok: true, answer, pid });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        // V8 aborts a process that reaches its heap limit.
        const heapLimit = signal === 'SIGABRT' || code === 134;
        finish({ ok: false, stop: this.stopReason ?? (heapLimit ? 'memory' : 'crash'), pid });
      };
      const timer = setTimeout(() => {
        this.kill('time');
      }, this.caps.timeoutMs);
      const watch = setInterval(() => {
        if (reading) return;
        reading = true;
        void residentMemoryBytes(pid).then((bytes) => {
          reading = false;
          if (bytes !== null && bytes > this.caps.memoryBytes) this.kill('memory');
        });
      }, MEMORY_WATCH_MS);
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(job);
    });
  }
}
