import type { Database, Executor, Trx } from '../../db/database.js';
import type { AuditEntry } from '../../db/schema.js';
import type { Anchor, AuditAnchors } from './audit.anchors.js';
import { GENESIS_HASH, entryHash, verifyRun, type ChainBreak } from './audit.chain.js';
import type { AuditAction, AuditContext, AuditEvent } from './audit.events.js';
import type { AuditFingerprints } from './audit.fingerprints.js';
import { isNeedToKnow, withholdContent } from './audit.need-to-know.js';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  until?: string | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const VERIFY_BATCH = 1000;

/**
 * Refusals recorded for one account within the window before further ones are answered 429 and
 * not recorded: a refused request costs a write to the chain, and no account may turn that into
 * a flood. Generous for a person, and for a script that meets a few stale ids.
 */
export const REFUSAL_BUDGET = 200;
export const REFUSAL_WINDOW_MINUTES = 10;
const refusalActions = ['access.denied', 'access.not_found'] as const satisfies AuditAction[];

export type VerifyResult =
  | { ok: true; entries: number; headHash: string; anchor: Anchor | null }
  | { ok: false; broken: ChainBreak };

export class AuditLog {
  constructor(
    private readonly database: Database,
    private readonly fingerprints: AuditFingerprints,
    /** Where heads are anchored; null: nowhere (a platform without a data directory of its own). */
    private readonly anchors: AuditAnchors | null = null,
  ) {}

  /** Appends an entry inside the caller's transaction, so it lands or rolls back with the change. */
  async record(trx: Trx, context: AuditContext, event: AuditEvent): Promise<void> {
    await this.database.dialect.lockAuditChain(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const entry: Omit<AuditEntry, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor_user_id: context.actor?.userId ?? null,
      actor_email: context.actor?.email ?? null,
      actor_organisation: context.actor?.organisationAcronym ?? null,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId,
      request_id: context.requestId,
      ip: context.ip,
      changes: JSON.stringify(
        isNeedToKnow(event.targetType)
          ? withholdContent(this.fingerprints, event.targetId, event.changes ?? {})
          : (event.changes ?? {}),
      ),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx
      .insertInto('audit_log')
      .values({ ...entry, hash: entryHash(entry) })
      .execute();
  }

  /**
   * Records a refused request (a route the caller may not use, a record that is missing or
   * hidden: the same answer, recorded alike), unless the account has used up its budget of
   * refusals in the window; then nothing is written and the caller is told when to come back.
   * Counting and appending happen under the chain's lock, so requests at once cannot overrun it.
   */
  async recordRefusal(
    context: AuditContext,
    event: AuditEvent & { action: (typeof refusalActions)[number] },
  ): Promise<{ recorded: true } | { recorded: false; retryAfterSeconds: number }> {
    const actor = context.actor;
    return this.database.db.transaction().execute(async (trx) => {
      await this.database.dialect.lockAuditChain(trx);
      if (actor) {
        const windowMs = REFUSAL_WINDOW_MINUTES * 60_000;
        const recent = await trx
          .selectFrom('audit_log')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
          .where('actor_user_id', '=', actor.userId)
          .where('action', 'in', refusalActions)
          .where('at', '>=', new Date(Date.now() - windowMs).toISOString())
          .executeTakeFirstOrThrow();
        if (recent.n >= REFUSAL_BUDGET) {
          // The budget is spent, so there is an oldest refusal: the window frees up after it.
          const freesAt = Date.parse(recent.oldest) + windowMs;
          return {
            recorded: false,
            retryAfterSeconds: Math.max(1, Math.ceil((freesAt - Date.now()) / 1000)),
          };
        }
      }
      await this.record(trx, context, event);
      return { recorded: true };
    });
  }

  /** Records an event that changes nothing else (a failed login). */
  async recordAlone(context: AuditContext, event: AuditEvent): Promise<void> {
    await this.database.db.transaction().execute((trx) => this.record(trx, context, event));
  }

  /**
   * Walks the whole chain and holds it to every anchor: returns the first broken entry, or the
   * count, the head hash and the latest anchor. A chain that ends before an anchored entry lost
   * entries from its end; one whose entry differs from an anchored hash was recomputed.
   */
  async verify(): Promise<VerifyResult> {
    const read = this.anchors?.read() ?? { ok: true as const, anchors: [] };
    if (!read.ok) return { ok: false, broken: { seq: null, reason: read.reason } };
    const anchors = read.anchors;
    let nextAnchor = 0;
    let previous = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const batch = await this.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', previous.seq)
        .orderBy('seq')
        .limit(VERIFY_BATCH)
        .execute();
      if (batch.length === 0) break;
      const result = verifyRun(batch, previous);
      if (!result.ok) return result;
      for (; nextAnchor < anchors.length; nextAnchor += 1) {
        const anchor = anchors[nextAnchor];
        if (!anchor || anchor.seq > result.seq) break;
        const entry =
          anchor.seq === 0 ? { hash: GENESIS_HASH } : batch.find((e) => e.seq === anchor.seq);
        if (entry && entry.hash !== anchor.hash)
          return {
            ok: false,
            broken: {
              seq: anchor.seq,
              reason: `it differs from the head anchored on ${anchor.at}: the chain was rewritten from this entry or before`,
            },
          };
      }
      previous = { seq: result.seq, hash: result.hash };
    }
    const latest = anchors.at(-1) ?? null;
    if (latest && latest.seq > previous.seq)
      return {
        ok: false,
        broken: {
          seq: previous.seq + 1,
          reason: `the log ends at entry ${previous.seq}, but entry ${latest.seq} was anchored on ${latest.at}: entries were deleted from its end`,
        },
      };
    if (latest && latest.seq === 0 && previous.seq === 0 && latest.hash !== GENESIS_HASH)
      return { ok: false, broken: { seq: 0, reason: 'the anchored head is not the empty log' } };
    return { ok: true, entries: previous.seq, headHash: previous.hash, anchor: latest };
  }

