import type { Actor } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { SessionPolicy } from './sessions.js';

/**
 * A session is named by the first 16 hex digits of its id, as the audit log names it. The id is
 * itself a hash of the cookie, so the handle opens nothing; it only tells one session from another.
 */
export const SESSION_HANDLE_LENGTH = 16;
export const SESSION_HANDLE_PATTERN = '^[0-9a-f]{16}$';

export const sessionHandle = (sessionId: string) => sessionId.slice(0, SESSION_HANDLE_LENGTH);

export interface SessionView {
  id: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string;
  userAgent: string;
  current: boolean;
}

/** The sessions a user holds, seen and ended by that user only. */
export class AccountSessions {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly policy: SessionPolicy,
  ) {}

  /** The actor's live sessions, the most recently used first; ended and idle ones are gone. */
  async listOwn(actor: Actor): Promise<SessionView[]> {
    const now = Date.now();
    const rows = await this.database.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
      .where('user_id', '=', actor.userId)
      .where('expires_at', '>', new Date(now).toISOString())
      .where('last_seen_at', '>=', new Date(now - this.policy.idleMinutes * 60_000).toISOString())
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .execute();
    const currentId = actor.via.kind === 'session' ? actor.via.sessionId : null;
    return rows.map((row) => ({
      id: sessionHandle(row.id),
      startedAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      ip: row.ip,
      userAgent: row.user_agent,
      current: row.id === currentId,
    }));
  }

  /** Ends one of the actor's own sessions; anyone else's, or one already ended, answers as missing. */
  async endOwn(actor: Actor, context: AuditContext, handle: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const owned = await trx
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', actor.userId)
        .execute();
      const session = owned.find((row) => sessionHandle(row.id) === handle);
      if (!session) throw new NotFoundError('No such session.');
      await trx.deleteFrom('sessions').where('id', '=', session.id).execute();
      await this.audit.record(trx, context, {
        action: 'session.revoke',
        targetType: 'session',
        targetId: handle,
      });
    });
  }

  /**
   * Ends every session of the actor, or every one but the session making the request. Returns how
   * many ended.
   */
  async endAllOwn(
    actor: Actor,
    context: AuditContext,
    options: { keepCurrent: boolean },
  ): Promise<number> {
    const kept =
      options.keepCurrent && actor.via.kind === 'session' ? actor.via.sessionId : undefined;
    return this.database.db.transaction().execute(async (trx) => {
      let query = trx.deleteFrom('sessions').where('user_id', '=', actor.userId);
      if (kept !== undefined) query = query.where('id', '!=', kept);
      const ended = Number((await query.executeTakeFirst()).numDeletedRows);
      await this.audit.record(trx, context, {
        action: 'session.end_all',
        targetType: 'user',
        targetId: actor.userId,
        changes: { ended, keptCurrent: kept !== undefined },
      });
      return ended;
    });
  }
}
