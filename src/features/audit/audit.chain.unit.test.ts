import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import type { AuditEntry } from '../../db/schema.js';
import { GENESIS_HASH, entryHash, verifyRun } from './audit.chain.js';

/** A correctly linked chain of n entries, starting after `previous`. */
function chain(n: number, previous = { seq: 0, hash: GENESIS_HASH }): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let { seq, hash } = previous;
  for (let i = 0; i < n; i++) {
    seq += 1;
    const entry: Omit<AuditEntry, 'hash'> = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
      actor_user_id: `user-${seq % 3}`,
      actor_email: `user${seq % 3}@europol.example.eu`,
      actor_organisation: 'Europol',
      action: 'organisation.update',
      target_type: 'organisation',
      target_id: `org-${seq}`,
      request_id: `request-${seq}`,
      ip: '192.0.2.1',
      changes: JSON.stringify({ hqCity: { before: `City ${seq - 1}`, after: `City ${seq}` } }),
      prev_hash: hash,
    };
    hash = entryHash(entry);
    entries.push({ ...entry, hash });
  }
  return entries;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

describe('entryHash', () => {
  const entry = at(chain(1), 0);

  test('is a SHA-256 hex digest and the same for the same entry', () => {
    assert.match(entryHash(entry), /^[0-9a-f]{64}$/);
    assert.equal(entryHash({ ...entry }), entryHash(entry));
    assert.equal(entryHash(entry), entry.hash);
  });

  test('ignores the stored hash itself', () => {
    const withOtherHash: AuditEntry = { ...entry, hash: 'f'.repeat(64) };
    assert.equal(entryHash(withOtherHash), entry.hash);
  });

  test('changes when any other stored field changes', () => {
    const altered: Partial<Record<keyof AuditEntry, unknown>> = {
      seq: entry.seq + 1,
      at: '2030-01-01T00:00:00.000Z',
      actor_user_id: null,
      actor_email: 'someone.else@europol.example.eu',
      actor_organisation: 'Frontex',
      action: 'organisation.create',
      target_type: 'user',
      target_id: 'another',
      request_id: null,
      ip: '198.51.100.7',
      changes: '{}',
      prev_hash: '1'.repeat(64),
    };
    for (const [field, value] of Object.entries(altered)) {
      assert.notEqual(entryHash({ ...entry, [field]: value }), entry.hash, field);
    }
  });

  test('keeps fields apart: moving text from one field to the next changes the hash', () => {
    const moved = { ...entry, actor_email: 'a', actor_organisation: 'bc' };
    const shifted = { ...entry, actor_email: 'ab', actor_organisation: 'c' };
    assert.notEqual(entryHash(moved), entryHash(shifted));
  });
});

describe('verifyRun', () => {
  test('accepts an intact chain and returns where to continue from', () => {
    const entries = chain(5);
    const result = verifyRun(entries, { seq: 0, hash: GENESIS_HASH });
    assert.deepEqual(result, { ok: true, seq: 5, hash: at(entries, 4).hash });
  });

  test('an empty run leaves the starting point unchanged', () => {
    assert.deepEqual(verifyRun([], { seq: 7, hash: 'a'.repeat(64) }), {
      ok: true,
      seq: 7,
      hash: 'a'.repeat(64),
    });
  });

  test('continues across batches', () => {
    const entries = chain(6);
    const first = verifyRun(entries.slice(0, 3), { seq: 0, hash: GENESIS_HASH });
    assert.ok(first.ok);
    const second = verifyRun(entries.slice(3), { seq: first.seq, hash: first.hash });
    assert.deepEqual(second, { ok: true, seq: 6, hash: at(entries, 5).hash });
  });

  test('a batch that does not follow the previous one is refused at its first entry', () => {
    const entries = chain(3);
    const result = verifyRun(entries.slice(1), { seq: 1, hash: 'b'.repeat(64) });
    assert.equal(result.ok, false);
    assert.equal(result.broken.seq, 2);
  });

  test('an edited entry is reported by its sequence number', () => {
    const entries = chain(5);
    entries[2] = { ...at(entries, 2), changes: JSON.stringify({ hqCity: 'Elsewhere' }) };
    const result = verifyRun(entries, { seq: 0, hash: GENESIS_HASH });
    assert.deepEqual(result, {
      ok: false,
      broken: { seq: 3, reason: 'its content does not match its hash' },
    });
  });

  test('an edited entry whose hash was recomputed breaks the link of the next one', () => {
    const entries = chain(5);
    const forged = { ...at(entries, 2), actor_email: 'nobody@example.eu' };
    entries[2] = { ...forged, hash: entryHash(forged) };
    const result = verifyRun(entries, { seq: 0, hash: GENESIS_HASH });
    assert.deepEqual(result, {
      ok: false,
      broken: { seq: 4, reason: 'its link to the previous entry does not match' },
    });
  });

  test('a deleted entry is reported at the entry after the gap', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    const result = verifyRun(entries, { seq: 0, hash: GENESIS_HASH });
    assert.equal(result.ok, false);
    assert.equal(result.broken.seq, 4);
    assert.match(result.broken.reason, /expected entry 3 next but found 4/);
  });

  test('two entries that swapped places are reported', () => {
    const entries = chain(5);
    const third = at(entries, 2);
    const fourth = at(entries, 3);
    entries[2] = { ...fourth, seq: 3 };
    entries[3] = { ...third, seq: 4 };
    const result = verifyRun(entries, { seq: 0, hash: GENESIS_HASH });
    assert.equal(result.ok, false);
    assert.equal(result.broken.seq, 3);
  });

  test('a forged entry inserted in the middle, correctly hashed, is reported after it', () => {
    const entries = chain(5);
    const before = at(entries, 1);
    const forged: Omit<AuditEntry, 'hash'> = {
      ...before,
      seq: 3,
      action: 'user.create',
      prev_hash: before.hash,
    };
    const renumbered = entries.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }));
    const tampered = [
      ...entries.slice(0, 2),
      { ...forged, hash: entryHash(forged) },
      ...renumbered,
    ];
    const result = verifyRun(tampered, { seq: 0, hash: GENESIS_HASH });
    assert.equal(result.ok, false);
    assert.equal(result.broken.seq, 4);
  });
});
