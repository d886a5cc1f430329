/**
 * The crash drill (SQLite): the platform runs in a child process under a write load, and is
 * killed with SIGKILL at random moments, mostly while it writes and sometimes while it starts;
 * after each kill the data is checked (crash-checks.ts) before the platform is started again.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite, sqliteFileIn } from '../../db/database.js';
import { checkAfterCrash, type Acknowledged } from './crash-checks.js';
import { CrashLoad, type LoadTally } from './crash-load.js';
import { writersIn, type Writer } from './drill-writers.js';
import { PlatformProcess } from './platform-process.js';
import { describePercentiles, percentile, percentiles, type Percentiles } from './stats.js';

export interface CrashDrillOptions {
  kills: number;
  /** An empty directory: the platform's data directory for the drill. */
  dataDir: string;
  /** How many contact points write at once (each of another agency). */
  writers?: number;
  /** The longest the load runs before a kill; each kill comes at a random moment within it. */
  maxLoadMs?: number;
  /** The share of kills that come while the platform starts instead. */
  startKillShare?: number;
  /** Where progress lines go, every `reportEvery` kills. */
  log?: (line: string) => void;
  reportEvery?: number;
  /** Asked before each kill: true ends the drill early (its figures say how far it went). */
  stopRequested?: () => boolean;
}

export interface CrashFigures {
  /** The kills asked for, and made. */
  planned: number;
  kills: number;
  killsDuringStart: number;
  acknowledged: { progress: number; documents: number; files: number };
  /** Every acknowledged write, as the checks looked for it. */
  acknowledgedWrites: readonly Acknowledged[];
  unanswered: number;
  unexpected: string[];
  lost: number;
  halfWritten: number;
  /** Each broken invariant found, in words (the first ones). */
  problems: string[];
  /** Processes the server started that outlived it by a cycle (zombies, which have ended, not). */
  leftBehind: number;
  auditEntries: number;
  /** Milliseconds to load the server's modules in a new process. */
  load: Percentiles;
  /** Milliseconds from the order to serve until /readyz answers, after a crash. */
  start: Percentiles;
  /** Milliseconds the checks after a kill took. */
  check: Percentiles;
  elapsedMs: number;
}

const KEPT_PROBLEMS = 20;

export function crashDrillPassed(figures: CrashFigures): boolean {
  return (
    figures.problems.length === 0 &&
    figures.lost === 0 &&
    figures.halfWritten === 0 &&
    figures.unexpected.length === 0 &&
    figures.leftBehind === 0
  );
}

export function describeCrashFigures(figures: CrashFigures): string[] {
  const { acknowledged: a } = figures;
  const total = a.progress + a.documents + a.files;
  return [
    `kills: ${String(figures.kills)} of ${String(figures.planned)} (${String(figures.killsDuringStart)} while starting)`,
    `acknowledged writes: ${String(total)} (${String(a.progress)} progress updates, ${String(a.documents)} document registrations, ${String(a.files)} files)`,
    `requests cut off by a kill (no answer): ${String(figures.unanswered)}`,
    `lost acknowledged writes: ${String(figures.lost)}`,
    `half-written records: ${String(figures.halfWritten)}`,
    `other broken invariants: ${String(figures.problems.length - Math.min(figures.problems.length, figures.lost + figures.halfWritten))}`,
    `unexpected answers: ${String(figures.unexpected.length)}`,
    `processes left behind by a killed server: ${String(figures.leftBehind)}`,
    `audit log entries at the end, verified: ${String(figures.auditEntries)}`,
    `start after a crash (modules loaded, to /readyz 200): ${describePercentiles(figures.start)}`,
    `loading the modules of a new process: ${describePercentiles(figures.load)}`,
    `checks after each kill: ${describePercentiles(figures.check)}`,
    `elapsed: ${(figures.elapsedMs / 1000).toFixed(0)} s`,
    ...figures.problems.slice(0, KEPT_PROBLEMS).map((p) => `  ${p}`),
    ...figures.unexpected.slice(0, KEPT_PROBLEMS).map((u) => `  unexpected answer: ${u}`),
  ];
}

/** The writers of a drill on the SQLite database of a data directory. */
export async function writersOf(
  dataDir: string,
  accounts: { email: string; password: string }[],
  address: string,
): Promise<Writer[]> {
  const database = openSqlite(sqliteFileIn(dataDir));
  try {
    return await writersIn(database, accounts, address);
  } finally {
    await database.close();
  }
}

