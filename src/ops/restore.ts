import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { auditAnchorFile, createServices } from '../app/services.js';
import { openPostgres, openSqlite, sqliteFileIn, type Database } from '../db/database.js';
import { knownMigrationNames, migrateToLatest } from '../db/migrate.js';
import { systemContext } from '../features/audit/audit.events.js';
import { BACKUP_FILES } from './backup.js';
import { tablesWithRows, platformTables, type TableCount } from './database-contents.js';
import { availableFileKeys, checkKeysAvailable } from './file-keys.js';
import { BackupRefused, readManifest, verifyChecksums, type Manifest } from './manifest.js';
import { pgRestore } from './postgres-tools.js';
import { sqliteIntegrityProblems } from './sqlite-copy.js';

export interface RestoreResult {
  manifest: Manifest;
  /** What the database held before, table by table; empty for a fresh platform. */
  replaced: TableCount[];
  /** Where the replaced SQLite database was moved, kept for the operator to remove. */
  setAside: string | null;
}

/** The checks a restored copy failed after it was put in place (PostgreSQL only). */
export class RestoreFailedChecks extends Error {}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Refuses, before anything changes, a backup this platform cannot take. */
async function checkBackup(config: Config, folder: string): Promise<Manifest> {
  const manifest = await readManifest(folder);
  await verifyChecksums(folder, manifest);
  const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.dialect !== dialect)
    throw new BackupRefused(
      `the backup is of a ${manifest.dialect} database and this platform runs on ${dialect}`,
    );
  if (!knownMigrationNames().includes(manifest.schemaVersion))
    throw new BackupRefused(
      `the backup's schema (${manifest.schemaVersion}) is not one this version of jhanet knows: restore it with the version that made it, or a later one`,
    );
  checkKeysAvailable(manifest.fileKeys, availableFileKeys(config));
  return manifest;
}

/** What a restore would replace, refused without `force` when there is anything. */
async function checkTarget(database: Database | null, force: boolean): Promise<TableCount[]> {
  const replaced = database ? await tablesWithRows(database) : [];
  if (replaced.length > 0 && !force) {
    const rows = replaced.reduce((sum, table) => sum + table.rows, 0);
    throw new BackupRefused(
      `this platform's database is not empty (${String(rows)} rows in ${String(replaced.length)} tables): restore into a fresh platform, or pass --force to replace it`,
    );
  }
  return replaced;
}

/**
 * Verifies the restored audit chain against the anchors and requires its head to be the
 * manifest's. A platform without anchors of its own takes the backup's, which it checks them
 * against; they are removed again when the check fails. Returns a function that undoes that.
 */
async function verifyAuditChain(
  config: Config,
  database: Database,
  folder: string,
  manifest: Manifest,
): Promise<{ problem: string | null; undo: () => Promise<void> }> {
  const anchors = auditAnchorFile(config);
  const backupAnchors = path.join(folder, BACKUP_FILES.anchors);
  const installAnchors = !(await exists(anchors)) && (await exists(backupAnchors));
  if (installAnchors) {
    await mkdir(path.dirname(anchors), { recursive: true });
    await copyFile(backupAnchors, anchors);
  }
  const undo = async () => {
    if (installAnchors) await rm(anchors, { force: true });
  };
  const result = await createServices(config, database).audit.verify();
  const { seq, hash } = manifest.auditHead;
  const problem = !result.ok
    ? `the audit log does not verify: ${result.broken.seq === null ? '' : `entry ${String(result.broken.seq)}: `}${result.broken.reason}`
    : result.entries !== seq || result.headHash !== hash
      ? `the audit log's head is entry ${String(result.entries)} (${result.headHash}), not the manifest's entry ${String(seq)} (${hash})`
      : null;
  return { problem, undo };
}

/** Moves a SQLite database and its write-ahead log files to `destination`. */
async function moveSqlite(file: string, destination: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm'])
    if (await exists(`${file}${suffix}`))
      await rename(`${file}${suffix}`, `${destination}${suffix}`);
}

async function restoreSqlite(
  config: Config,
  folder: string,
  manifest: Manifest,
  force: boolean,
): Promise<RestoreResult> {
  const target = sqliteFileIn(config.dataDir);
  const current = (await exists(target)) ? openSqlite(target) : null;
  let replaced: TableCount[];
  try {
    replaced = await checkTarget(current, force);
  } finally {
    await current?.close();
  }
  // The copy is checked beside the database and put in place only when it passed every check.
  const staging = `${target}.restoring`;
  await mkdir(path.dirname(target), { recursive: true });
  await rm(staging, { force: true });
  await copyFile(path.join(folder, BACKUP_FILES.sqlite), staging);
  try {
    const problems = sqliteIntegrityProblems(staging);
    if (problems.length > 0)
      throw new BackupRefused(`PRAGMA integrity_check failed: ${problems.join('; ')}`);
    const copy = openSqlite(staging);
    try {
      const { problem, undo } = await verifyAuditChain(config, copy, folder, manifest);
      if (problem) {
        await undo();
        throw new BackupRefused(problem);
      }
    } finally {
      await copy.close();
    }
    let setAside: string | null = null;
    if (await exists(target)) {
      setAside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '')}`;
      await moveSqlite(target, setAside);
    }
    await rename(staging, target);
    return { manifest, replaced, setAside };
  } finally {
    await rm(staging, { force: true });
  }
}

async function restorePostgres(
  config: Config,
  url: string,
  folder: string,
  manifest: Manifest,
  force: boolean,
): Promise<RestoreResult> {
  const database = openPostgres(url, 2);
  try {
    const replaced = await checkTarget(database, force);
    await pgRestore(url, path.join(folder, BACKUP_FILES.postgres), await platformTables(database));
    const { problem } = await verifyAuditChain(config, database, folder, manifest);
    if (problem)
      throw new RestoreFailedChecks(
        `the backup was restored but fails its checks, ${problem}: do not start the platform on it`,
      );
    return { manifest, replaced, setAside: null };
  } finally {
    await database.close();
  }
}

/**
 * Restores the backup in `folder` into this platform's database. Refuses, changing nothing, a
 * backup whose files do not match their checksums, of the other database, of a schema this
 * build does not know, or whose file keys this platform lacks, and a database that holds data
 * unless `force`. Checks the copy (`PRAGMA integrity_check` on SQLite; the audit chain verifies
 * to the manifest's head), brings its schema up to date and records `backup.restore`.
 */
export async function restoreBackup(
  config: Config,
  folder: string,
  options: { force: boolean },
): Promise<RestoreResult> {
  const manifest = await checkBackup(config, folder);
  const result = config.databaseUrl
    ? await restorePostgres(config, config.databaseUrl, folder, manifest, options.force)
    : await restoreSqlite(config, folder, manifest, options.force);
  const database = config.databaseUrl
    ? openPostgres(config.databaseUrl, 2)
    : openSqlite(sqliteFileIn(config.dataDir));
  try {
    await migrateToLatest(database.db);
    await createServices(config, database).audit.recordAlone(systemContext, {
      action: 'backup.restore',
      targetType: 'backup',
      targetId: path.basename(path.resolve(folder)),
      changes: {
        createdAt: manifest.createdAt,
        schemaVersion: manifest.schemaVersion,
        auditHead: manifest.auditHead,
        replacedRows: result.replaced.reduce((sum, table) => sum + table.rows, 0),
      },
    });
  } finally {
    await database.close();
  }
  return result;
}
