import type { Trx } from '../../db/database.js';

export interface RevokedCredentials {
  endedSessions: number;
  revokedTokens: number;
  revokedCalendarFeed: boolean;
}

/**
 * Ends every credential a user holds, in the caller's transaction: sessions, API tokens and the
 * calendar feed address. Disabling an account and resetting its password do this, so nothing
 * made before comes back to life when the account is enabled again or the password is known
 * once more. The counts go into the change's audit entry.
 */
export async function revokeCredentials(trx: Trx, userId: string): Promise<RevokedCredentials> {
  const sessions = await trx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const tokens = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const feed = await trx
    .deleteFrom('calendar_feeds')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return {
    endedSessions: Number(sessions.numDeletedRows),
    revokedTokens: Number(tokens.numUpdatedRows),
    revokedCalendarFeed: Number(feed.numDeletedRows) > 0,
  };
}
