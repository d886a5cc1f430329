// `npm run bench`: how fast the built platform answers, next to a bare Fastify baseline.
//
// One run, on 127.0.0.1 only, in under two minutes: starts the platform from dist on a fresh SQLite
// demo database, signs in as the demo administrator, starts the bare baseline (bench/bare-server.ts)
// on the same database file, loads each target with autocannon, prints a table and rewrites
// docs/benchmarks.md with it. Any error or non-2xx response fails the run and leaves the page as
// it was; a run that completes but misses the throughput target writes the page and exits 1.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import ts from 'typescript';
import { readFirstSheet, writeSheet } from '../src/app/xlsx.js';
import { scorecardColumns } from '../src/features/scorecard/scorecard.sheet.js';
import { DrillUser } from '../src/ops/drills/http-client.js';
import { freshBenchDatabase, settle } from './postgres-database.js';
import { generateKeySpec } from '../src/features/documents/file-crypto.js';
import {
  SEARCH_HEADING,
  documentSearchSection,
  measureDocumentSearch,
  type SearchFigures,
} from './document-search.js';
import {
  REPORT_BUILD_HEADING,
  measureReportBuild,
  procStatusKb,
  reportBuildSection,
  reportBuildTable,
  type ReportBuildFigures,
} from './report-build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORT = path.join(ROOT, 'docs', 'benchmarks.md');

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1`);
  return value;
}

const CONNECTIONS = setting('BENCH_CONNECTIONS', 10);
const WARMUP_SECONDS = setting('BENCH_WARMUP', 2);
const DURATION_SECONDS = setting('BENCH_DURATION', 10);
/**
 * Each target is measured this many times, the targets taking turns: a burst of other work on
 * the machine then weighs on all of them rather than on one, which keeps the ratios honest.
 */
const ROUNDS = setting('BENCH_ROUNDS', 2);
/** The platform's JSON API must keep at least this share of the bare baseline's throughput. */
const TARGET_RATIO = 0.5;
const STARTUP_TIMEOUT_MS = 60_000;
/** The size of the scorecard the scorecard targets and the spreadsheet figures are taken on. */
const SCORECARD_ACTIVITIES = setting('BENCH_ACTIVITIES', 5_000);
const SCORECARD_UPDATES_PER_ACTIVITY = setting('BENCH_UPDATES_PER_ACTIVITY', 10);
/** Platform processes sharing the load of `npm run bench -- scorecard --postgres`. */
const PROCESSES = setting('BENCH_PROCESSES', 1);
const RSS_SAMPLE_MS = 100;

interface Target {
  key:
    | 'bare'
    | 'api'
    | 'home'
    | 'bareSummaries'
    | 'bareScorecard'
    | 'scorecardApi'
    | 'scorecardAsOf'
    | 'scorecardPage';
  label: string;
  /** The processes that serve it: the load is shared among them. */
  servers: Server[];
  path: string;
  headers: Record<string, string>;
  contentType: string;
}

interface Measurement {
  target: Target;
  /** The mean of the rounds' figures. */
  requestsPerSecond: number;
  perRound: number[];
  requests: number;
  p50: number;
  p99: number;
  peakRssKb: number;
  bodyBytes: number;
}

interface Server {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  /** The last lines it wrote, to show when something goes wrong. */
  output: string[];
  exit: Promise<void>;
  exited: boolean;
}

const servers: Server[] = [];

/**
 * The platform's processes start as docs/operations.md runs them in production: with a heap
 * limit, so that their memory is bounded by it rather than by V8's default for the machine.
 */
const PLATFORM_NODE_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=8'];

function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Server {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: Server = {
    name,
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: [],
    exited: false,
    exit: new Promise((resolve) => {
      child.once('exit', () => {
        server.exited = true;
        resolve();
      });
    }),
  };
  const collect = (chunk: Buffer) => {
    server.output.push(...chunk.toString('utf8').split('\n'));
    server.output.splice(0, Math.max(0, server.output.length - 200));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  servers.push(server);
  return server;
}

class ServerError extends Error {
  constructor(server: Server, message: string) {
    const tail = server.output.filter((line) => line.trim() !== '').slice(-20);
    super(
      `${server.name}: ${message}${tail.length ? `\n  its last output:\n    ${tail.join('\n    ')}` : ''}`,
    );
  }
}

async function stopServers(): Promise<void> {
  await Promise.all(
    servers.map(async (server) => {
      if (server.exited) return;
      server.child.kill('SIGTERM');
      const killer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
      await server.exit;
      clearTimeout(killer);
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(server: Server, readyPath: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exited) throw new ServerError(server, `exited with code ${server.child.exitCode}`);
    try {
      const response = await fetch(server.baseUrl + readyPath);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new ServerError(server, `did not answer GET ${readyPath} within ${STARTUP_TIMEOUT_MS} ms`);
}

/** The demo administrator's e-mail and password, from the table `jhanet serve` prints once. */
async function demoAdmin(server: Server): Promise<{ email: string; password: string }> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    for (const line of server.output) {
      const match = /^\s+admin\s+(\S+@\S+)\s+(\S+)\s*$/.exec(line);
      if (match?.[1] && match[2]) return { email: match[1], password: match[2] };
    }
    await sleep(50);
  }
  throw new ServerError(server, 'printed no demo admin credentials (is JHANET_DEMO honoured?)');
}

/** The demo administrator's session, signed in as any API client, second factor included. */
async function signIn(server: Server): Promise<{ cookie: string; csrfToken: string }> {
  const credentials = await demoAdmin(server);
  const admin = new DrillUser(credentials.email, credentials.password, server.baseUrl);
  try {
    await admin.signIn();
  } catch (error) {
    throw new ServerError(server, error instanceof Error ? error.message : String(error));
  }
  return { cookie: admin.cookieHeader, csrfToken: admin.csrf };
}

/** Runs a command of the benchmark to its end; its output goes to the console. */
function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} exited with code ${String(code)}`));
    });
  });
}