export async function runCrashDrill(options: CrashDrillOptions): Promise<CrashFigures> {
  const began = performance.now();
  const log = options.log ?? (() => undefined);
  const writerCount = options.writers ?? 4;
  const maxLoadMs = options.maxLoadMs ?? 1500;
  const startKillShare = options.startKillShare ?? 0.1;
  const reportEvery = options.reportEvery ?? 50;
  const runId = randomBytes(4).toString('hex');
  const tally: LoadTally = { acknowledged: [], unanswered: 0, unexpected: [] };
  const load = new CrashLoad(runId, tally);
  const loadTimes: number[] = [];
  const startTimes: number[] = [];
  const checkTimes: number[] = [];
  const problems: string[] = [];
  let lost = 0;
  let halfWritten = 0;
  let leftBehind = 0;
  let auditEntries = 0;
  let killsDuringStart = 0;
  let kills = 0;

  const spawnProcess = (demo: boolean) =>
    new PlatformProcess({
      dataDir: options.dataDir,
      env: { JHANET_DEMO: demo ? 'true' : 'false' },
    });
  const countLeftBehind = (process: PlatformProcess | undefined) => {
    const survivors = process?.leftBehind() ?? [];
    leftBehind += survivors.length;
    for (const survivor of survivors) log(`after kill ${String(kills)}, left behind: ${survivor}`);
  };
  const measured = (process: PlatformProcess) => {
    if (!Number.isNaN(process.loadMs)) loadTimes.push(process.loadMs);
  };

  // The first start seeds the demo network, whose contact points write.
  let current = spawnProcess(true);
  let next: PlatformProcess | undefined;
  let previous: PlatformProcess | undefined;
  const figures = (): CrashFigures => {
    const { acknowledged } = tally;
    return {
      planned: options.kills,
      kills,
      killsDuringStart,
      acknowledged: {
        progress: acknowledged.filter((a) => a.kind === 'progress').length,
        documents: acknowledged.filter((a) => a.kind === 'document').length,
        files: acknowledged.filter((a) => a.kind === 'file').length,
      },
      acknowledgedWrites: acknowledged,
      unanswered: tally.unanswered,
      unexpected: tally.unexpected,
      lost,
      halfWritten,
      problems,
      leftBehind,
      auditEntries,
      load: percentiles(loadTimes),
      start: percentiles(startTimes),
      check: percentiles(checkTimes),
      elapsedMs: performance.now() - began,
    };
  };

  try {
    await current.serve();
    const contacts = current
      .demoAccounts()
      .filter((a) => a.role === 'contact')
      .slice(0, writerCount);
    const writers = await writersOf(options.dataDir, contacts, current.address);
    if (writers.length === 0) throw new Error('no contact point leads an activity to update');
    for (const writer of writers) await writer.user.signIn();

    for (kills = 0; kills < options.kills && !options.stopRequested?.();) {
      const duringStart = kills > 0 && Math.random() < startKillShare;
      if (duringStart) {
        // A kill while the server opens its database, migrates, cleans up and starts listening.
        const typical = percentile(
          [...startTimes].sort((a, b) => a - b),
          0.5,
        );
        const killAfter = Math.random() * (Number.isNaN(typical) ? 1000 : typical);
        const process = current;
        await process
          .serve(120_000, () => {
            setTimeout(() => void process.crash(), killAfter);
          })
          .catch(() => undefined);
        await process.crash();
        killsDuringStart += 1;
      } else {
        if (kills > 0) {
          await current.serve();
          startTimes.push(current.startMs);
        }
        for (const writer of writers) writer.user.address = current.address;
        // The next process loads its modules while this one works.
        next = spawnProcess(false);
        let stopped = false;
        const writing = writers.map((writer) => load.run(writer, () => stopped));
        await sleep(Math.random() * maxLoadMs);
        await current.crash();
        stopped = true;
        await Promise.all(writing);
      }
      kills += 1;
      const checkBegan = performance.now();
      const result = await checkAfterCrash(options.dataDir, tally.acknowledged);
      checkTimes.push(performance.now() - checkBegan);
      lost += result.lost;
      halfWritten += result.halfWritten;
      auditEntries = result.auditEntries;
      problems.push(...result.problems.map((p) => `after kill ${String(kills)}: ${p}`));
      countLeftBehind(previous);
      measured(current);
      previous = current;
      current = next ?? spawnProcess(false);
      next = undefined;
      if (kills % reportEvery === 0 || problems.length > 0 || tally.unexpected.length > 0)
        log(
          `kills ${String(kills)}/${String(options.kills)}: acknowledged ${String(tally.acknowledged.length)}, lost ${String(lost)}, half-written ${String(halfWritten)}, start ${describePercentiles(percentiles(startTimes))}`,
        );
      // A broken invariant ends the drill: its data directory is kept as the crash left it.
      if (problems.length > 0 || tally.unexpected.length > 0) break;
    }

    if (problems.length === 0) {
      // The platform starts once more, serves, and stops cleanly; the data is checked again.
      await current.serve();
      startTimes.push(current.startMs);
      const code = await current.stop();
      if (code !== 0)
        problems.push(`the last start did not stop cleanly: exit code ${String(code)}`);
      const result = await checkAfterCrash(options.dataDir, tally.acknowledged);
      lost += result.lost;
      halfWritten += result.halfWritten;
      auditEntries = result.auditEntries;
      problems.push(...result.problems.map((p) => `after the last stop: ${p}`));
      measured(current);
    }
    countLeftBehind(previous);
    return figures();
  } finally {
    await Promise.all([current.dispose(), next?.dispose(), previous?.dispose()]);
  }
}
