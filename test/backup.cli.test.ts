import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { after, before, describe, test } from './support/node-test.js';
import type { Database } from '../src/db/database.js';
import { freshDatabase, testDb } from './support/platform.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A platform the commands run against: its data directory and, on PostgreSQL, its database. */
interface Site {
  dataDir: string;
  databaseUrl: string;
  postgres: { database: Database; drop: () => Promise<void> } | null;
}

const ROOT = path.resolve(import.meta.dirname, '..');

describe('jhanet backup and jhanet restore on the command line', () => {
  let scratch: string;
  let source: Site;
  let target: Site;

  async function site(name: string): Promise<Site> {
    const dataDir = path.join(scratch, name);
    if (testDb === 'sqlite') return { dataDir, databaseUrl: '', postgres: null };
    const fresh = await freshDatabase();
    return { dataDir, databaseUrl: fresh.url ?? '', postgres: fresh };
  }

  /** Runs the real CLI in a child process, against the site's database and data directory. */
  function jhanet(at: Site, args: string[]): Promise<Run> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: at.dataDir,
      DATABASE_URL: at.databaseUrl,
    };
    delete env.JHANET_FILE_KEYS;
    delete env.JHANET_BACKUP_DIR;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./src/cli/main.ts').then((m) => m.main(process.argv.slice(1)))",
        '--',
        ...args,
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Whether the site's database still holds nothing at all (no file, or no table). */
  async function untouched(at: Site): Promise<boolean> {
    if (!at.postgres)
      return (await stat(path.join(at.dataDir, 'jhanet.sqlite')).catch(() => null)) === null;
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(
      at.postgres.database.db,
    );
    return rows[0]?.n === 0;
  }

  let backupFolder = '';
  let head = { seq: 0, hash: '' };

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'jhanet-backup-cli-'));
    source = await site('source');
    target = await site('target');
    const seeded = await jhanet(source, ['seed']);
    assert.equal(seeded.code, 0, seeded.stderr);
  });

  after(async () => {
    await source.postgres?.drop();
    await target.postgres?.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  test('backup needs a place to write to', async () => {
    const run = await jhanet(source, ['backup']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /give --out DIR, or set JHANET_BACKUP_DIR/);
  });

  test('backup writes a folder with the database, the anchors and a manifest of the head', async () => {
    assert.equal((await jhanet(source, ['audit', 'anchor'])).code, 0);
    const verified = await jhanet(source, ['audit', 'verify', '--head']);
    const [, seq = '', hash = ''] = /^(\d+) ([0-9a-f]{64})\n$/.exec(verified.stdout) ?? [];
    head = { seq: Number(seq), hash };

    const run = await jhanet(source, ['backup', '--out', path.join(scratch, 'backups')]);
    assert.equal(run.code, 0, run.stderr);
    const [, folder = ''] = /^Backup written to (.+)$/m.exec(run.stdout) ?? [];
    backupFolder = folder;
    assert.match(path.basename(folder), /^jhanet-\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z$/);
    assert.match(run.stdout, new RegExp(`audit log entry ${seq} head ${hash}`));
    assert.match(run.stdout, /needs file keys: k1/);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as {
      auditHead: { seq: number; hash: string };
      dialect: string;
    };
    assert.deepEqual(manifest.auditHead, head);
    assert.equal(manifest.dialect, testDb);
  });

  test('restore refuses a backup whose keys this platform lacks, and changes nothing', async () => {
    const run = await jhanet(target, ['restore', '--from', backupFolder]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^jhanet: nothing was restored: the backup needs file key "k1", which this platform does not hold/,
    );
    assert.ok(await untouched(target));
  });

  test('restore refuses a backup altered since, and changes nothing', async () => {
    // The key is there now; only the damage stands in the way.
    await cp(path.join(source.dataDir, 'file-keys'), path.join(target.dataDir, 'file-keys'));
    const damaged = path.join(scratch, 'damaged', path.basename(backupFolder));
    await cp(backupFolder, damaged, { recursive: true });
    const file = path.join(damaged, testDb === 'sqlite' ? 'database.sqlite' : 'database.dump');
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    const run = await jhanet(target, ['restore', '--from', damaged]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /does not match its checksum in the manifest/);
    assert.ok(await untouched(target));
  });

  test('restore puts the backup into the fresh platform and verifies its audit log', async () => {
    const run = await jhanet(target, ['restore', '--from', backupFolder]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `integrity checked, audit log verified to entry ${String(head.seq)}, head ${head.hash}`,
      ),
    );
    // The restore is the next entry of the chain, which verifies against the backup's anchors.
    const verified = await jhanet(target, ['audit', 'verify']);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(
      verified.stdout,
      new RegExp(
        `intact: ${String(head.seq + 1)} entries[\\s\\S]*latest of entry ${String(head.seq)}`,
      ),
    );
  });

  test('restore over data is refused unless forced, and then lists what it replaced', async () => {
    const refused = await jhanet(target, ['restore', '--from', backupFolder]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /database is not empty .*pass --force to replace it/);
    const forced = await jhanet(target, ['restore', '--from', backupFolder, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^Replaced the data this platform held:$/m);
    assert.match(forced.stdout, new RegExp(`^  audit_log: ${String(head.seq + 1)} rows$`, 'm'));
    if (testDb === 'sqlite')
      assert.match(forced.stdout, /The replaced database was moved to .*jhanet\.sqlite\.replaced-/);
  });
});