/**
 * Checks one request answers 200 with the expected type before loading it. Redirects are not
 * followed: a redirect to the login page would otherwise look like a success.
 */
async function probe(target: Target): Promise<{ body: string } | { problem: string }> {
  const [server] = target.servers;
  assert.ok(server, `${target.label} has no server`);
  const response = await fetch(server.baseUrl + target.path, {
    headers: target.headers,
    redirect: 'manual',
  });
  const body = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 404 && target.key === 'home') {
    return { problem: `GET ${target.path} answered 404: the home page does not exist yet.` };
  }
  if (response.status !== 200) {
    return { problem: `GET ${target.path} answered ${response.status}, not 200.` };
  }
  if (!type.startsWith(target.contentType)) {
    return { problem: `GET ${target.path} answered ${type}, not ${target.contentType}.` };
  }
  return { body };
}

/**
 * Loads the target's servers at once, its connections shared among them, and adds up what they
 * answered; `onResponse` hears every response of every server.
 */
async function load(
  target: Target,
  seconds: number,
  onResponse?: (milliseconds: number) => void,
): Promise<Result> {
  const share = Math.max(1, Math.round(CONNECTIONS / target.servers.length));
  const results = await Promise.all(
    target.servers.map((server) =>
      loadOne(server.baseUrl + target.path, target, share, seconds, onResponse),
    ),
  );
  const [first, ...others] = results;
  assert.ok(first);
  for (const other of others) {
    first.requests.average += other.requests.average;
    first.requests.total += other.requests.total;
    first.errors += other.errors;
    first.timeouts += other.timeouts;
    first.non2xx += other.non2xx;
    first.mismatches += other.mismatches;
    for (const [status, count] of Object.entries(other.statusCodeStats)) {
      const kept = first.statusCodeStats[status];
      if (kept) kept.count += count.count;
      else first.statusCodeStats[status] = count;
    }
  }
  return first;
}

function loadOne(
  url: string,
  target: Target,
  connections: number,
  seconds: number,
  onResponse?: (milliseconds: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: target.headers,
        timeout: 10,
      },
      (error, result) => {
        if (error) reject(error);
        else resolve(result);
      },
    );
    if (onResponse) {
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
        onResponse(ms);
      });
    }
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Runs `work` while sampling the resident memory of the servers; returns the peak of the one that
 * rose highest.
 */
async function withPeakRss<T>(servers: Server[], work: () => Promise<T>): Promise<[T, number]> {
  const pids = servers.map((server) => {
    assert.ok(server.child.pid, `${server.name} has no pid`);
    return server.child.pid;
  });
  const highest = () => Math.max(...pids.map((pid) => procStatusKb(pid, 'VmRSS')));
  let peakKb = highest();
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, highest());
  }, RSS_SAMPLE_MS);
  try {
    const result = await work();
    return [result, Math.max(peakKb, highest())];
  } finally {
    clearInterval(sampler);
  }
}

interface Round {
  requestsPerSecond: number;
  requests: number;
  latencies: number[];
  peakRssKb: number;
}

