/**
 * The failover drill (PostgreSQL): the platform runs on a list of two hosts, a primary and its
 * streaming standby, under a write load; the primary is killed (SIGKILL of its postmaster) and the
 * standby promoted. Measured: acknowledged writes lost, time until writes succeed again, requests
 * that hung, and the audit chain after, on the promoted standby.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServices } from '../../app/services.js';
import { loadConfig } from '../../config.js';
import { openPostgres } from '../../db/database.js';
import { generateKeySpec } from '../../features/documents/file-crypto.js';
import { PROGRESS_TEXT_PREFIX } from './crash-checks.js';
import { writersIn, type Writer } from './drill-writers.js';
import { PlatformProcess } from './platform-process.js';
import { PostgresCluster } from './postgres-cluster.js';

export type ReplicationMode = 'sync' | 'async';

export interface FailoverOptions {
  mode: ReplicationMode;
  /** An empty directory: the platform's data directory for the drill. */
  dataDir: string;
  /** How many contact points write at once (each of another agency). */
  writers?: number;
  /** How long the load runs before the kill, and after writes succeed again. */
  loadMs?: number;
  log?: (line: string) => void;
}

export interface FailoverFigures {
  mode: ReplicationMode;
  /** Progress updates whose 201 the client received. */
  acknowledged: number;
  acknowledgedBeforeKill: number;
  /** Acknowledged updates not on the promoted standby. */
  lost: number;
  /** Requests answered 503 during the switch. */
  unavailable: number;
  /** Requests that got no answer within the client's deadline, or none at all. */
  hung: number;
  /** Answers other than 201, 412 and 503, described. */
  unexpected: string[];
  /** Milliseconds from the kill until the first write sent that then succeeded. */
  writesBackMs: number;
  /** Milliseconds from the kill until the promotion returned. */
  promotedMs: number;
  /** The longest a request took to be answered during the switch. */
  slowestMs: number;
  auditEntries: number;
  /** Why the audit chain does not verify, or null. */
  auditProblem: string | null;
  elapsedMs: number;
}

/** Longer than any bounded wait of the platform: a request past it hung. */
const HUNG_AFTER_MS = 20_000;
const KEPT = 10;

export function failoverPassed(figures: FailoverFigures): boolean {
  return (
    figures.lost === 0 &&
    figures.hung === 0 &&
    figures.unexpected.length === 0 &&
    figures.auditProblem === null &&
    figures.acknowledged > figures.acknowledgedBeforeKill
  );
}

export function describeFailoverFigures(figures: FailoverFigures): string[] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `replication: ${figures.mode === 'sync' ? 'synchronous' : 'asynchronous'}`,
    `acknowledged writes: ${String(figures.acknowledged)} (${String(figures.acknowledgedBeforeKill)} before the kill)`,
    `acknowledged writes lost: ${String(figures.lost)}`,
    `time from the kill until writes succeed again: ${seconds(figures.writesBackMs)} (promotion returned after ${seconds(figures.promotedMs)})`,
    `requests answered 503 during the switch: ${String(figures.unavailable)}`,
    `requests that hung (no answer within ${seconds(HUNG_AFTER_MS)}): ${String(figures.hung)}`,
    `slowest answer: ${seconds(figures.slowestMs)}`,
    `unexpected answers: ${String(figures.unexpected.length)}`,
    `audit log on the promoted standby: ${figures.auditProblem ?? `${String(figures.auditEntries)} entries, verified`}`,
    `elapsed: ${seconds(figures.elapsedMs)}`,
    ...figures.unexpected.slice(0, KEPT).map((u) => `  unexpected answer: ${u}`),
  ];
}

interface Acknowledged {
  text: string;
  /** When the request was sent: a write sent after the kill shows that writes work again. */
  sentAt: number;
}

/** The writers of the drill, read from the primary before the load starts. */
async function writersOf(
  url: string,
  accounts: { email: string; password: string }[],
  address: string,
): Promise<Writer[]> {
  const database = openPostgres(url, 1);
  try {
    return await writersIn(database, accounts, address);
  } finally {
    await database.close();
  }
}

class FailoverLoad {
  readonly acknowledged: Acknowledged[] = [];
  readonly unexpected: string[] = [];
  unavailable = 0;
  hung = 0;
  slowestMs = 0;
  private sequence = 0;

  constructor(private readonly runId: string) {}

