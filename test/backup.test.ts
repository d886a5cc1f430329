import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { after, before, describe, test } from './support/node-test.js';
import {
  freshDatabase,
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from './support/platform.js';
import { loadConfig, type Config } from '../src/config.js';
import { createServices } from '../src/app/services.js';
import { openSqlite, type Database } from '../src/db/database.js';
import { generateKeySpec } from '../src/features/documents/file-crypto.js';
import { takeBackup, type BackupResult } from '../src/ops/backup.js';
import { restoreBackup } from '../src/ops/restore.js';
import { BackupRefused } from '../src/ops/manifest.js';
import { startScheduledBackups } from '../src/ops/scheduled-backups.js';

/** A database to restore into: a new SQLite file in its own data directory, or a new PostgreSQL database. */
interface Target {
  config: Config;
  /** Opens the restored database (for SQLite, once the restore has put the file in place). */
  open: () => Database;
  dispose: () => Promise<void>;
}

const DEFAULTS = loadConfig({ NODE_ENV: 'test' });

/**
 * Every table of the database, read from its catalog (SQLite's sqlite_master, including the
 * search index's virtual and shadow tables; PostgreSQL's information_schema), never from a list.
 */
async function catalogTables(database: Database): Promise<string[]> {
  const { rows } =
    testDb === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
          database.db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
          database.db,
        );
  return rows.map((row) => row.name);
}

