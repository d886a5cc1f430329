import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { after, before, describe, test } from './support/node-test.js';
import { testDb } from './support/platform.js';
import { openSqlite, sqliteFileIn } from '../src/db/database.js';
import { checkAfterCrash, type Acknowledged } from '../src/ops/drills/crash-checks.js';
import { runCrashDrill, type CrashFigures } from '../src/ops/drills/crash.js';

/**
 * Fifty restarts of a real server process take a few minutes on two idle cores, many more on a
 * busy machine: the drill has a deadline of its own, not the tier's.
 */
const DRILL_TIMEOUT_MS = 40 * 60_000;
/** Fifty unless JHANET_CRASH_TEST_KILLS says otherwise (fewer, to try the file on a slow machine). */
const KILLS = Number(process.env.JHANET_CRASH_TEST_KILLS ?? 50);

// The drill kills a process that holds a SQLite file; PostgreSQL's durability is its own (see
// the failover drill), so under TEST_DB=postgres this file has nothing to run.
describe(
  'crash safety (SQLite): the platform killed at random moments',
  { skip: testDb !== 'sqlite' },
  () => {
    let dataDir: string;
    let figures: CrashFigures;
    /** The writes acknowledged in the drill, for the checks of damaged copies. */
    let acknowledged: Acknowledged[];
    const copies: string[] = [];

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'jhanet-crash-test-'));
    });
    after(async () => {
      for (const dir of [dataDir, ...copies]) await rm(dir, { recursive: true, force: true });
    });

    test(
      `${String(KILLS)} kills under a write load lose no acknowledged write and leave nothing half-written`,
      { timeout: DRILL_TIMEOUT_MS },
      async () => {
        figures = await runCrashDrill({ kills: KILLS, dataDir });
        acknowledged = [...figures.acknowledgedWrites];
        assert.deepEqual(figures.problems, []);
        assert.deepEqual(figures.unexpected, []);
        assert.equal(figures.kills, KILLS);
        assert.equal(figures.lost, 0);
        assert.equal(figures.halfWritten, 0);
        assert.equal(figures.leftBehind, 0);
        // The load did write: each kind of write was acknowledged, and some were cut off.
        assert.ok(figures.acknowledged.progress > 0, 'progress updates acknowledged');
        assert.ok(figures.acknowledged.documents > 0, 'registrations acknowledged');
        assert.ok(figures.acknowledged.files > 0, 'files acknowledged');
        assert.ok(figures.unanswered > 0, 'requests cut off by kills');
        assert.ok(figures.auditEntries > figures.acknowledged.progress, 'the audit log verified');
      },
    );

    /** A copy of the drill's data directory, damaged by `damage`, as the checks find it. */
    async function damaged(
      damage: (db: ReturnType<typeof openSqlite>['db']) => Promise<void>,
      claimed: Acknowledged[] = acknowledged,
    ) {
      const copy = await mkdtemp(path.join(tmpdir(), 'jhanet-crash-copy-'));
      copies.push(copy);
      await cp(dataDir, copy, { recursive: true });
      const database = openSqlite(sqliteFileIn(copy));
      try {
        await damage(database.db);
      } finally {
        await database.close();
      }
      return checkAfterCrash(copy, claimed);
    }

    async function drillFile(db: ReturnType<typeof openSqlite>['db']) {
      return db
        .selectFrom('document_files')
        .innerJoin('documents', 'documents.id', 'document_files.document_id')
        .select(['document_files.id', 'document_files.document_id', 'document_files.number'])
        .where('documents.originator_reference', 'like', 'drill-form-%')
        .orderBy('document_files.id')
        .executeTakeFirstOrThrow();
    }

    test('the checks find a lost write, a file without content, content that does not open, and a rewritten audit entry', async () => {
      const intact = await checkAfterCrash(dataDir, acknowledged);
      assert.deepEqual(intact.problems, []);

      const ghost = randomUUID();
      const lost = await damaged(
        async () => undefined,
        [...acknowledged, { kind: 'document', documentId: ghost }],
      );
      assert.equal(lost.lost, 1);
      assert.deepEqual(lost.problems, [`lost: the acknowledged registration of document ${ghost}`]);

      let name = '';
      const noContent = await damaged(async (db) => {
        const file = await drillFile(db);
        name = `file ${String(file.number)} of document ${file.document_id}`;
        await db.deleteFrom('document_file_contents').where('file_id', '=', file.id).execute();
      });
      assert.equal(noContent.halfWritten, 1);
      assert.deepEqual(noContent.problems, [`half-written: ${name} has no stored content`]);

      const unreadable = await damaged(async (db) => {
        const file = await drillFile(db);
        name = `file ${String(file.number)} of document ${file.document_id}`;
        await sql`update document_file_contents set ciphertext = zeroblob(length(ciphertext)) where file_id = ${file.id}`.execute(
          db,
        );
      });
      assert.equal(unreadable.halfWritten, 1);
      assert.match(
        unreadable.problems[0] ?? '',
        new RegExp(`^half-written: ${name} does not decrypt`),
      );

      const rewritten = await damaged(async (db) => {
        await sql`update audit_log set changes = '{}' where seq = (select max(seq) from audit_log where action = 'document.register')`.execute(
          db,
        );
      });
      assert.equal(rewritten.problems.length, 1);
      assert.match(rewritten.problems[0] ?? '', /^audit verify: entry \d+: /);
    });
  },
);
