import { randomUUID } from 'node:crypto';
import { AppError, TooManyRequestsError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { decoyPasswordHash, verifyPassword } from './secrets.js';
import type { Sessions } from './sessions.js';

/** Failures for one e-mail address within the window that pause its sign-in. */
export const LOCKOUT_THRESHOLD = 5;
/** Failures from one client address within the window that pause all its sign-ins. */
export const ADDRESS_THRESHOLD = 50;
export const WINDOW_MINUTES = 15;
/** How long sign-in attempts are kept: well past the window, for investigating an attack. */
export const ATTEMPT_RETENTION_HOURS = 24;

export class LoginFailedError extends AppError {
  constructor() {
    super('login_failed', 401, 'The e-mail address or password is not correct.');
  }
}

export class AccountLockedError extends TooManyRequestsError {
  constructor(readonly until: string) {
    super(
      'Too many failed sign-in attempts for this account. Try again later.',
      Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000)),
    );
  }
}

export interface Client {
  ip: string;
  userAgent: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Sign-in with throttling kept in the database, so every process sees the same counts. Lockout is
 * counted per e-mail address whether or not an account has it, so it reveals nothing about which
 * addresses exist.
 */
export class Login {
  constructor(
    private readonly database: Database,
    private readonly sessions: Sessions,
    private readonly audit: AuditLog,
  ) {}

  async signIn(
    emailInput: string,
    password: string,
    client: Client,
    context: AuditContext,
  ): Promise<{ cookieValue: string; csrfToken: string; userId: string; expiresAt: string }> {
    const email = normaliseEmail(emailInput);
    const db = this.database.db;
    const windowStart = new Date(Date.now() - WINDOW_MINUTES * 60_000).toISOString();

    const fromAddress = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', client.ip)
      .where('succeeded', '=', 0)
      .where('at', '>=', windowStart)
      .executeTakeFirstOrThrow();
    if (fromAddress.n >= ADDRESS_THRESHOLD) {
      await this.fail(email, client, context, 'address_throttled');
      throw new TooManyRequestsError(
        'Too many sign-in attempts from your address. Try again in a few minutes.',
        WINDOW_MINUTES * 60,
      );
    }

    const lockedUntil = await this.lockedUntil(email, windowStart);
    if (lockedUntil) {
      await this.fail(email, client, context, 'locked');
      throw new AccountLockedError(lockedUntil);
    }

    const user = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.password_hash',
        'users.disabled_at',
        'users.failed_logins',
        'organisations.acronym',
      ])
      .where('users.email', '=', email)
      .executeTakeFirst();
    const passwordMatches = await verifyPassword(
      user?.password_hash ?? (await decoyPasswordHash),
      password,
    );
    if (!user || user.disabled_at !== null || !passwordMatches) {
      await this.fail(
        email,
        client,
        context,
        user?.disabled_at ? 'disabled' : 'bad_credentials',
        user?.id,
      );
      throw new LoginFailedError();
    }

    return db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('login_attempts')
        .values({ id: randomUUID(), email, ip: client.ip, succeeded: 1, at: now })
        .execute();
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, last_login_at: now })
        .where('id', '=', user.id)
        .execute();
      const session = await this.sessions.start(trx, user.id, client);
      await this.audit.record(
        trx,
        { ...context, actor: { userId: user.id, email, organisationAcronym: user.acronym } },
        {
          action: 'session.login',
          targetType: 'session',
          targetId: session.sessionId.slice(0, 16),
        },
      );
      return {
        cookieValue: session.cookieValue,
        csrfToken: session.csrfToken,
        userId: user.id,
        expiresAt: session.expiresAt,
      };
    });
  }

  /**
   * Forgets sign-in attempts older than a day: throttling reads only the last window, and the
   * privacy statement promises they are not kept longer than needed.
   */
  async purgeOldAttempts(): Promise<void> {
    const cutoff = new Date(Date.now() - ATTEMPT_RETENTION_HOURS * 3_600_000).toISOString();
    await this.database.db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
  }

  /** When the address's run of recent failures pauses its sign-in, until when; else null. */
  private async lockedUntil(email: string, windowStart: string): Promise<string | null> {
    const db = this.database.db;
    const lastSuccess = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('email', '=', email)
      .where('succeeded', '=', 1)
      .executeTakeFirst();
    const since = lastSuccess?.at && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
    const failures = await db
      .selectFrom('login_attempts')
      .select('at')
      .where('email', '=', email)
      .where('succeeded', '=', 0)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(LOCKOUT_THRESHOLD)
      .execute();
    if (failures.length < LOCKOUT_THRESHOLD) return null;
    const newest = failures[0]?.at ?? since;
    return new Date(Date.parse(newest) + WINDOW_MINUTES * 60_000).toISOString();
  }

  private async fail(
    email: string,
    client: Client,
    context: AuditContext,
    reason: string,
    userId?: string,
  ): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .insertInto('login_attempts')
        .values({ id: randomUUID(), email, ip: client.ip, succeeded: 0, at: now.toISOString() })
        .execute();
      if (userId && reason === 'bad_credentials') {
        const updated = await trx
          .updateTable('users')
          .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
          .where('id', '=', userId)
          .returning('failed_logins')
          .executeTakeFirst();
        if (updated && updated.failed_logins >= LOCKOUT_THRESHOLD) {
          await trx
            .updateTable('users')
            .set({ locked_until: new Date(now.getTime() + WINDOW_MINUTES * 60_000).toISOString() })
            .where('id', '=', userId)
            .execute();
        }
      }
      await this.audit.record(trx, context, {
        action: 'session.login_failed',
        targetType: 'session',
        targetId: null,
        changes: { email, reason },
      });
    });
  }
}
