// Runs the test tiers: unit, API on SQLite, API on PostgreSQL, browser. `npm test` runs every
// tier; `npm test -- sqlite` (or unit, postgres, browser) runs one. In CI (CI=true) a tier that
// cannot run fails the run; elsewhere it is skipped with a loud message.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function find(dir, predicate) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return find(full, predicate);
    return predicate(full) ? [full] : [];
  });
}

const unitFiles = find('src', (f) => f.endsWith('.unit.test.ts') || f.endsWith('.unit.test.tsx'));
// The whole-platform tests of test/ (child processes, the crash and failover drills' short
// forms, the command line) are the longest files: they start first, so that the many short
// feature files fill the other slot around them instead of leaving one to run alone at the end.
const apiFiles = [
  ...find('test', (f) => f.endsWith('.test.ts')).sort(
    (a, b) =>
      Number(/(crash|failover)\.test\.ts$/.test(b)) - Number(/(crash|failover)\.test\.ts$/.test(a)),
  ),
  ...find('src', (f) => /\.test\.tsx?$/.test(f) && !/\.unit\.test\.tsx?$/.test(f)),
];
const browserFiles = find('e2e', (f) => f.endsWith('.test.ts'));

async function postgresReachable() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Every test and hook has a deadline (test/support/node-test.ts reads it), so that a regression
// that hangs fails that test by name; a whole file has a longer one, for anything outside a test.
const TEST_TIMEOUT_MS = { unit: 30_000, api: 120_000, browser: 120_000 };
const FILE_TIMEOUT_MS = 20 * 60_000;

const tiers = {
  unit: {
    files: unitFiles,
    env: { JHANET_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS.unit) },
    available: async () => true,
  },
  sqlite: {
    files: apiFiles,
    env: { TEST_DB: 'sqlite', JHANET_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS.api) },
    available: async () => true,
  },
  postgres: {
    files: apiFiles,
    env: {
      TEST_DB: 'postgres',
      TEST_DATABASE_URL: POSTGRES_URL,
      JHANET_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS.api),
    },
    available: postgresReachable,
    missing: `PostgreSQL is not reachable at ${POSTGRES_URL}`,
  },
  browser: {
    files: browserFiles,
    env: { CHROMIUM_PATH: CHROMIUM, JHANET_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS.browser) },
    available: async () => existsSync(CHROMIUM),
    missing: `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`,
  },
};

function runTier(name, tier) {
  return new Promise((resolve) => {
    const args = [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      // Two files at a time in every tier, browser files included (each has its own server and
      // browser): the machine's two cores, kept busy while one file waits on the other.
      '--test-concurrency=2',
      `--test-timeout=${FILE_TIMEOUT_MS}`,
      ...tier.files,
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NODE_ENV: 'test', ...tier.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const count = (label) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(output)?.[1] ?? 0);
      resolve({
        name,
        code,
        passed: count('pass'),
        failed: count('fail'),
        skipped: count('skipped'),
      });
    });
  });
}

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(tiers);
const results = [];
let failed = false;
for (const name of names) {
  const tier = tiers[name];
  if (!tier) {
    console.error(`Unknown tier "${name}". Tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== tier ${name}: ${tier.files.length} files ===`);
  if (!(await tier.available())) {
    const message = `!!! tier ${name} cannot run: ${tier.missing}`;
    if (CI) {
      console.error(`${message}. In CI this fails the run.`);
      failed = true;
      results.push({ name, code: 1, passed: 0, failed: 1, skipped: 0 });
    } else {
      console.error(`\n${'!'.repeat(72)}\n${message}: SKIPPED.\n${'!'.repeat(72)}\n`);
    }
    continue;
  }
  if (tier.files.length === 0) {
    console.error(`tier ${name} has no test files`);
    failed = true;
    continue;
  }
  const result = await runTier(name, tier);
  results.push(result);
  if (result.code !== 0) failed = true;
}

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name.padEnd(9)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}
const total = results.reduce(
  (sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed }),
  {
    passed: 0,
    failed: 0,
  },
);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(failed ? 1 : 0);
