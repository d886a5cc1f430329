// `npm run drill -- crash [--kills N]`, `npm run drill -- soak [--minutes N]` and
// `npm run drill -- failover`: the operations
// drills of docs/operations.md, on the built platform (`npm run drill` builds it first). Each
// prints its figures and exits 1 when an invariant broke.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run drill -- crash [--kills N] [--data-dir DIR]
       npm run drill -- soak [--minutes N] [--data-dir DIR]
       npm run drill -- failover [--data-dir DIR]`;

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    kills: { type: 'string' },
    minutes: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function positiveNumber(value, fallback, name) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return number;
}

// Ctrl-C (or SIGTERM) ends a drill early; it still checks, and prints how far it went.
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    console.log(`${signal}: stopping after the current step (again to quit at once)`);
  });

const log = (line) => console.log(`[${new Date().toISOString()}] ${line}`);
const [drill] = positionals;
if (values.help || !['crash', 'soak', 'failover'].includes(drill)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const dataDir = values['data-dir'] ?? (await mkdtemp(path.join(tmpdir(), `jhanet-${drill}-`)));
log(`data directory: ${dataDir}`);

if (drill === 'crash') {
  const { runCrashDrill, describeCrashFigures, crashDrillPassed } =
    await import('../dist/ops/drills/crash.js');
  const kills = Math.round(positiveNumber(values.kills, 1000, 'kills'));
  const figures = await runCrashDrill({
    kills,
    dataDir,
    log,
    stopRequested: () => stopRequested,
  });
  console.log(`\nCrash drill (SQLite)\n${describeCrashFigures(figures).join('\n')}`);
  const passed = crashDrillPassed(figures);
  if (!passed) console.log(`\nFAILED: the data directory is kept in ${dataDir}`);
  else if (figures.kills < figures.planned)
    console.log(
      `\nSTOPPED EARLY after ${figures.kills} of ${figures.planned} kills: no invariant broke`,
    );
  else console.log('\nPASSED');
  process.exit(passed ? 0 : 1);
} else if (drill === 'failover') {
  const { runFailoverDrill, describeFailoverFigures, failoverPassed } =
    await import('../dist/ops/drills/failover.js');
  // Synchronous replication must lose nothing; the asynchronous case shows what it loses.
  const results = [];
  for (const mode of ['sync', 'async']) {
    const modeDir = path.join(dataDir, mode);
    const figures = await runFailoverDrill({ mode, dataDir: modeDir, log });
    console.log(`\nFailover drill (PostgreSQL)\n${describeFailoverFigures(figures).join('\n')}`);
    results.push(figures);
    if (stopRequested) break;
  }
  const passed = failoverPassed(results[0]);
  console.log(
    passed
      ? '\nPASSED (synchronous: no acknowledged write lost, none hung, audit chain verified)'
      : '\nFAILED: an invariant of the synchronous case broke',
  );
  process.exit(passed ? 0 : 1);
} else {
  const { runSoak, describeSoakFigures, soakPassed } = await import('../dist/ops/drills/soak.js');
  const minutes = positiveNumber(values.minutes, 10, 'minutes');
  const figures = await runSoak({ minutes, dataDir, log, stopRequested: () => stopRequested });
  console.log(`\nSoak\n${describeSoakFigures(figures).join('\n')}`);
  const passed = soakPassed(figures);
  console.log(passed ? '\nPASSED' : '\nFAILED');
  process.exit(passed ? 0 : 1);
}
