import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from './support/node-test.js';
import { testDb } from './support/platform.js';
import { runFailoverDrill } from '../src/ops/drills/failover.js';
import { postgresBinDir } from '../src/ops/drills/postgres-cluster.js';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const binaries = postgresBinDir();
/** A primary, a standby and a platform process start on a busy machine: a deadline of its own. */
const DRILL_TIMEOUT_MS = 10 * 60_000;

if (testDb === 'postgres' && binaries === null && !CI)
  console.warn(
    '\n*** SKIPPED: the failover drill needs PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql ***\n',
  );

// The drill runs its own primary and standby; it belongs to the PostgreSQL tier. In CI the
// programs must be there: without them the test fails rather than skips.
describe(
  'failover (PostgreSQL): the primary killed, the synchronous standby promoted',
  { skip: testDb !== 'postgres' || (binaries === null && !CI) },
  () => {
    let dataDir: string;
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'jhanet-failover-test-'));
    });
    after(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    test(
      'no acknowledged write is lost, none hangs, writes resume and the audit chain verifies',
      { timeout: DRILL_TIMEOUT_MS },
      async () => {
        assert.ok(binaries, 'PostgreSQL server programs under /usr/lib/postgresql');
        const figures = await runFailoverDrill({ mode: 'sync', dataDir, writers: 2, loadMs: 2000 });
        assert.deepEqual(figures.unexpected, []);
        assert.equal(figures.lost, 0);
        assert.equal(figures.hung, 0);
        assert.equal(figures.auditProblem, null);
        assert.ok(figures.acknowledgedBeforeKill > 0, 'writes were acknowledged before the kill');
        assert.ok(figures.acknowledged > figures.acknowledgedBeforeKill, 'writes succeeded after');
      },
    );
  },
);