/** A value as text that compares equal across reads: bytes as hex, dates as ISO strings. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`;
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer')
      return `bytes:${Buffer.from((v as { data: number[] }).data).toString('hex')}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    return v;
  });
}

/** Every row of a table, each as canonical text, sorted: two tables are equal when these are. */
async function tableRows(database: Database, table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.id(table)}`.execute(
    database.db,
  );
  return rows.map(canonical).sort();
}

describe('jhanet backup and restore', () => {
  const fileKeys = generateKeySpec('bk1');
  const documentsConfig = { ...DEFAULTS.documents, fileKeys };
  const cleanups: (() => Promise<void>)[] = [];
  let source: TestPlatform;
  let contact: Session;
  let backupsDir: string;
  /** What the test uploaded, by document id: what every restore must give back, byte for byte. */
  const uploaded = new Map<string, Buffer>();

  async function tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** A fresh platform's database and data directory, holding `keys`, to restore into. */
  async function freshTarget(keys: string | null = fileKeys): Promise<Target> {
    // A data directory not made yet, as on a new machine.
    const dataDir = path.join(await tempDir('jhanet-restore-'), 'data');
    const documents = { ...DEFAULTS.documents, fileKeys: keys };
    if (testDb === 'sqlite') {
      const opened: Database[] = [];
      return {
        config: { ...DEFAULTS, dataDir, databaseUrl: undefined, documents },
        open: () => {
          const database = openSqlite(path.join(dataDir, 'jhanet.sqlite'));
          opened.push(database);
          return database;
        },
        dispose: async () => {
          for (const database of opened) await database.close();
        },
      };
    }
    const fresh = await freshDatabase();
    return {
      config: { ...DEFAULTS, dataDir, databaseUrl: fresh.url, documents },
      open: () => fresh.database,
      dispose: fresh.drop,
    };
  }

  async function registerWithFile(title: string): Promise<string> {
    const registered = await source.request({
      method: 'POST',
      url: '/api/documents',
      as: contact,
      body: {
        title,
        documentType: 'analysis',
        language: 'en',
        marking: { classification: 'none', releasability: 'network' },
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const id = registered.json<{ document: { id: string } }>().document.id;
    const content = Buffer.from(
      `${title}\n${randomBytes(1024 + Math.floor(Math.random() * 2048)).toString('base64')}\n`,
    );
    const upload = await source.app.inject({
      method: 'POST',
      url: `/api/documents/${id}/versions?filename=${encodeURIComponent(`${title}.txt`)}`,
      headers: {
        cookie: `jhanet_session=${contact.cookie}`,
        'x-csrf-token': contact.csrfToken,
        'content-type': 'application/octet-stream',
      },
      payload: content,
    });
    assert.equal(upload.statusCode, 201, upload.body);
    uploaded.set(id, content);
    return id;
  }

  /** The content of every stored file of the database, opened with the platform's keys. */
  async function storedFiles(config: Config, database: Database): Promise<Map<string, Buffer>> {
    const services = createServices(config, database);
    const files = await database.db
      .selectFrom('document_files')
      .select(['id as fileId', 'document_id as documentId'])
      .execute();
    const contents = new Map<string, Buffer>();
    for (const file of files)
      contents.set(
        `${file.documentId} ${file.fileId}`,
        await services.documentFiles.get(database.db, file.fileId),
      );
    return contents;
  }

  before(async () => {
    const dataDir = await tempDir('jhanet-source-');
    backupsDir = await tempDir('jhanet-backups-');
    if (testDb === 'sqlite') {
      source = await testPlatform(
        { dataDir, documents: documentsConfig },
        (() => {
          const database = openSqlite(path.join(dataDir, 'jhanet.sqlite'));
          return { database, drop: () => database.close() };
        })(),
      );
    } else {
      const store = await freshDatabase();
      source = await testPlatform(
        { dataDir, databaseUrl: store.url, documents: documentsConfig },
        store,
      );
    }
    contact = await source.session('contact');
    for (let n = 0; n < 4; n += 1) await registerWithFile(`Before ${String(n)}`);
    const anchored = await source.services.audit.anchor();
    assert.ok(anchored.anchored);
  });

  after(async () => {
    await source.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  let underLoad: BackupResult;

  test('a backup taken while documents are being registered restores whole into a fresh platform', async () => {
    const acknowledged: { id: string; at: number }[] = [];
    let loadError: unknown = null;
    const loadState = { stopped: false };
    const load = (async () => {
      for (let n = 0; !loadState.stopped; n += 1) {
        const id = await registerWithFile(`Load ${String(n)}`);
        acknowledged.push({ id, at: Date.now() });
      }
    })().catch((error: unknown) => {
      loadError = error;
    });
    while (acknowledged.length < 3 && loadError === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const startedAt = Date.now();
    underLoad = await takeBackup(source.services, backupsDir);
    const endedAt = Date.now();
    while (!acknowledged.some((write) => write.at > endedAt) && loadError === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    loadState.stopped = true;
    await load;
    assert.equal(loadError, null, 'every write of the load succeeded while the backup ran');

    const { manifest, folder } = underLoad;
    assert.equal(manifest.dialect, testDb);
    assert.deepEqual(
      manifest.files.map((file) => file.path).sort(),
      [testDb === 'sqlite' ? 'database.sqlite' : 'database.dump', 'audit-anchors.jsonl'].sort(),
    );
    assert.deepEqual(
      manifest.fileKeys.map((key) => key.id),
      ['bk1'],
    );
    assert.match(manifest.fileKeys[0]?.fingerprint ?? '', /^[0-9a-f]{32}$/);
    const manifestText = await readFile(path.join(folder, 'manifest.json'), 'utf8');
    assert.ok(!manifestText.includes(fileKeys.slice(4)), 'the manifest never holds a key');
    const [createdEntry] = await source.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'backup.create')
      .execute();
    assert.ok(createdEntry);
    assert.equal(createdEntry.target_type, 'backup');
    assert.equal(createdEntry.target_id, path.basename(folder));
    assert.ok(createdEntry.seq > manifest.auditHead.seq);

    const target = await freshTarget();
    cleanups.push(target.dispose);
    const restored = await restoreBackup(target.config, folder, { force: false });
    assert.deepEqual(restored.replaced, []);
    const database = target.open();

    // The audit log is the source's, entry for entry, up to the manifest's head; then the restore.
    const sourceAudit = await source.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '<=', manifest.auditHead.seq)
      .orderBy('seq')
      .execute();
    const restoredAudit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq')
      .execute();
    assert.deepEqual(restoredAudit.slice(0, -1).map(canonical), sourceAudit.map(canonical));
    assert.equal(sourceAudit.at(-1)?.hash, manifest.auditHead.hash);
    const restoreEntry = restoredAudit.at(-1);
    assert.equal(restoreEntry?.action, 'backup.restore');
    assert.equal(restoreEntry.target_type, 'backup');
    assert.equal(restoreEntry.target_id, path.basename(folder));

    // Every write acknowledged before the backup began is there, with its file, byte for byte;
    // and every document there is whole: its registration audited, its file readable.
    const files = await storedFiles(target.config, database);
    const restoredDocuments = new Set([...files.keys()].map((key) => key.split(' ')[0]));
    for (const write of acknowledged.filter((w) => w.at < startedAt))
      assert.ok(
        restoredDocuments.has(write.id),
        `document ${write.id} was acknowledged before the backup`,
      );
    for (const [key, content] of files) {
      const documentId = key.split(' ')[0] ?? '';
      assert.ok(uploaded.get(documentId)?.equals(content), `the file of ${documentId} is whole`);
    }
    const documents = await database.db.selectFrom('documents').select('id').execute();
    const registrations = new Set(
      restoredAudit
        .filter((entry) => entry.action === 'document.register')
        .map((entry) => entry.target_id),
    );
    for (const document of documents) assert.ok(registrations.has(document.id));
    assert.ok(documents.length < uploaded.size, 'writes after the backup are not in it');
  });

  test('restored from a backup of a quiet platform, every table equals the source row by row', async () => {
    const { folder, manifest } = await takeBackup(source.services, backupsDir);
    const target = await freshTarget();
    cleanups.push(target.dispose);
    await restoreBackup(target.config, folder, { force: false });
    const database = target.open();
    const sourceDatabase = source.services.database;

    const tables = await catalogTables(sourceDatabase);
    assert.ok(tables.includes('documents') && tables.includes('document_file_contents'));
    assert.deepEqual(await catalogTables(database), tables);
    for (const table of tables) {
      if (table === 'audit_log') continue;
      assert.deepEqual(
        await tableRows(database, table),
        await tableRows(sourceDatabase, table),
        `table ${table}`,
      );
    }
    // The audit log differs only by what each side recorded after the copy: the backup there,
    // the restore here.
    const head = manifest.auditHead.seq;
    const beyond = async (db: Database) =>
      db.db
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('seq', '>', head)
        .execute();
    assert.deepEqual(await beyond(sourceDatabase), [
      { action: 'backup.create', target_id: path.basename(folder) },
    ]);
    assert.deepEqual(await beyond(database), [
      { action: 'backup.restore', target_id: path.basename(folder) },
    ]);
    const upTo = async (db: Database) =>
      (
        await db.db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '<=', head)
          .orderBy('seq')
          .execute()
      ).map(canonical);
    assert.deepEqual(await upTo(database), await upTo(sourceDatabase));

    const restoredFiles = await storedFiles(target.config, database);
    const sourceFiles = await storedFiles(source.config, sourceDatabase);
    assert.equal(restoredFiles.size, sourceFiles.size);
    assert.equal(restoredFiles.size, uploaded.size);
    for (const [key, content] of sourceFiles)
      assert.ok(restoredFiles.get(key)?.equals(content), key);
  });

  async function assertUntouched(target: Target): Promise<void> {
    if (testDb === 'sqlite') {
      assert.equal(
        await stat(path.join(target.config.dataDir, 'jhanet.sqlite')).catch(() => null),
        null,
      );
      assert.equal(
        await stat(path.join(target.config.dataDir, 'audit-anchors.jsonl')).catch(() => null),
        null,
      );
    } else {
      assert.deepEqual(await catalogTables(target.open()), []);
    }
  }

  test('a backup whose file no longer matches its checksum is refused, and nothing changes', async () => {
    const damaged = path.join(await tempDir('jhanet-damaged-'), path.basename(underLoad.folder));
    await cp(underLoad.folder, damaged, { recursive: true });
    const anchors = path.join(damaged, 'audit-anchors.jsonl');
    await writeFile(anchors, `${await readFile(anchors, 'utf8')}\n`);
    const target = await freshTarget();
    cleanups.push(target.dispose);
    await assert.rejects(
      restoreBackup(target.config, damaged, { force: false }),
      (error: Error) => {
        assert.ok(error instanceof BackupRefused);
        assert.match(error.message, /audit-anchors\.jsonl does not match its checksum/);
        return true;
      },
    );
    await assertUntouched(target);
  });

  test('a backup whose file keys this platform lacks is refused, and nothing changes', async () => {
    const withoutKey = await freshTarget(generateKeySpec('other'));
    cleanups.push(withoutKey.dispose);
    await assert.rejects(
      restoreBackup(withoutKey.config, underLoad.folder, { force: false }),
      (error: Error) => {
        assert.ok(error instanceof BackupRefused);
        assert.match(error.message, /needs file key "bk1", which this platform does not hold/);
        return true;
      },
    );
    await assertUntouched(withoutKey);

    // The same id for another key is no better.
    const otherKey = await freshTarget(generateKeySpec('bk1'));
    cleanups.push(otherKey.dispose);
    await assert.rejects(
      restoreBackup(otherKey.config, underLoad.folder, { force: false }),
      /file key "bk1" is not the key the backup needs/,
    );
    await assertUntouched(otherKey);
  });

  test('a restore over a database that holds data is refused, unless forced; then it says what it replaced', async () => {
    const target = await freshTarget();
    cleanups.push(target.dispose);
    await restoreBackup(target.config, underLoad.folder, { force: false });
    await assert.rejects(
      restoreBackup(target.config, underLoad.folder, { force: false }),
      /this platform's database is not empty \(\d+ rows in \d+ tables\): restore into a fresh platform, or pass --force/,
    );
    const forced = await restoreBackup(target.config, underLoad.folder, { force: true });
    const auditRows = forced.replaced.find((table) => table.table === 'audit_log')?.rows;
    assert.equal(auditRows, underLoad.manifest.auditHead.seq + 1, 'the log and its first restore');
    assert.ok(forced.replaced.some((table) => table.table === 'documents'));
    if (testDb === 'sqlite') assert.match(forced.setAside ?? '', /jhanet\.sqlite\.replaced-/);
    const restoredAudit = await target
      .open()
      .db.selectFrom('audit_log')
      .select(['seq', 'action'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(restoredAudit, {
      seq: underLoad.manifest.auditHead.seq + 1,
      action: 'backup.restore',
    });
  });

  test("the serving process takes the day's backup once its hour has come, and prunes the old ones", async () => {
    const dir = await tempDir('jhanet-scheduled-');
    const old = 'jhanet-2020-01-06T020000.000Z';
    await mkdir(path.join(dir, old));
    await writeFile(path.join(dir, old, 'manifest.json'), '{}');
    const services = {
      ...source.services,
      config: { ...source.config, backup: { dir, hour: 0, keepDaily: 1, keepWeekly: 0 } },
    };
    const job = startScheduledBackups({ services, app: source.app });
    assert.ok(job);
    // Stopping waits for the run that starting began.
    await job.stop();
    const [taken, ...others] = await readdir(dir);
    assert.deepEqual(others, []);
    assert.match(taken ?? '', new RegExp(`^jhanet-${new Date().toISOString().slice(0, 10)}T`));
    const entry = await source.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(entry, { action: 'backup.create', target_type: 'backup', target_id: taken });

    // Taken today: the next look finds nothing due.
    const again = startScheduledBackups({ services, app: source.app });
    await again?.stop();
    assert.deepEqual(await readdir(dir), [taken]);
  });
});