async function measureRound(target: Target, round: number): Promise<Round> {
  process.stdout.write(`  round ${round}: ${target.label}`);
  // autocannon's own histogram keeps whole milliseconds; these keep the fractions.
  const latencies: number[] = [];
  const [result, peakRssKb] = await withPeakRss(target.servers, () =>
    load(target, DURATION_SECONDS, (ms) => latencies.push(ms)),
  );
  process.stdout.write(` ${number(result.requests.average)} requests/s\n`);
  const failures = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (failures > 0) {
    throw new Error(
      `${target.label}: ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result.non2xx} non-2xx responses (status counts ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const gone = target.servers.find((server) => server.exited);
  if (gone) throw new ServerError(gone, 'exited during the run');
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    latencies,
    peakRssKb,
  };
}

function summarise(target: Target, bodyBytes: number, rounds: Round[], warmUpRssKb: number) {
  const sorted = Float64Array.from(rounds.flatMap((r) => r.latencies)).sort();
  const perRound = rounds.map((r) => r.requestsPerSecond);
  return {
    target,
    requestsPerSecond: perRound.reduce((a, b) => a + b, 0) / perRound.length,
    perRound,
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    peakRssKb: Math.max(warmUpRssKb, ...rounds.map((r) => r.peakRssKb)),
    bodyBytes,
  } satisfies Measurement;
}

/**
 * The baseline runs as plain JavaScript on plain node, like the platform's dist: transpiled here
 * rather than run through tsx, whose loader would add to its memory. It is written under
 * node_modules/.cache so that its imports resolve to this project's fastify and better-sqlite3.
 */
function buildBareServer(): string {
  const source = fs.readFileSync(path.join(ROOT, 'bench', 'bare-server.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
  });
  const dir = path.join(ROOT, 'node_modules', '.cache', 'jhanet-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bare-server.mjs');
  fs.writeFileSync(file, outputText);
  return file;
}

function packageVersion(name: string): string {
  const file = path.join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const scorecardKeys: readonly Target['key'][] = ['scorecardApi', 'scorecardAsOf', 'scorecardPage'];

/** Scorecard targets compare with the bare scorecard route, the others with the bare list. */
function table(measurements: Measurement[], bare: Measurement): string {
  const bareScorecard = measurements.find((m) => m.target.key === 'bareScorecard') ?? bare;
  const baselineOf = (m: Measurement) =>
    scorecardKeys.includes(m.target.key) ? bareScorecard : bare;
  const head = [
    'Target',
    'Requests/s',
    'Rounds',
    'vs bare',
    'p50 (ms)',
    'p99 (ms)',
    'Peak RSS (MB)',
    'Body (bytes)',
    'Requests',
  ];
  const rows = measurements.map((m) => [
    m.target.label,
    number(m.requestsPerSecond),
    m.perRound.map((r) => number(r)).join(' / '),
    `${number((m.requestsPerSecond / baselineOf(m).requestsPerSecond) * 100)} %`,
    number(m.p50, 2),
    number(m.p99, 2),
    number(m.peakRssKb / 1024, 1),
    number(m.bodyBytes),
    number(m.requests),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(head), line(align), ...rows.map(line)].join('\n');
}

interface RunInfo {
  startedAt: Date;
  /** The 1, 5 and 15 minute load averages before the run: other work skews the figures. */
  loadAverage: number[];
  /** VmHWM of each server when the run ended: the peak of its whole life, start-up included. */
  lifetimePeakKb: { platform: number; bare: number };
  fillSeconds: number;
  spreadsheet: SpreadsheetFigures;
  search: SearchFigures[];
  reportBuild: ReportBuildFigures;
}

interface SpreadsheetFigures {
  rows: number;
  bytes: number;
  exportSeconds: number;
  exportPeakRssKb: number;
  importSeconds: number;
  importPeakRssKb: number;
  created: number;
}

/**
 * The exported file without the columns a platform assigns (ID, Version): what another
 * platform imports as new activities.
 */
async function withoutIdentity(file: Buffer): Promise<Buffer> {
  const [header = [], ...rows] = await readFirstSheet(file, {
    maxTotalBytes: 1024 ** 3,
    maxEntryBytes: 1024 ** 3,
  });
  const assigned = new Set(['ID', 'Version'].map((name) => header.indexOf(name)));
  return writeSheet({
    name: 'Scorecard',
    columns: scorecardColumns,
    rows: [...rows.map((row) => row.map((cell, index) => (assigned.has(index) ? null : cell)))],
  });
}

/**
 * Exports the big scorecard to .xlsx from the platform, then imports that file into a second,
 * fresh platform (demo network, empty scorecard) as its administrator: the seconds each takes and
 * the peak memory of the server doing it.
 */
async function measureSpreadsheet(
  platform: Server,
  session: { cookie: string; csrfToken: string },
): Promise<SpreadsheetFigures> {
  console.log('Exporting the scorecard to .xlsx…');
  const exportStarted = performance.now();
  const [file, exportPeakRssKb] = await withPeakRss([platform], async () => {
    const response = await fetch(`${platform.baseUrl}/api/scorecard/export.xlsx?year=2017`, {
      headers: { cookie: session.cookie },
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) {
      throw new ServerError(platform, `the export answered ${String(response.status)}`);
    }
    return body;
  });
  const exportSeconds = (performance.now() - exportStarted) / 1000;

  console.log('Importing it into a fresh platform…');
  const upload = await withoutIdentity(file);
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-bench-import-'));
  try {
    const fresh = startServer(
      'the importing platform',
      [...PLATFORM_NODE_FLAGS, path.join(ROOT, 'bin', 'jhanet.js'), 'serve'],
      {
        DATA_DIR: freshDir,
        DATABASE_URL: '',
        JHANET_DEMO: 'true',
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
      await freePort(),
    );
    await waitUntilReady(fresh, '/readyz');
    const freshSession = await signIn(fresh);
    const importStarted = performance.now();
    const [summary, importPeakRssKb] = await withPeakRss([fresh], async () => {
      const response = await fetch(`${fresh.baseUrl}/api/scorecard/import`, {
        method: 'POST',
        headers: {
          cookie: freshSession.cookie,
          'x-csrf-token': freshSession.csrfToken,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: upload,
      });
      const text = await response.text();
      if (response.status !== 200) {
        throw new ServerError(
          fresh,
          `the import answered ${String(response.status)}: ${text.slice(0, 500)}`,
        );
      }
      return JSON.parse(text) as { created: number };
    });
    const importSeconds = (performance.now() - importStarted) / 1000;
    fresh.child.kill('SIGTERM');
    await fresh.exit;
    return {
      rows: summary.created,
      bytes: file.length,
      exportSeconds,
      exportPeakRssKb,
      importSeconds,
      importPeakRssKb,
      created: summary.created,
    };
  } finally {
    fs.rmSync(freshDir, { recursive: true, force: true });
  }
}

function report(measurements: Measurement[], info: RunInfo): string {
  const [bare, api] = measurements;
  assert.ok(bare && api);
  const ratio = api.requestsPerSecond / bare.requestsPerSecond;
  const met = ratio >= TARGET_RATIO;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const date = info.startedAt.toISOString().replace(/\.\d+Z$/, 'Z');
  const megabytes = (kb: number) => number(kb / 1024, 1);
  const seconds = measurements.length * (WARMUP_SECONDS + ROUNDS * DURATION_SECONDS) + 120;
  const scorecardApi = measurements.find((m) => m.target.key === 'scorecardApi');
  const bareScorecard = measurements.find((m) => m.target.key === 'bareScorecard');
  const scorecardRatio =
    scorecardApi && bareScorecard
      ? `${number((scorecardApi.requestsPerSecond / bareScorecard.requestsPerSecond) * 100)} %`
      : 'not measured';
  const sheet = info.spreadsheet;
  return `# Benchmarks

How fast the platform answers on one machine, next to the least a Node server can do with the
same data. The figures below are those of the last \`npm run bench\`, which rewrites this page.

## Result

- Date: ${date}; commit ${commit()}.
- Machine: ${os.availableParallelism()} CPUs (${cpu}), ${number(os.totalmem() / 1024 ** 3, 1)} GiB of memory, Linux ${os.release()}.
- Software: Node ${process.version}, Fastify ${packageVersion('fastify')}, better-sqlite3 ${packageVersion('better-sqlite3')}, autocannon ${packageVersion('autocannon')}.
- Load: ${CONNECTIONS} connections; ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} rounds of ${DURATION_SECONDS} s per target.
- Load average of the machine before the run: ${info.loadAverage.map((l) => number(l, 2)).join(', ')} (1, 5, 15 minutes).

${table(measurements, bare)}

**Target: the JSON API keeps at least ${number(TARGET_RATIO * 100)} % of the bare baseline's throughput. This run: ${number(ratio * 100)} % — ${met ? 'met' : 'NOT met'}.**

Every request of every round answered 2xx: a single error, timeout or other status fails the run
and leaves this page unchanged.

Peak memory over each server's whole life (VmHWM), start-up included: the platform ${megabytes(info.lifetimePeakKb.platform)} MB
(its start migrates the database and seeds the demo network, hashing the demo accounts'
passwords), the bare baseline ${megabytes(info.lifetimePeakKb.bare)} MB.

## The scorecard at scale

The scorecard targets run on ${number(SCORECARD_ACTIVITIES)} activities of 2017 with ${number(SCORECARD_UPDATES_PER_ACTIVITY)} progress
updates each (${number(SCORECARD_ACTIVITIES * SCORECARD_UPDATES_PER_ACTIVITY)} updates, ${number(SCORECARD_ACTIVITIES * (SCORECARD_UPDATES_PER_ACTIVITY + 1))} revisions), besides the demo
scorecard, stored through the same import path as the demo data in ${number(info.fillSeconds, 1)} s
(\`bench/fill-scorecard.ts\`). \`GET /api/scorecard\` gives ${scorecardRatio} of the bare scorecard
route's throughput.

| Spreadsheet | Rows | File (KB) | Seconds | Peak RSS of the server (MB) |
|---|---:|---:|---:|---:|
| Export to .xlsx (\`GET /api/scorecard/export.xlsx\`) | ${number(sheet.rows)} | ${number(sheet.bytes / 1024)} | ${number(sheet.exportSeconds, 2)} | ${megabytes(sheet.exportPeakRssKb)} |
| Import of that file into a fresh platform (\`POST /api/scorecard/import\`) | ${number(sheet.created)} | ${number(sheet.bytes / 1024)} | ${number(sheet.importSeconds, 2)} | ${megabytes(sheet.importPeakRssKb)} |

The seconds are those of one request, from sending it to the whole answer. The import checks
every row before storing any, then stores all of them in one transaction with their revisions.

${documentSearchSection(info.search)}
${reportBuildSection(info.reportBuild, reportConditions(info.startedAt, info.loadAverage, info.fillSeconds))}
${keptSections()}${QUERY_BUDGET_SECTION}
## What is measured

- **bare (no platform)**: \`bench/bare-server.ts\`, a plain Fastify server with one route that
  answers \`GET /api/agencies\` from one prepared better-sqlite3 statement on the platform's
  database file, opened read-only. No authentication, no hooks, no logging. It has a response
  schema like the platform's route, so both serialise the same way, and the run checks that its
  body equals the platform's.
- **GET /api/agencies**: the platform's JSON list of the member agencies, signed in with the
  demo administrator's session cookie: session lookup, access rule, locale, security headers,
  query validation, the Kysely query, sorting and serialisation.
- **GET / (HTML)**: the home page, rendered on the server, with the same session cookie.
- **bare scorecard summaries (no platform)**: a route of the bare server answering the first
  page (50 activities, by title) of the 2017 scorecard as summaries, with its total, from two
  prepared statements: the activity rows with their lead agency, and the count. It measures the
  index that serves the scorecard's default order, not the platform.
- **bare scorecard page (no platform)**: the same first page as the platform answers it, each
  activity whole (lines of action, lead, participants and partners with their names on the
  activity's start, tags, indicators, deliverables), with its total: prepared statements on the
  same indexes as the platform's queries, the organisations, former names and agreed lines read
  for each request as the platform reads them, the response serialised from a schema. The run
  checks that its body equals the platform's. The scorecard targets are compared with it.
- **GET /api/scorecard**: the same first page through the platform.
- **GET /api/scorecard as of 30 June**: that page as it stood on 30 June 2017, read from the
  revisions in effect that day, in page order from their index, with the page's snapshots.
- **GET /scorecard (HTML)**: the scorecard page with its filter form, table and pagination.

The platform runs as in production, from the compiled \`dist\`
(\`node ${PLATFORM_NODE_FLAGS.join(' ')} bin/jhanet.js serve\`),
with \`JHANET_DEMO=true\`, \`NODE_ENV=development\` (so its cookies work over plain HTTP) and
\`LOG_LEVEL=warn\`, on SQLite in a fresh temporary \`DATA_DIR\`. Each server is its own child
process; autocannon runs in the benchmark's process; everything talks over 127.0.0.1.

Each target gets its warm-up (not counted), then the measured rounds, the targets taking turns
(bare, API, home, bare, …) so that a burst of other work on the machine weighs on all of them
alike.

- **Requests/s**: the mean over the rounds of autocannon's average of its per-second counts;
  **Rounds** gives each round's figure, as a measure of the noise.
- **vs bare**: requests/s as a share of the bare baseline's.
- **p50, p99**: latency percentiles over every measured response (from sending the request to
  its complete response, as autocannon times it, kept to fractions of a millisecond).
- **Peak RSS**: the highest resident memory of the server process, sampled every ${RSS_SAMPLE_MS} ms
  from /proc during that target's warm-up and rounds. The platform serves two targets, so each
  of its figures includes what the other left behind.
- **Body**: the size of one response body; **Requests**: how many were measured.

The client and the servers share the machine's CPUs: the figures compare the platform with the
baseline on the same machine; they are not a capacity estimate for a production deployment.

## Reproduce

\`\`\`sh
npm ci
npm run bench
\`\`\`

\`npm run bench\` builds \`dist\`, then runs \`bench/run.ts\` (about ${seconds} seconds with
the values above). \`BENCH_CONNECTIONS\`, \`BENCH_WARMUP\`, \`BENCH_DURATION\` (seconds) and
\`BENCH_ROUNDS\` change the load, \`BENCH_ACTIVITIES\` and \`BENCH_UPDATES_PER_ACTIVITY\` the size of
the scorecard; this page records the values used. \`BENCH_DOCUMENTS\` and
\`BENCH_SEARCH_ITERATIONS\` size the document search, which runs on SQLite and on the PostgreSQL
at \`BENCH_DATABASE_URL\` (default \`postgres://root@127.0.0.1:5432/test\`, where it creates and
drops a database); \`BENCH_SEARCH_DATA\` names a directory where the filled register (a SQLite
file, a PostgreSQL database and the key they were indexed with) is kept and reused by the next
run; \`npm run bench -- search\` measures only the search and puts its section in place on this
page; with \`--postgres\`, on PostgreSQL alone, in a section of its own named by the register's
size (\`BENCH_DOCUMENTS=1000000 npm run bench -- search --postgres\` for a million documents,
best with \`BENCH_SEARCH_DATA\`: such a fill takes the better part of an hour). \`npm run bench -- scorecard\` runs only the HTTP targets above (the scorecard
and home ones among them) on a freshly filled platform, and puts their table in place in its own
section, which a whole run keeps. Run it on an otherwise idle machine. The command exits 1 when a request fails, when a target does not answer 200, or when
the target above is not met.
`;
}

const SEARCH_DOCUMENTS = setting('BENCH_DOCUMENTS', 100_000);
const SEARCH_ITERATIONS = setting('BENCH_SEARCH_ITERATIONS', 30);

/** Search over the document register on SQLite, and on PostgreSQL when it can be reached. */
async function measureSearch(): Promise<SearchFigures[]> {
  const results = [await measureDocumentSearch('sqlite', SEARCH_DOCUMENTS, SEARCH_ITERATIONS)];
  try {
    results.push(await measureDocumentSearch('postgres', SEARCH_DOCUMENTS, SEARCH_ITERATIONS));
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(
      `PostgreSQL could not be measured: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return results;
}

/**
 * Written by hand, not measured by the bench: the page keeps it whatever a run rewrites. The
 * figures are counts, held by test/query-budget.test.ts.
 */
const QUERY_BUDGET_SECTION = `## Queries per request

Throughput figures drift with the machine; the number of queries a request makes does not.
\`test/query-budget.test.ts\` counts them (each test database tells a counter of every query,
through Kysely's log hook, tallied per piece of work with \`AsyncLocalStorage\`: see
\`test/support/query-count.ts\`) and holds each page to its JSON twin plus a stated allowance (the
header's unread notifications, the user's saved views, the years in the filters), and the home and
account pages to a fixed budget. It then adds twelve activities and twelve documents and checks
that no request makes one query more: a page that reads per row (an N+1) fails it by name, on both
databases.

Writing it found the scorecard page reading the year's vocabulary (organisations, former names,
the agreed lines twice) once for its filters and again inside the list: the page now passes what
it read to the list, 19 queries instead of 23.
`;

/** `npm run bench -- search`: only the search figures, put in place in the existing page. */
async function searchOnly(): Promise<void> {
  const onPostgresOnly = process.argv.includes('--postgres');
  // PostgreSQL alone is the larger register's run: its section stands beside the main one.
  const heading = onPostgresOnly
    ? `${SEARCH_HEADING}: ${SEARCH_DOCUMENTS.toLocaleString('en')} documents on PostgreSQL`
    : SEARCH_HEADING;
  const results = onPostgresOnly
    ? [await measureDocumentSearch('postgres', SEARCH_DOCUMENTS, SEARCH_ITERATIONS)]
    : await measureSearch();
  putSection(heading, documentSearchSection(results, heading));
  console.log(`Wrote the search figures into ${path.relative(ROOT, REPORT)}.`);
}

/**
 * Where the platform's processes and the fill keep their data: SQLite in `dataDir`, or the
 * PostgreSQL database `databaseUrl`, whose processes must share the file keys.
 */
function databaseEnv(dataDir: string, databaseUrl: string): NodeJS.ProcessEnv {
  // A DATABASE_URL or keys in the caller's shell must not win: the baseline reads this database.
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JHANET_FILE_KEYS: databaseUrl ? RUN_FILE_KEYS : '',
  };
}

/** The file keys of this run's PostgreSQL platform, shared by its processes. */
const RUN_FILE_KEYS = generateKeySpec('bench');

/** The platform from dist, on SQLite in `dataDir` or on the PostgreSQL database `databaseUrl`. */
async function startPlatform(name: string, dataDir: string, databaseUrl: string): Promise<Server> {
  const platform = startServer(
    name,
    [...PLATFORM_NODE_FLAGS, path.join(ROOT, 'bin', 'jhanet.js'), 'serve'],
    {
      ...databaseEnv(dataDir, databaseUrl),
      JHANET_DEMO: 'true',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
    await freePort(),
  );
  await waitUntilReady(platform, '/readyz');
  return platform;
}

/**
 * Starts the platform from dist on a fresh demo database (SQLite in `dataDir` unless a PostgreSQL
 * `databaseUrl` is given), signs in as the demo administrator and fills the bench's scorecard.
 */
async function startFilledPlatform(dataDir: string, databaseUrl = '') {
  console.log(
    `Starting the platform from dist (${databaseUrl ? 'on PostgreSQL' : `data in ${dataDir}`})…`,
  );
  const platform = await startPlatform('the platform', dataDir, databaseUrl);
  const { cookie, csrfToken } = await signIn(platform);
  console.log(
    `Filling the scorecard: ${number(SCORECARD_ACTIVITIES)} activities with ` +
      `${number(SCORECARD_UPDATES_PER_ACTIVITY)} progress updates each…`,
  );
  const fillStarted = Date.now();
  await runToEnd(
    [
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'fill-scorecard.ts'),
      String(SCORECARD_ACTIVITIES),
      String(SCORECARD_UPDATES_PER_ACTIVITY),
    ],
    databaseEnv(dataDir, databaseUrl),
  );
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  if (databaseUrl) await settle(databaseUrl);
  return { platform, cookie, csrfToken, fillSeconds };
}

const REPORT_ITERATIONS = setting('BENCH_REPORT_ITERATIONS', 3);
const REPORT_AS_OF = '2017-12-15';
const OLD_REPORT_HEADING = '## Report outputs at 5,000 rows';

function reportConditions(startedAt: Date, loadAverage: number[], fillSeconds: number) {
  return {
    date: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    activities: SCORECARD_ACTIVITIES,
    updatesPerActivity: SCORECARD_UPDATES_PER_ACTIVITY,
    fillSeconds,
    loadAverage,
  };
}

/** The end-of-year report built on the platform's big scorecard; prints its table. */
async function measureReport(
  platform: Server,
  session: { cookie: string; csrfToken: string },
): Promise<ReportBuildFigures> {
  const pid = platform.child.pid;
  assert.ok(pid, `${platform.name} has no pid`);
  const figures = await measureReportBuild(ROOT, { baseUrl: platform.baseUrl, pid }, session, {
    year: 2017,
    asOf: REPORT_AS_OF,
    iterations: REPORT_ITERATIONS,
  });
  console.log(`\n${reportBuildTable(figures)}\n`);
  return figures;
}

/** `npm run bench -- report`: only the report build, its section put in place in the page. */
async function reportOnly(): Promise<void> {
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-bench-'));
  try {
    const { platform, cookie, csrfToken, fillSeconds } = await startFilledPlatform(dataDir);
    const figures = await measureReport(platform, { cookie, csrfToken });
    const section = reportBuildSection(
      figures,
      reportConditions(startedAt, loadAverage, fillSeconds),
    );
    const page = fs.readFileSync(REPORT, 'utf8');
    const heading = [REPORT_BUILD_HEADING, OLD_REPORT_HEADING].find((h) => page.includes(h));
    const start = heading === undefined ? -1 : page.indexOf(heading);
    const end = start < 0 ? -1 : page.indexOf('\n## ', start + 3);
    const next =
      start < 0
        ? page.replace('## What is measured', `${section}\n## What is measured`)
        : `${page.slice(0, start)}${section}${end < 0 ? '' : `\n${page.slice(end + 1)}`}`;
    fs.writeFileSync(REPORT, next);
    console.log(`Wrote the report figures into ${path.relative(ROOT, REPORT)}.`);
  } finally {
    await stopServers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every target of the run, on the platform and on the bare baseline. */
function serverTargets(platforms: Server[], bare: Server, cookie: string): Target[] {
  return [
    {
      key: 'bare',
      label: 'bare (no platform)',
      servers: [bare],
      path: '/api/agencies',
      headers: {},
      contentType: 'application/json',
    },
    {
      key: 'api',
      label: 'GET /api/agencies',
      servers: platforms,
      path: '/api/agencies',
      headers: { cookie },
      contentType: 'application/json',
    },
    {
      key: 'home',
      label: 'GET / (HTML)',
      servers: platforms,
      path: '/',
      headers: { cookie },
      contentType: 'text/html',
    },
    {
      key: 'bareSummaries',
      label: 'bare scorecard summaries (no platform)',
      servers: [bare],
      path: '/api/scorecard/summaries?year=2017',
      headers: {},
      contentType: 'application/json',
    },
    {
      key: 'bareScorecard',
      label: 'bare scorecard page (no platform)',
      servers: [bare],
      path: '/api/scorecard?year=2017',
      headers: {},
      contentType: 'application/json',
    },
    {
      key: 'scorecardApi',
      label: 'GET /api/scorecard',
      servers: platforms,
      path: '/api/scorecard?year=2017',
      headers: { cookie },
      contentType: 'application/json',
    },
    {
      key: 'scorecardAsOf',
      label: 'GET /api/scorecard as of 30 June',
      servers: platforms,
      path: '/api/scorecard?year=2017&asOf=2017-06-30',
      headers: { cookie },
      contentType: 'application/json',
    },
    {
      key: 'scorecardPage',
      label: 'GET /scorecard (HTML)',
      servers: platforms,
      path: '/scorecard?year=2017',
      headers: { cookie },
      contentType: 'text/html',
    },
  ];
}

/**
 * Probes each target, checks the bare baseline answers what the platform does, then loads the
 * targets that answered: a warm-up each, then the rounds, the targets taking turns. The first two
 * targets are the bare list and the platform's.
 */
async function measureTargets(
  targets: Target[],
): Promise<{ measurements: Measurement[]; problems: string[] }> {
  const bodies = new Map<Target['key'], string>();
  const problems: string[] = [];
  for (const target of targets) {
    const result = await probe(target);
    if ('problem' in result) problems.push(result.problem);
    else bodies.set(target.key, result.body);
  }
  const bareBody = bodies.get('bare');
  const apiBody = bodies.get('api');
  if (bareBody === undefined || apiBody === undefined) throw new Error(problems.join('\n'));
  assert.deepEqual(
    JSON.parse(bareBody),
    JSON.parse(apiBody),
    'the bare baseline must answer exactly what GET /api/agencies answers',
  );
  const bareScorecardBody = bodies.get('bareScorecard');
  const scorecardBody = bodies.get('scorecardApi');
  if (bareScorecardBody !== undefined && scorecardBody !== undefined) {
    assert.deepEqual(
      JSON.parse(bareScorecardBody),
      JSON.parse(scorecardBody),
      'the bare scorecard page must answer exactly what GET /api/scorecard answers',
    );
  }

  const measurable = targets.filter((target) => bodies.has(target.key));
  console.log(
    `Loading each target with ${CONNECTIONS} connections: ${WARMUP_SECONDS} s warm-up, then ` +
      `${ROUNDS} rounds of ${DURATION_SECONDS} s, the targets taking turns.`,
  );
  const warmUpRss = new Map<Target['key'], number>();
  for (const target of measurable) {
    console.log(`  warm-up: ${target.label}`);
    const [, peakKb] = await withPeakRss(target.servers, () => load(target, WARMUP_SECONDS));
    warmUpRss.set(target.key, peakKb);
  }
  const rounds = new Map<Target['key'], Round[]>(measurable.map((t) => [t.key, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of measurable)
      rounds.get(target.key)?.push(await measureRound(target, round));
  }
  const measurements = measurable.map((target) =>
    summarise(
      target,
      Buffer.byteLength(bodies.get(target.key) ?? ''),
      rounds.get(target.key) ?? [],
      warmUpRss.get(target.key) ?? 0,
    ),
  );
  return { measurements, problems };
}

const SCORECARD_HEADING = '## The scorecard and the home page, measured alone';
/** A section of the page as it stands (its heading to the next), or '' when it has none. */
function sectionOf(page: string, heading: string): string {
  // The whole heading line: one heading may begin another's.
  const start = page.indexOf(`${heading}\n`);
  if (start < 0) return '';
  const end = page.indexOf('\n## ', start + heading.length);
  return end < 0 ? page.slice(start) : page.slice(start, end + 1);
}

/** Puts a section in place in the page, or before "What is measured" when it has none yet. */
function putSection(heading: string, section: string): void {
  const page = fs.readFileSync(REPORT, 'utf8');
  const old = sectionOf(page, heading);
  // A section runs to the blank line before the next heading.
  const whole = `${section.trimEnd()}\n\n`;
  const next = old
    ? page.replace(old, () => whole)
    : page.replace('## What is measured', () => `${whole}## What is measured`);
  fs.writeFileSync(REPORT, next);
}

/** The sections a whole run writes; it keeps every other one as it stands. */
const WRITTEN_SECTIONS = [
  '## Result',
  '## The scorecard at scale',
  SEARCH_HEADING,
  REPORT_BUILD_HEADING,
  OLD_REPORT_HEADING,
  '## Queries per request',
  '## What is measured',
  '## Reproduce',
];

/**
 * The sections a whole run keeps as they are: those a run of a subset wrote, and those written
 * by hand (what a change bought, where the time goes).
 */
function keptSections(): string {
  const page = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, 'utf8') : '';
  return [...page.matchAll(/^## .*$/gm)]
    .map((match) => match[0])
    .filter((heading) => !WRITTEN_SECTIONS.includes(heading))
    .map((heading) => sectionOf(page, heading))
    .filter((section) => section !== '')
    .map((section) => `${section.trimEnd()}\n\n`)
    .join('');
}

/**
 * `npm run bench -- scorecard`: the HTTP targets only (the bare baselines, the home page and the
 * scorecard on the filled platform), their table put in place in the page. No spreadsheet,
 * report or search.
 */
async function scorecardOnly(): Promise<void> {
  const onPostgres = process.argv.includes('--postgres');
  if (PROCESSES > 1 && !onPostgres) {
    throw new Error('BENCH_PROCESSES above 1 needs --postgres: several processes share PostgreSQL');
  }
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-bench-'));
  const database = onPostgres ? await freshBenchDatabase() : null;
  const databaseUrl = database?.url ?? '';
  try {
    const { platform, cookie, fillSeconds } = await startFilledPlatform(dataDir, databaseUrl);
    const platforms = [platform];
    for (let n = 2; n <= PROCESSES; n++) {
      console.log(`Starting platform process ${String(n)}…`);
      platforms.push(await startPlatform(`platform process ${String(n)}`, dataDir, databaseUrl));
    }
    const bare = await startBare(dataDir, databaseUrl);
    const { measurements, problems } = await measureTargets(serverTargets(platforms, bare, cookie));
    const [bareResult] = measurements;
    assert.ok(bareResult);
    const measured = table(measurements, bareResult);
    console.log(`\n${measured}\n`);
    if (problems.length > 0) {
      throw new Error(
        `Not every target could be measured; docs/benchmarks.md is unchanged.\n${problems.join('\n')}`,
      );
    }
    const heading = scorecardHeading(onPostgres, PROCESSES);
    const command = `npm run bench -- scorecard${onPostgres ? ' --postgres' : ''}`;
    putSection(
      heading,
      `${heading}

\`${PROCESSES > 1 ? `BENCH_PROCESSES=${String(PROCESSES)} ` : ''}${command}\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}, commit ${commit()}:
${number(SCORECARD_ACTIVITIES)} activities of 2017 with ${number(SCORECARD_UPDATES_PER_ACTIVITY)} progress updates each (filled in
${number(fillSeconds, 1)} s), ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} of ${DURATION_SECONDS} s per target;
load average ${loadAverage.map((l) => number(l, 2)).join(', ')} before the run on ${os.availableParallelism()} CPUs; the platform started with
\`${PLATFORM_NODE_FLAGS.join(' ')}\`. The scorecard targets are
compared with the bare scorecard route, the others with the bare list, both from this run.${
        PROCESSES > 1
          ? ` The platform runs as ${String(PROCESSES)} processes on one database, each target's connections shared among them; Peak RSS is that of the process that rose highest. The bare baseline is one process.`
          : ''
      }

${measured}
`,
    );
    console.log(`Wrote the scorecard figures into ${path.relative(ROOT, REPORT)}.`);
  } finally {
    await stopServers();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The section each configuration of `npm run bench -- scorecard` writes its figures in. */
function scorecardHeading(onPostgres: boolean, processes: number): string {
  if (!onPostgres) return SCORECARD_HEADING;
  return `${SCORECARD_HEADING} on PostgreSQL${processes > 1 ? `, ${String(processes)} processes` : ''}`;
}

/** The bare baseline on the platform's database (its SQLite file in `dataDir`), once it answers. */
async function startBare(dataDir: string, databaseUrl = ''): Promise<Server> {
  console.log('Starting the bare baseline…');
  const bare = startServer(
    'the bare baseline',
    [buildBareServer()],
    databaseUrl
      ? { BENCH_DATABASE_URL: databaseUrl }
      : { BENCH_DB_FILE: path.join(dataDir, 'jhanet.sqlite') },
    await freePort(),
  );
  await waitUntilReady(bare, '/api/agencies');
  return bare;
}

async function main(): Promise<void> {
  process.once('SIGINT', () => {
    void stopServers().then(() => process.exit(130));
  });
  if (process.argv.includes('search')) {
    await searchOnly();
    return;
  }
  if (process.argv.includes('report')) {
    await reportOnly();
    return;
  }
  if (process.argv.includes('scorecard')) {
    await scorecardOnly();
    return;
  }
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  if ((loadAverage[0] ?? 0) > os.availableParallelism() / 2) {
    console.warn(
      `Warning: the load average is ${number(loadAverage[0] ?? 0, 2)} on ` +
        `${os.availableParallelism()} CPUs; other work will skew the figures.`,
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-bench-'));
  try {
    const { platform, cookie, csrfToken, fillSeconds } = await startFilledPlatform(dataDir);

    const bare = await startBare(dataDir);
    const { measurements, problems } = await measureTargets(
      serverTargets([platform], bare, cookie),
    );
    const [bareResult, apiResult] = measurements;
    assert.ok(bareResult && apiResult);
    console.log(`\n${table(measurements, bareResult)}\n`);
    const lifetimePeakKb = {
      platform: platform.child.pid ? procStatusKb(platform.child.pid, 'VmHWM') : 0,
      bare: bare.child.pid ? procStatusKb(bare.child.pid, 'VmHWM') : 0,
    };
    const ratio = apiResult.requestsPerSecond / bareResult.requestsPerSecond;

    if (problems.length > 0) {
      throw new Error(
        `Not every target could be measured; docs/benchmarks.md is unchanged.\n${problems.join('\n')}`,
      );
    }
    const spreadsheet = await measureSpreadsheet(platform, { cookie, csrfToken });
    const reportBuild = await measureReport(platform, { cookie, csrfToken });
    await stopServers();
    console.log('Measuring document search…');
    const search = await measureSearch();
    fs.writeFileSync(
      REPORT,
      report(measurements, {
        startedAt,
        loadAverage,
        lifetimePeakKb,
        fillSeconds,
        spreadsheet,
        search,
        reportBuild,
      }),
    );
    console.log(`Wrote ${path.relative(ROOT, REPORT)}.`);
    if (ratio < TARGET_RATIO) {
      console.error(
        `TARGET NOT MET: GET /api/agencies gives ${number(ratio * 100)} % of the bare baseline's ` +
          `throughput; the target is ${number(TARGET_RATIO * 100)} %.`,
      );
      process.exitCode = 1;
    } else {
      console.log(
        `Target met: GET /api/agencies gives ${number(ratio * 100)} % of the bare baseline's ` +
          `throughput (target ${number(TARGET_RATIO * 100)} %).`,
      );
    }
  } finally {
    await stopServers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(
    `\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