  /** The latest anchor of the head, if the anchor file has any and is whole. */
  latestAnchor(): Anchor | null {
    return this.anchors?.latest() ?? null;
  }

  /** The last entry's sequence number and hash, as stored (not verified). */
  async head(): Promise<{ seq: number; hash: string }> {
    const last = await this.database.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last ?? { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Anchors the current head outside the database, after verifying the chain: a broken chain is
   * not anchored. Returns the anchor, the latest one when the head has not moved since, or why
   * nothing was anchored.
   */
  async anchor(
    now = new Date(),
  ): Promise<
    { anchored: true; anchor: Anchor; fresh: boolean } | { anchored: false; reason: string }
  > {
    if (!this.anchors) return { anchored: false, reason: 'this platform has no anchor file' };
    const verified = await this.verify();
    if (!verified.ok)
      return {
        anchored: false,
        reason: `the audit log is broken${verified.broken.seq === null ? '' : ` at entry ${verified.broken.seq}`}: ${verified.broken.reason}`,
      };
    const latest = verified.anchor;
    if (latest && latest.seq === verified.entries && latest.hash === verified.headHash)
      return { anchored: true, anchor: latest, fresh: false };
    const anchor = this.anchors.append({ seq: verified.entries, hash: verified.headHash }, now);
    if (!anchor)
      return {
        anchored: false,
        reason: 'another process is anchoring at this moment, or the anchor file changed',
      };
    return { anchored: true, anchor, fresh: true };
  }

  /**
   * An entry as it is shown: about a need-to-know record, with no content, even if it was
   * written before content was withheld. The stored entry, which the chain verifies, is unchanged.
   */
  private shown(entry: AuditEntry): AuditEntry {
    if (!isNeedToKnow(entry.target_type)) return entry;
    const changes = JSON.parse(entry.changes) as Record<string, unknown>;
    return {
      ...entry,
      changes: JSON.stringify(withholdContent(this.fingerprints, entry.target_id, changes, true)),
    };
  }

  private filtered(db: Executor, filter: AuditFilter) {
    let query = db.selectFrom('audit_log');
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.actor) query = query.where('actor_email', '=', filter.actor.toLowerCase());
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.until) query = query.where('at', '<', filter.until);
    return query;
  }

  /**
   * Every matching entry in chain order, read in batches keyed on the sequence number, so an
   * export stays complete and free of duplicates while new entries are appended.
   */
  async *entries(filter: AuditFilter, batchSize = 500): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const batch = await this.filtered(this.database.db, filter)
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      yield* batch.map((entry) => this.shown(entry));
      const last = batch.at(-1);
      if (!last || batch.length < batchSize) return;
      after = last.seq;
    }
  }

  async list(filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEntry>> {
    const filtered = (db: Executor) => this.filtered(db, filter);
    const db = this.database.db;
    const [items, count] = await Promise.all([
      filtered(db)
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      filtered(db)
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: items.map((entry) => this.shown(entry)), total: count.total, page, pageSize };
  }
}
