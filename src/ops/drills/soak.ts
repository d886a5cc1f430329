/**
 * The soak drill: a mixed load (reads, searches, writes, uploads, calendar feeds) against a
 * platform process for a bounded time, counting errors, and comparing latency and the server
 * process's resident memory at the start (after a warm-up) and at the end.
 *
 * Memory is judged on the floor of each window, its lowest sample: what the process holds right
 * after its garbage collections. Garbage between two collections swings the resident memory by
 * tens of megabytes from one second to the next; a leak raises the floor.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { writersOf } from './crash.js';
import { drillFile } from './crash-load.js';
import { DrillUser, jsonOf, type Answer } from './http-client.js';
import { PlatformProcess } from './platform-process.js';
import { describePercentiles, percentiles, type Percentiles } from './stats.js';

export interface SoakOptions {
  minutes: number;
  /** An empty directory: the platform's data directory for the soak. */
  dataDir: string;
  /** How many clients send requests at once, each waiting `pauseMs` between two. */
  clients?: number;
  pauseMs?: number;
  log?: (line: string) => void;
  stopRequested?: () => boolean;
}

export interface SoakFigures {
  minutes: number;
  requests: number;
  /** Requests per kind of operation. */
  byOperation: Record<string, number>;
  errors: number;
  /** The first errors, described. */
  errorSamples: string[];
  warmUpSeconds: number;
  /** Latencies (ms) in the window after the warm-up, and in the last window. */
  startLatency: Percentiles;
  endLatency: Percentiles;
  /** Resident memory of the server process, in bytes, in the window after the warm-up and in the last. */
  residentAfterWarmUp: WindowMemory;
  residentAtEnd: WindowMemory;
  residentMax: number;
  /** Growth of the floor: residentAtEnd.floor / residentAfterWarmUp.floor - 1. */
  growth: number;
}

export interface WindowMemory {
  /** The lowest sample of the window. */
  floor: number;
  median: number;
}

/** The share of the run before the start window, and the length of each window. */
const WARM_UP_SHARE = 0.2;
const WINDOW_SHARE = 0.1;
const MEMORY_SAMPLE_MS = 1000;
const MAX_GROWTH = 0.1;
const REPORT_EVERY_MS = 60_000;
const KEPT_ERRORS = 20;
const SEARCH_WORDS = [
  'drugs',
  'migration',
  'trafficking',
  'cybercrime',
  'training',
  'fundamental rights',
  'border',
  'gender',
  'data',
  'Europol',
];

