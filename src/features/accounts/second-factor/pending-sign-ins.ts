import type { Database, Executor } from '../../../db/database.js';
import type { PendingSignInTable } from '../../../db/schema.js';
import { randomSecret, secretHash } from '../secrets.js';

/** How long the half-signed-in state lasts between the password and the second factor. */
export const PENDING_SIGN_IN_MINUTES = 5;

export type PendingStage = PendingSignInTable['stage'];

export interface PendingSignIn {
  id: string;
  userId: string;
  stage: PendingStage;
  challenge: string | null;
  totpSecret: string | null;
  expiresAt: string;
}

/**
 * The state between a proven password and a proven second factor. It is not a session: its
 * cookie is read only by the second-step routes, so it reaches nothing else, and it ends after
 * a few minutes or at the first success.
 */
export class PendingSignIns {
  constructor(private readonly database: Database) {}

  async start(
    db: Executor,
    userId: string,
    stage: PendingStage,
    client: { ip: string; userAgent: string },
  ): Promise<{ cookieValue: string; expiresAt: string }> {
    const cookieValue = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000).toISOString();
    // One half-signed-in state per user at a time: a new password proof replaces the last.
    await db.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
    await db
      .insertInto('pending_sign_ins')
      .values({
        id: secretHash(cookieValue),
        user_id: userId,
        stage,
        challenge: null,
        totp_secret: null,
        ip: client.ip.slice(0, 64),
        user_agent: client.userAgent.slice(0, 300),
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { cookieValue, expiresAt };
  }

  /** The live half-signed-in state of a cookie, or null when unknown or expired. */
  async resolve(cookieValue: string | undefined): Promise<PendingSignIn | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const row = await this.database.db
      .selectFrom('pending_sign_ins')
      .innerJoin('users', 'users.id', 'pending_sign_ins.user_id')
      .select([
        'pending_sign_ins.id',
        'pending_sign_ins.user_id',
        'pending_sign_ins.stage',
        'pending_sign_ins.challenge',
        'pending_sign_ins.totp_secret',
        'pending_sign_ins.expires_at',
      ])
      .where('pending_sign_ins.id', '=', secretHash(cookieValue))
      .where('pending_sign_ins.expires_at', '>', new Date().toISOString())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      userId: row.user_id,
      stage: row.stage,
      challenge: row.challenge,
      totpSecret: row.totp_secret,
      expiresAt: row.expires_at,
    };
  }

  async remember(
    id: string,
    values: { challenge?: string | null; totp_secret?: string | null },
  ): Promise<void> {
    await this.database.db
      .updateTable('pending_sign_ins')
      .set(values)
      .where('id', '=', id)
      .execute();
  }

  async end(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('pending_sign_ins').where('id', '=', id).execute();
  }

  async purgeExpired(): Promise<void> {
    await this.database.db
      .deleteFrom('pending_sign_ins')
      .where('expires_at', '<=', new Date().toISOString())
      .execute();
  }
}
