import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DialectName } from '../db/database.js';

/** The file in a backup's folder that describes it. */
export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'jhanet-backup/1';

/** A file of the backup, with what it must read back as. */
export interface BackupFile {
  /** Relative to the backup's folder. */
  path: string;
  bytes: number;
  sha256: string;
}

/** A key that sealed content in the backup: its id and a one-way fingerprint, never the key. */
export interface NeededKey {
  id: string;
  /** Null when the platform that made the backup did not hold the key itself. */
  fingerprint: string | null;
}

export interface Manifest {
  format: typeof FORMAT;
  /** When the database was copied (ISO 8601, UTC). */
  createdAt: string;
  dialect: DialectName;
  /** The latest migration applied to the copied database. */
  schemaVersion: string;
  /** The audit chain's last entry in the copy: a restore must verify to exactly this. */
  auditHead: { seq: number; hash: string };
  /** The keys that read the copy's files, texts and search index; the current one first. */
  fileKeys: NeededKey[];
  files: BackupFile[];
}

export class BackupRefused extends Error {}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(folder: string, relative: string): Promise<BackupFile> {
  const full = path.join(folder, relative);
  const stat = await fs.stat(full);
  return { path: relative, bytes: stat.size, sha256: await sha256OfFile(full) };
}

export async function writeManifest(
  folder: string,
  manifest: Omit<Manifest, 'format'>,
): Promise<Manifest> {
  const whole: Manifest = { format: FORMAT, ...manifest };
  await fs.writeFile(path.join(folder, MANIFEST_FILE), `${JSON.stringify(whole, null, 2)}\n`, {
    mode: 0o600,
  });
  return whole;
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const head = m.auditHead as Record<string, unknown> | undefined;
  return (
    m.format === FORMAT &&
    typeof m.createdAt === 'string' &&
    (m.dialect === 'sqlite' || m.dialect === 'postgres') &&
    typeof m.schemaVersion === 'string' &&
    typeof head === 'object' &&
    Number.isSafeInteger(head.seq) &&
    typeof head.hash === 'string' &&
    Array.isArray(m.fileKeys) &&
    Array.isArray(m.files) &&
    (m.files as unknown[]).every((f) => {
      const file = f as Record<string, unknown>;
      return (
        typeof file.path === 'string' &&
        Number.isSafeInteger(file.bytes) &&
        typeof file.sha256 === 'string'
      );
    })
  );
}

export async function readManifest(folder: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupRefused(`${folder} holds no ${MANIFEST_FILE}: it is not a jhanet backup`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupRefused(`${path.join(folder, MANIFEST_FILE)} is not valid JSON`);
  }
  if (!isManifest(parsed))
    throw new BackupRefused(`${path.join(folder, MANIFEST_FILE)} is not a ${FORMAT} manifest`);
  return parsed;
}

/**
 * Checks every file the manifest lists against its size and SHA-256, and that no listed path
 * leaves the folder. Throws naming the first file that differs.
 */
export async function verifyChecksums(folder: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.files) {
    const full = path.resolve(folder, file.path);
    if (path.dirname(full) !== path.resolve(folder))
      throw new BackupRefused(`the manifest names a file outside the backup: ${file.path}`);
    let actual: BackupFile;
    try {
      actual = await describeFile(folder, file.path);
    } catch {
      throw new BackupRefused(`the backup's file ${file.path} is missing`);
    }
    if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256)
      throw new BackupRefused(
        `the backup's file ${file.path} does not match its checksum in the manifest: it was altered or damaged`,
      );
  }
}