  async run(writer: Writer, stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const text = `${PROGRESS_TEXT_PREFIX}${this.runId}-${String((this.sequence += 1))}`;
      let answer;
      const sentAt = performance.now();
      try {
        answer = await writer.user.send(`/api/activities/${writer.activityId}/updates`, {
          json: { postedOn: new Date().toISOString().slice(0, 10), text },
          headers: { 'if-match': writer.etag },
          timeoutMs: HUNG_AFTER_MS,
        });
      } catch {
        // The platform process is not killed: a request without an answer hung, or was dropped.
        this.hung += 1;
        continue;
      }
      this.slowestMs = Math.max(this.slowestMs, answer.ms);
      if (answer.status === 201) {
        writer.etag = answer.headers.get('etag') ?? '';
        this.acknowledged.push({ text, sentAt });
      } else if (answer.status === 503) {
        this.unavailable += 1;
        await sleep(100);
      } else {
        // 412: a write whose commit reached the database but whose answer the switch cut off.
        if (answer.status !== 412)
          this.unexpected.push(
            `${String(answer.status)} ${answer.body.toString('utf8').slice(0, 200)}`,
          );
        const current = await writer.user
          .send(`/api/activities/${writer.activityId}`, { timeoutMs: HUNG_AFTER_MS })
          .catch(() => null);
        if (current?.status === 200) writer.etag = current.headers.get('etag') ?? '';
        else await sleep(100);
      }
    }
  }
}

/** Counts the acknowledged updates missing from the database, and verifies its audit chain. */
async function checkPromoted(
  url: string,
  dataDir: string,
  fileKeys: string,
  acknowledged: readonly Acknowledged[],
): Promise<{ lost: number; auditEntries: number; auditProblem: string | null }> {
  const database = openPostgres(url, 2);
  try {
    const stored = new Set(
      (
        await database.db
          .selectFrom('scorecard_updates')
          .select('text')
          .where('text', 'like', `${PROGRESS_TEXT_PREFIX}%`)
          .execute()
      ).map((row) => row.text),
    );
    const lost = acknowledged.filter((a) => !stored.has(a.text)).length;
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      JHANET_FILE_KEYS: fileKeys,
      LOG_LEVEL: 'silent',
    });
    const verified = await createServices(config, database).audit.verify();
    return verified.ok
      ? { lost, auditEntries: verified.entries, auditProblem: null }
      : {
          lost,
          auditEntries: 0,
          auditProblem: `entry ${String(verified.broken.seq)}: ${verified.broken.reason}`,
        };
  } finally {
    await database.close();
  }
}

export async function runFailoverDrill(options: FailoverOptions): Promise<FailoverFigures> {
  const began = performance.now();
  const log = options.log ?? (() => undefined);
  const loadMs = options.loadMs ?? 5000;
  log(`${options.mode}: starting a primary and a standby`);
  const cluster = await PostgresCluster.create({ synchronous: options.mode === 'sync' });
  const fileKeys = generateKeySpec('k1');
  const platform = new PlatformProcess({
    dataDir: options.dataDir,
    databaseUrl: cluster.hostListUrl,
    env: { JHANET_DEMO: 'true', JHANET_FILE_KEYS: fileKeys },
  });
  try {
    log(`${options.mode}: starting the platform on ${cluster.hostListUrl}`);
    await platform.serve();
    const contacts = platform
      .demoAccounts()
      .filter((a) => a.role === 'contact')
      .slice(0, options.writers ?? 4);
    const writers = await writersOf(cluster.urlOf(cluster.primaryPort), contacts, platform.address);
    if (writers.length === 0) throw new Error('no contact point leads an activity to update');
    for (const writer of writers) await writer.user.signIn();

    const load = new FailoverLoad(randomBytes(4).toString('hex'));
    let stopped = false;
    const writing = writers.map((writer) => load.run(writer, () => stopped));
    await sleep(loadMs);
    const acknowledgedBeforeKill = load.acknowledged.length;
    log(`${options.mode}: killing the primary after ${String(acknowledgedBeforeKill)} writes`);
    const killedAt = performance.now();
    await cluster.killPrimary();
    await cluster.promoteStandby();
    const promotedMs = performance.now() - killedAt;
    log(`${options.mode}: standby promoted`);
    // The load goes on until writes succeed again, and for a while after.
    const deadline = killedAt + 120_000;
    while (!load.acknowledged.some((a) => a.sentAt > killedAt) && performance.now() < deadline)
      await sleep(100);
    await sleep(Math.min(loadMs, 3000));
    stopped = true;
    await Promise.all(writing);
    const firstAfter = load.acknowledged.find((a) => a.sentAt > killedAt);
    const checked = await checkPromoted(
      cluster.urlOf(cluster.standbyPort),
      options.dataDir,
      fileKeys,
      load.acknowledged,
    );
    return {
      mode: options.mode,
      acknowledged: load.acknowledged.length,
      acknowledgedBeforeKill,
      lost: checked.lost,
      unavailable: load.unavailable,
      hung: load.hung,
      unexpected: load.unexpected,
      writesBackMs: firstAfter ? firstAfter.sentAt - killedAt : Number.NaN,
      promotedMs,
      slowestMs: load.slowestMs,
      auditEntries: checked.auditEntries,
      auditProblem: checked.auditProblem,
      elapsedMs: performance.now() - began,
    };
  } finally {
    await platform.dispose();
    await cluster.dispose();
  }
}
