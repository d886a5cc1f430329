import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../db/schema.js';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry: every stored field but the hash itself, in a fixed order. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at,
    entry.actor_user_id,
    entry.actor_email,
    entry.actor_organisation,
    entry.action,
    entry.target_type,
    entry.target_id,
    entry.request_id,
    entry.ip,
    entry.changes,
    entry.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Where the chain breaks; seq null: in the anchor file, not at an entry of the log. */
export type ChainBreak = { seq: number | null; reason: string };

/**
 * Checks a run of consecutive entries against the entry before them. Returns the first break,
 * or the last sequence number and hash to continue from.
 */
export function verifyRun(
  entries: readonly AuditEntry[],
  previous: { seq: number; hash: string },
): { ok: true; seq: number; hash: string } | { ok: false; broken: ChainBreak } {
  let { seq, hash } = previous;
  for (const entry of entries) {
    if (entry.seq !== seq + 1) {
      return {
        ok: false,
        broken: {
          seq: entry.seq,
          reason: `expected entry ${seq + 1} next but found ${entry.seq}: entries were deleted or inserted`,
        },
      };
    }
    if (entry.prev_hash !== hash) {
      return {
        ok: false,
        broken: { seq: entry.seq, reason: 'its link to the previous entry does not match' },
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        ok: false,
        broken: { seq: entry.seq, reason: 'its content does not match its hash' },
      };
    }
    seq = entry.seq;
    hash = entry.hash;
  }
  return { ok: true, seq, hash };
}