export function soakPassed(figures: SoakFigures): boolean {
  return figures.errors === 0 && figures.growth <= MAX_GROWTH;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const describeWindow = (window: WindowMemory) =>
  `${megabytes(window.floor)} (${megabytes(window.median)})`;

export function describeSoakFigures(figures: SoakFigures): string[] {
  const operations = Object.entries(figures.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${String(count)}`)
    .join(', ');
  return [
    `duration: ${figures.minutes.toFixed(1)} min, warm-up ${String(Math.round(figures.warmUpSeconds))} s`,
    `requests: ${String(figures.requests)} (${operations})`,
    `errors: ${String(figures.errors)}`,
    `latency at the start (after the warm-up): ${describePercentiles(figures.startLatency)}`,
    `latency at the end: ${describePercentiles(figures.endLatency)}`,
    `server resident memory, lowest (median) of the window: ${describeWindow(figures.residentAfterWarmUp)} after the warm-up, ${describeWindow(figures.residentAtEnd)} at the end (lowest ${(figures.growth * 100).toFixed(1)} %), highest ${megabytes(figures.residentMax)}`,
    ...figures.errorSamples.map((e) => `  error: ${e}`),
  ];
}

interface Sample {
  at: number;
  ms: number;
}

interface Client {
  user: DrillUser;
  /** A contact point's activity and the version they last saw, when the client writes. */
  writes?: { activityId: string; etag: string; documentId: string | null };
}

type Operation = (client: Client) => Promise<Answer>;

const today = () => new Date().toISOString().slice(0, 10);
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => undefined);
  const durationMs = options.minutes * 60_000;
  const pauseMs = options.pauseMs ?? 100;
  const runId = randomBytes(4).toString('hex');
  const platform = new PlatformProcess({ dataDir: options.dataDir, env: { JHANET_DEMO: 'true' } });
  try {
    await platform.serve();
    const address = platform.address;
    const accounts = platform.demoAccounts();
    const contacts = accounts.filter((a) => a.role === 'contact').slice(0, 2);
    const writers = await writersOf(options.dataDir, contacts, address);
    const readers = accounts
      .filter((a) => a.role === 'member' || a.role === 'observer' || a.role === 'admin')
      .map((a) => new DrillUser(a.email, a.password, address));
    const clients: Client[] = [
      ...writers.map((w) => ({
        user: w.user,
        writes: { activityId: w.activityId, etag: w.etag, documentId: null },
      })),
      ...readers.map((user) => ({ user })),
    ].slice(0, options.clients ?? 4);
    for (const client of clients) await client.user.signIn();
    const first =
      clients[0] ??
      (() => {
        throw new Error('no demo accounts');
      })();
    const feed = await first.user.send('/api/calendar-feed', { method: 'POST' });
    if (feed.status !== 201) throw new Error(`no calendar feed: ${String(feed.status)}`);
    const feedPath = new URL((jsonOf(feed) as { networkUrl: string }).networkUrl).pathname;
    const listed = await first.user.send('/api/documents?pageSize=50');
    const documentIds = (jsonOf(listed) as { items: { id: string }[] }).items.map((d) => d.id);
    if (documentIds.length === 0) throw new Error('the demo network has no documents to read');

    let sequence = 0;
    const label = () => {
      sequence += 1;
      return `${runId}-${String(sequence)}`;
    };
    const get = (path: string) => (client: Client) => client.user.send(path);
    const reads: [string, Operation][] = [
      ['scorecard', get('/api/scorecard')],
      ['documents list', get('/api/documents')],
      ['document', (c) => c.user.send(`/api/documents/${pick(documentIds)}`)],
      ['meetings', get('/api/meetings')],
      ['pages', (c) => c.user.send(pick(['/', '/scorecard', '/documents', '/meetings']))],
      ['search', (c) => c.user.send(`/api/search?q=${encodeURIComponent(pick(SEARCH_WORDS))}`)],
      [
        'document search',
        (c) => c.user.send(`/api/documents?q=${encodeURIComponent(pick(SEARCH_WORDS))}`),
      ],
      [
        'calendar feed',
        async () => {
          const started = performance.now();
          const response = await fetch(`${address}${feedPath}`, {
            signal: AbortSignal.timeout(60_000),
          });
          const body = Buffer.from(await response.arrayBuffer());
          return {
            status: response.status,
            headers: response.headers,
            body,
            ms: performance.now() - started,
          };
        },
      ],
    ];
    const writes: [string, Operation][] = [
      [
        'progress update',
        async (c) => {
          const w = c.writes;
          if (!w) throw new Error('a reader does not write');
          const answer = await c.user.send(`/api/activities/${w.activityId}/updates`, {
            json: { postedOn: today(), text: `Soak progress ${label()}` },
            headers: { 'if-match': w.etag },
          });
          w.etag = answer.headers.get('etag') ?? w.etag;
          return answer;
        },
      ],
      [
        'registration',
        async (c) => {
          const w = c.writes;
          if (!w) throw new Error('a reader does not write');
          const answer = await c.user.send('/api/documents', {
            json: {
              title: `Soak document ${label()}`,
              documentType: 'report',
              language: 'en',
              marking: { classification: 'none', releasability: 'network' },
            },
          });
          if (answer.status === 201)
            w.documentId = (jsonOf(answer) as { document: { id: string } }).document.id;
          return answer;
        },
      ],
      [
        'upload',
        async (c) => {
          const w = c.writes;
          if (!w?.documentId) throw new Error('no document to upload to');
          const name = label();
          return c.user.send(`/api/documents/${w.documentId}/versions?filename=soak-${name}.txt`, {
            body: drillFile(name),
          });
        },
      ],
    ];

    const expected: Record<string, number> = {
      'progress update': 201,
      registration: 201,
      upload: 201,
    };
    const samples: Sample[] = [];
    const memory: { at: number; bytes: number }[] = [];
    const byOperation: Record<string, number> = {};
    const errorSamples: string[] = [];
    let errors = 0;
    const began = performance.now();
    const elapsed = () => performance.now() - began;
    const done = () => elapsed() >= durationMs || options.stopRequested?.() === true;

    const client = async (c: Client) => {
      while (!done()) {
        const canUpload = c.writes?.documentId != null;
        const roll = Math.random();
        const [name, operation] =
          c.writes && roll < 0.2 ? pick(canUpload ? writes : writes.slice(0, 2)) : pick(reads);
        byOperation[name] = (byOperation[name] ?? 0) + 1;
        const at = elapsed();
        try {
          const answer = await operation(c);
          samples.push({ at, ms: answer.ms });
          const wanted = expected[name] ?? 200;
          if (answer.status !== wanted) {
            errors += 1;
            if (errorSamples.length < KEPT_ERRORS)
              errorSamples.push(
                `${name}: ${String(answer.status)} ${answer.body.toString('utf8').slice(0, 200)}`,
              );
          }
        } catch (error) {
          errors += 1;
          if (errorSamples.length < KEPT_ERRORS)
            errorSamples.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        await sleep(pauseMs);
      }
    };
    const sampler = async () => {
      let lastReport = 0;
      while (!done()) {
        memory.push({ at: elapsed(), bytes: platform.residentBytes() });
        if (elapsed() - lastReport >= REPORT_EVERY_MS) {
          lastReport = elapsed();
          log(
            `soak ${(elapsed() / 60_000).toFixed(1)} min: ${String(samples.length)} requests, ${String(errors)} errors, resident ${megabytes(memory.at(-1)?.bytes ?? 0)}`,
          );
        }
        await sleep(MEMORY_SAMPLE_MS);
      }
    };
    await Promise.all([...clients.map(client), sampler()]);
    memory.push({ at: elapsed(), bytes: platform.residentBytes() });

    const ranMs = elapsed();
    const warmUpMs = ranMs * WARM_UP_SHARE;
    const windowMs = Math.max(ranMs * WINDOW_SHARE, MEMORY_SAMPLE_MS * 2);
    const inStart = (at: number) => at >= warmUpMs && at < warmUpMs + windowMs;
    const inEnd = (at: number) => at >= ranMs - windowMs;
    const windowMemory = (inWindow: (at: number) => boolean): WindowMemory => {
      const bytes = memory.filter((m) => inWindow(m.at)).map((m) => m.bytes);
      return { floor: Math.min(...bytes), median: percentiles(bytes).p50 };
    };
    const residentAfterWarmUp = windowMemory(inStart);
    const residentAtEnd = windowMemory(inEnd);
    const code = await platform.stop();
    if (code !== 0) {
      errors += 1;
      errorSamples.push(`the platform did not stop cleanly: exit code ${String(code)}`);
    }
    return {
      minutes: ranMs / 60_000,
      requests: samples.length,
      byOperation,
      errors,
      errorSamples,
      warmUpSeconds: warmUpMs / 1000,
      startLatency: percentiles(samples.filter((s) => inStart(s.at)).map((s) => s.ms)),
      endLatency: percentiles(samples.filter((s) => inEnd(s.at)).map((s) => s.ms)),
      residentAfterWarmUp,
      residentAtEnd,
      residentMax: Math.max(...memory.map((m) => m.bytes)),
      growth: residentAtEnd.floor / residentAfterWarmUp.floor - 1,
    };
  } finally {
    await platform.dispose();
  }
}
