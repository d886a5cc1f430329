import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH } from './audit.chain.js';

/** The head of the audit chain as it stood at a moment, written where the database cannot reach. */
export interface Anchor {
  /** When the head was anchored (ISO 8601, UTC). */
  at: string;
  /** The sequence number of the last entry then, and its hash. */
  seq: number;
  hash: string;
  /** The SHA-256 of the line before, so that the file is a chain of its own. */
  prev: string;
}

export type AnchorsRead = { ok: true; anchors: Anchor[] } | { ok: false; reason: string };

/** Another process that holds the lock longer than this has died holding it. */
const STALE_LOCK_MS = 60_000;

function lineHash(line: string): string {
  return createHash('sha256').update(line).digest('hex');
}

function isAnchor(value: unknown): value is Anchor {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Record<string, unknown>;
  return (
    typeof a.at === 'string' &&
    Number.isSafeInteger(a.seq) &&
    (a.seq as number) >= 0 &&
    typeof a.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(a.hash) &&
    typeof a.prev === 'string'
  );
}

/**
 * The audit log's anchors: one JSON line per anchored head, in a file under DATA_DIR, outside
 * the database. Each line holds the SHA-256 of the line before it, so lines cannot be dropped,
 * edited or reordered without the file showing it; and someone who rewrites the database's
 * chain cannot make it agree with the heads anchored before. Copies of the file, or of the
 * heads `jhanet audit verify --head` prints, kept elsewhere make a rewrite of the file itself
 * visible too.
 */
export class AuditAnchors {
  constructor(readonly file: string) {}

  /** Every anchor, each checked against the line before it. No file: no anchors yet. */
  read(): AnchorsRead {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, anchors: [] };
      throw error;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const anchors: Anchor[] = [];
    let prev = GENESIS_HASH;
    for (const [index, line] of lines.entries()) {
      const where = `line ${index + 1} of ${this.file}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return { ok: false, reason: `${where} is not an anchor` };
      }
      if (!isAnchor(parsed)) return { ok: false, reason: `${where} is not an anchor` };
      if (parsed.prev !== prev)
        return {
          ok: false,
          reason: `${where} does not follow the line before it: anchors were removed, edited or reordered`,
        };
      const last = anchors.at(-1);
      if (last && parsed.seq < last.seq)
        return { ok: false, reason: `${where} anchors an earlier entry than the line before it` };
      anchors.push(parsed);
      prev = lineHash(line);
    }
    return { ok: true, anchors };
  }

  latest(): Anchor | null {
    const read = this.read();
    return read.ok ? (read.anchors.at(-1) ?? null) : null;
  }

  /**
   * Appends an anchor of `head`, chained to the file's last line. Several processes may share
   * the data directory: a lock file lets one append at a time. Returns null when another process
   * holds the lock (it is anchoring at this moment), or when the file is broken (verify says how).
   */
  append(head: { seq: number; hash: string }, now = new Date()): Anchor | null {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const lock = `${this.file}.lock`;
    if (!this.takeLock(lock)) return null;
    try {
      const text = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : '';
      const read = this.read();
      if (!read.ok) return null;
      const lastLine = text
        .split('\n')
        .filter((line) => line !== '')
        .at(-1);
      const anchor: Anchor = {
        at: now.toISOString(),
        seq: head.seq,
        hash: head.hash,
        prev: lastLine === undefined ? GENESIS_HASH : lineHash(lastLine),
      };
      const descriptor = fs.openSync(this.file, 'a', 0o640);
      try {
        fs.writeSync(descriptor, `${JSON.stringify(anchor)}\n`);
        fs.fsyncSync(descriptor);
      } finally {
        fs.closeSync(descriptor);
      }
      return anchor;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }

  private takeLock(lock: string): boolean {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        fs.closeSync(fs.openSync(lock, 'wx'));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = fs.statSync(lock, { throwIfNoEntry: false });
        if (held && Date.now() - held.mtimeMs <= STALE_LOCK_MS) return false;
        fs.rmSync(lock, { force: true });
      }
    }
    return false;
  }
}
