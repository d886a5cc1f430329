import type { Database } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { randomSecret, secretHash } from '../accounts/secrets.js';
import type { Viewer } from './meetings.policy.js';

const PREFIX = 'jhcal_';

/**
 * The secret addresses of users' calendar feeds. Calendar programs cannot sign in, so the
 * address is the credential: only its hash is stored, and the user can revoke or renew it.
 */
export class CalendarFeeds {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  async status(userId: string): Promise<{ createdAt: string; lastUsedAt: string | null } | null> {
    const row = await this.database.db
      .selectFrom('calendar_feeds')
      .select(['created_at as createdAt', 'last_used_at as lastUsedAt'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** A new secret for the user, replacing any earlier one; returned once, never stored. */
  async renew(context: AuditContext, userId: string): Promise<string> {
    const token = randomSecret(PREFIX);
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('calendar_feeds')
        .values({
          user_id: userId,
          token_hash: secretHash(token),
          created_at: now,
          last_used_at: null,
        })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            token_hash: secretHash(token),
            created_at: now,
            last_used_at: null,
          }),
        )
        .execute();
      await this.audit.record(trx, context, {
        action: 'calendar_feed.renew',
        targetType: 'calendar_feed',
        targetId: userId,
      });
    });
    return token;
  }

  async revoke(context: AuditContext, userId: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
      await this.audit.record(trx, context, {
        action: 'calendar_feed.revoke',
        targetType: 'calendar_feed',
        targetId: userId,
      });
    });
  }

  /** The owner of a feed secret, if it is current and the account active. */
  async resolve(token: string): Promise<Viewer | null> {
    if (!token.startsWith(PREFIX) || token.length > 100) return null;
    const row = await this.database.db
      .selectFrom('calendar_feeds')
      .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
      .select(['users.id as userId', 'users.organisation_id as organisationId', 'users.role'])
      .where('calendar_feeds.token_hash', '=', secretHash(token))
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    await this.database.db
      .updateTable('calendar_feeds')
      .set({ last_used_at: new Date().toISOString() })
      .where('user_id', '=', row.userId)
      .execute();
    return row;
  }
}
