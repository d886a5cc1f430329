import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { auditAnchorFile, type Services } from '../app/services.js';
import { sqliteFileIn } from '../db/database.js';
import { systemContext } from '../features/audit/audit.events.js';
import { backupFolderName } from './backup-names.js';
import { availableFileKeys } from './file-keys.js';
import {
  describeFile,
  writeManifest,
  sha256OfFile,
  MANIFEST_FILE,
  type Manifest,
} from './manifest.js';
import { pgDump } from './postgres-tools.js';
import { readSnapshotFacts, type SnapshotFacts } from './snapshot-facts.js';
import { copySqlite } from './sqlite-copy.js';

/** The names of a backup's files in its folder. */
export const BACKUP_FILES = {
  sqlite: 'database.sqlite',
  postgres: 'database.dump',
  anchors: 'audit-anchors.jsonl',
} as const;

export interface BackupResult {
  folder: string;
  manifest: Manifest;
}

type BackupServices = Pick<Services, 'config' | 'database' | 'audit' | 'documentFiles'>;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Copies the database into `folder` as one consistent moment, and says what the copy holds. */
async function copyDatabase(services: BackupServices, folder: string): Promise<SnapshotFacts> {
  const { config, database, documentFiles } = services;
  const ring = availableFileKeys(config);
  const read = (executor: Parameters<typeof readSnapshotFacts>[0]) =>
    readSnapshotFacts(executor, ring, documentFiles.currentKeyId);
  if (database.dialect.name === 'sqlite')
    return copySqlite(sqliteFileIn(config.dataDir), path.join(folder, BACKUP_FILES.sqlite), read);
  const url = config.databaseUrl;
  if (!url) throw new Error('a PostgreSQL platform without DATABASE_URL cannot be dumped');
  // pg_dump reads the snapshot this transaction exported, so the dump and the facts are of one
  // moment, however many writes commit meanwhile; the transaction stays open until it is done.
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { rows } = await sql<{
        snapshot: string;
      }>`select pg_export_snapshot() as snapshot`.execute(trx);
      const snapshot = rows[0]?.snapshot;
      if (!snapshot) throw new Error('PostgreSQL exported no snapshot');
      const facts = await read(trx);
      await pgDump(url, snapshot, path.join(folder, BACKUP_FILES.postgres));
      return facts;
    });
}

/**
 * Writes a backup of the running platform into a new folder under `parentDir`: the database
 * (SQLite's online backup, or pg_dump of one snapshot), the audit log's anchors, and a manifest
 * with the checksum of each. The folder appears under its final name only once complete.
 * Audited as `backup.create`.
 */
export async function takeBackup(
  services: BackupServices,
  parentDir: string,
  now = new Date(),
): Promise<BackupResult> {
  const name = backupFolderName(now);
  const folder = path.join(parentDir, name);
  const partial = path.join(parentDir, `.${name}.partial`);
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    // The anchors are copied before the database: every head they hold is then in the copy.
    const anchors = auditAnchorFile(services.config);
    const withAnchors = await exists(anchors);
    if (withAnchors) await copyFile(anchors, path.join(partial, BACKUP_FILES.anchors));
    const facts = await copyDatabase(services, partial);
    const databaseFile =
      services.database.dialect.name === 'sqlite' ? BACKUP_FILES.sqlite : BACKUP_FILES.postgres;
    const files = [databaseFile, ...(withAnchors ? [BACKUP_FILES.anchors] : [])];
    // The copy holds sealed content and the accounts' password hashes: for the owner only.
    await Promise.all(files.map((file) => chmod(path.join(partial, file), 0o600)));
    const manifest = await writeManifest(partial, {
      createdAt: now.toISOString(),
      dialect: services.database.dialect.name,
      ...facts,
      files: await Promise.all(files.map((file) => describeFile(partial, file))),
    });
    await rename(partial, folder);
    await services.audit.recordAlone(systemContext, {
      action: 'backup.create',
      targetType: 'backup',
      targetId: name,
      changes: {
        dialect: manifest.dialect,
        schemaVersion: manifest.schemaVersion,
        auditHead: manifest.auditHead,
        fileKeys: manifest.fileKeys.map((key) => key.id),
        manifestSha256: await sha256OfFile(path.join(folder, MANIFEST_FILE)),
      },
    });
    return { folder, manifest };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
