/**
 * A platform process for the drills: the real `jhanet serve` in a child process of its own, on a
 * data directory and port the drill chooses, that the drill can kill at any moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { LOADED_LINE_TEXT } from './standby-protocol.js';

/** Lines a process wrote, kept for the error message should it fail to start. */
const KEPT_LINES = 80;

/** The demo accounts a first start prints, by role and e-mail. */
export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

export interface PlatformProcessOptions {
  dataDir: string;
  /** Empty for the embedded SQLite database of the data directory. */
  databaseUrl?: string;
  /** Extra environment, such as JHANET_DEMO. */
  env?: Record<string, string>;
}

/**
 * How the drill runs the entry: compiled JavaScript as is; TypeScript (the test suite) through
 * tsx, as the tests run everything.
 */
function entryCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return ['--import', 'tsx', here.replace(/platform-process\.ts$/, 'standby-server.ts')];
  }
  return [here.replace(/platform-process\.js$/, 'standby-server.js')];
}

/** A port no process listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port was given');
  return address.port;
}

/**
 * The processes of a process group that have not ended, each in words (pid, state, command).
 * An ended process whose exit its new parent has not yet collected (a zombie, state Z) holds
 * nothing and runs nothing, so it does not count. Read from /proc, on Linux; elsewhere, whether
 * the group answers a signal.
 */
function groupSurvivors(pgid: number): string[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    try {
      process.kill(-pgid, 0);
      return [`process group ${String(pgid)}`];
    } catch {
      return [];
    }
  }
  return entries.flatMap((pid) => {
    try {
      // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, ppid, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) !== pgid || state === 'Z') return [];
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      return [`pid ${pid} (parent ${String(ppid)}, state ${String(state)}): ${command}`];
    } catch {
      return []; // It ended while being read.
    }
  });
}

export class PlatformProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  /** Milliseconds from spawn until the modules were loaded. */
  loadMs = Number.NaN;
  /** Milliseconds from the order to serve until /readyz answered 200. */
  startMs = Number.NaN;
  address = '';
  private readonly spawnedAt = performance.now();
  private readonly loaded: Promise<void>;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  /** Spawns the process and loads its modules; it serves only when told (`serve`). */
  constructor(private readonly options: PlatformProcessOptions) {
    this.child = spawn(process.execPath, entryCommand(), {
      // A process group of its own: the drill sees whether the server's parser processes outlive it.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: this.environment(0),
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
    let buffer = '';
    let announce: (() => void) | undefined;
    this.loaded = new Promise<void>((resolve, reject) => {
      announce = resolve;
      this.exited.then(
        () => {
          reject(new Error(`the platform process exited while loading:\n${this.output()}`));
        },
        () => undefined,
      );
    });
    this.loaded.catch(() => undefined);
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        if (line === LOADED_LINE_TEXT && Number.isNaN(this.loadMs)) {
          this.loadMs = performance.now() - this.spawnedAt;
          announce?.();
        }
        this.keep(line);
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line !== '') this.keep(line);
    });
  }

  private keep(line: string): void {
    this.lines.push(line);
    // The demo credentials are printed once, at the first start: keep every line until then.
    if (this.lines.length > KEPT_LINES * 4) this.lines.splice(0, this.lines.length - KEPT_LINES);
  }

  private environment(port: number): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: this.options.dataDir,
      DATABASE_URL: this.options.databaseUrl ?? '',
      LOG_LEVEL: 'warn',
      JHANET_DEMO: 'false',
      // The data directory's own key file, which the drill's checks read; no mail, no backups.
      JHANET_FILE_KEYS: '',
      JHANET_SMTP_HOST: '',
      JHANET_BACKUP_DIR: '',
      ...this.options.env,
    };
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('the platform process did not start');
    return pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  output(): string {
    return this.lines.slice(-KEPT_LINES).join('\n');
  }

  /** Resolves once the modules are loaded and the process waits for the order to serve. */
  async whenLoaded(): Promise<void> {
    await this.loaded;
  }

  /**
   * Orders the loaded process to serve on a free port, and resolves once /readyz answers 200,
   * or with the reason it did not (it exited, or `deadlineMs` passed).
   */
  async serve(deadlineMs = 120_000, onOrdered?: () => void): Promise<void> {
    await this.whenLoaded();
    const port = await freePort();
    // The port is read from the environment at start; the process is told it with the order.
    this.child.stdin?.write(`${String(port)}\n`);
    const orderedAt = performance.now();
    onOrdered?.();
    this.address = `http://127.0.0.1:${String(port)}`;
    while (performance.now() - orderedAt < deadlineMs) {
      if (!this.running) throw new Error(`the platform process exited:\n${this.output()}`);
      try {
        const ready = await fetch(`${this.address}/readyz`, { signal: AbortSignal.timeout(2000) });
        await ready.arrayBuffer();
        if (ready.status === 200) {
          this.startMs = performance.now() - orderedAt;
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(10);
    }
    throw new Error(
      `the platform was not ready within ${String(deadlineMs)} ms:\n${this.output()}`,
    );
  }

  /** The demo accounts a first start on an empty database printed. */
  demoAccounts(): DemoAccount[] {
    const accounts: DemoAccount[] = [];
    for (const line of this.lines) {
      const match = /^\s+(admin|contact|member|observer)\s+(\S+@\S+)\s+(\S+)$/.exec(line);
      if (match?.[1] && match[2] && match[3])
        accounts.push({ role: match[1], email: match[2], password: match[3] });
    }
    return accounts;
  }

  /** The resident memory of the server process, in bytes (Linux). */
  residentBytes(): number {
    const status = readFileSync(`/proc/${String(this.pid)}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb === undefined) throw new Error('no VmRSS in /proc status');
    return Number(kb) * 1024;
  }

  /** Kills the server at once, as a crash or a power cut would stop it, and waits for its end. */
  async crash(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the server as its process manager would (SIGTERM), and answers its exit code. */
  async stop(): Promise<number | null> {
    if (this.running) this.child.kill('SIGTERM');
    return this.exited;
  }

  /**
   * The processes the server started (its parser processes) still running a while after it
   * died, in words; they are then killed, so that they do not pile up.
   */
  leftBehind(): string[] {
    if (this.running) return [];
    const survivors = groupSurvivors(this.pid);
    if (survivors.length === 0) return [];
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // They ended meanwhile.
    }
    return survivors;
  }

  /** Ends the process and whatever it started, whatever state it is in. */
  async dispose(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    if (groupSurvivors(this.pid).length > 0) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // They ended meanwhile.
      }
    }
  }
}
