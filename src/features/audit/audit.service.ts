import type { Database, Executor, Trx } from '../../db/database.js';
import type { AuditEntry } from '../../db/schema.js';
import { GENESIS_HASH, entryHash, verifyRun, type ChainBreak } from './audit.chain.js';
import type { AuditContext, AuditEvent } from './audit.events.js';
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

export class AuditLog {
  constructor(
    private readonly database: Database,
    private readonly fingerprints: AuditFingerprints,
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

  /** Records an event that changes nothing else (a failed login, a refused request). */
  async recordAlone(context: AuditContext, event: AuditEvent): Promise<void> {
    await this.database.db.transaction().execute((trx) => this.record(trx, context, event));
  }

  /** Walks the whole chain; returns the first broken entry, or the count and head hash. */
  async verify(): Promise<
    { ok: true; entries: number; headHash: string } | { ok: false; broken: ChainBreak }
  > {
    let previous = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const batch = await this.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', previous.seq)
        .orderBy('seq')
        .limit(VERIFY_BATCH)
        .execute();
      if (batch.length === 0) return { ok: true, entries: previous.seq, headHash: previous.hash };
      const result = verifyRun(batch, previous);
      if (!result.ok) return result;
      previous = { seq: result.seq, hash: result.hash };
    }
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
