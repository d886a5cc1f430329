import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Executor } from '../db/database.js';
import { parseFileKeys, type FileKeyRing } from '../features/documents/file-crypto.js';
import { BackupRefused, type NeededKey } from './manifest.js';

/**
 * The file keys this platform holds: `JHANET_FILE_KEYS`, else DATA_DIR/file-keys. Unlike a
 * starting platform, it never makes a key file: a restore that finds no key must not leave one.
 */
export function availableFileKeys(config: Config): FileKeyRing | null {
  if (config.documents.fileKeys) return parseFileKeys(config.documents.fileKeys);
  try {
    return parseFileKeys(readFileSync(path.join(config.dataDir, 'file-keys'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The keys a copy of the database needs: the one each stored file and text is sealed under, and
 * the current key, from which the search index and the audit fingerprints are derived.
 */
export async function neededKeys(
  executor: Executor,
  ring: FileKeyRing | null,
  currentKeyId: string,
): Promise<NeededKey[]> {
  const files = await executor
    .selectFrom('document_file_contents')
    .select('key_id')
    .distinct()
    .execute();
  const texts = await executor
    .selectFrom('document_sealed_texts')
    .select('key_id')
    .distinct()
    .execute();
  const ids = new Set([currentKeyId, ...[...files, ...texts].map((row) => row.key_id).sort()]);
  return [...ids].map((id) => ({ id, fingerprint: ring?.fingerprint(id) ?? null }));
}

/** Refuses, naming the first one, when this platform lacks a key the backup needs. */
export function checkKeysAvailable(needed: NeededKey[], ring: FileKeyRing | null): void {
  for (const key of needed) {
    const held = ring?.fingerprint(key.id) ?? null;
    if (held === null)
      throw new BackupRefused(
        `the backup needs file key "${key.id}", which this platform does not hold: put it in JHANET_FILE_KEYS (or DATA_DIR/file-keys) first`,
      );
    if (key.fingerprint !== null && held !== key.fingerprint)
      throw new BackupRefused(
        `this platform's file key "${key.id}" is not the key the backup needs (fingerprint ${key.fingerprint}): put the right key in JHANET_FILE_KEYS (or DATA_DIR/file-keys) first`,
      );
  }
}
