import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { GENESIS_HASH } from '../features/audit/audit.chain.js';
import type { FileKeyRing } from '../features/documents/file-crypto.js';
import { neededKeys } from './file-keys.js';
import type { Manifest } from './manifest.js';

export type SnapshotFacts = Pick<Manifest, 'schemaVersion' | 'auditHead' | 'fileKeys'>;

/** The latest migration applied to a database. */
export async function schemaVersion(executor: Executor): Promise<string> {
  const { rows } = await sql<{
    name: string;
  }>`select name from schema_migrations order by name desc limit 1`.execute(executor);
  return rows[0]?.name ?? 'none';
}

/** The audit chain's last entry as stored; the empty chain's head is the genesis hash. */
export async function storedAuditHead(executor: Executor): Promise<{ seq: number; hash: string }> {
  const last = await executor
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** What the manifest says of a copy, read from the copy itself (or inside its snapshot). */
export async function readSnapshotFacts(
  executor: Executor,
  ring: FileKeyRing | null,
  currentKeyId: string,
): Promise<SnapshotFacts> {
  return {
    schemaVersion: await schemaVersion(executor),
    auditHead: await storedAuditHead(executor),
    fileKeys: await neededKeys(executor, ring, currentKeyId),
  };
}
