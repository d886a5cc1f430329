import { randomUUID } from 'node:crypto';
import { AppError, TooManyRequestsError } from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { decoyPasswordHash, verifyPassword } from './secrets.js';
import type { Sessions } from './sessions.js';
import type { PendingSignIns } from './second-factor/pending-sign-ins.js';
import type { FactorProof, SecondFactors } from './second-factor/second-factors.service.js';

/** Failures for one e-mail address within the window that pause its sign-in. */
export const LOCKOUT_THRESHOLD = 5;
/** Failures from one client address within the window that pause all its sign-ins. */
export const ADDRESS_THRESHOLD = 50;
/** The window the failures fall within, and how long the pause lasts after the last of them. */
export const WINDOW_MINUTES = 15;
/** How long sign-in attempts are kept: well past the window, for investigating an attack. */
export const ATTEMPT_RETENTION_HOURS = 24;

const WINDOW_MS = WINDOW_MINUTES * 60_000;

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

/** What a failed attempt was: the first two count towards a pause, the others are refused by one. */
type FailureReason =
  'bad_credentials' | 'disabled' | 'locked' | 'address_throttled' | 'bad_second_factor';

export interface SignedIn {
  kind: 'session';
  cookieValue: string;
  csrfToken: string;
  userId: string;
  expiresAt: string;
}

/** The password is proven; a second factor is to be proven ("verify") or set up ("enrol"). */
export interface HalfSignedIn {
  kind: 'second_factor';
  stage: 'verify' | 'enrol';
  cookieValue: string;
  userId: string;
  expiresAt: string;
}

/** The page of the second step a half-signed-in user goes to, then on to `next`. */
export function secondStepPath(stage: HalfSignedIn['stage'], next: string): string {
  return `/login/${stage === 'verify' ? 'factor' : 'enrol'}?next=${encodeURIComponent(next)}`;
}

export interface SignInUser {
  id: string;
  email: string;
  organisationAcronym: string;
}

/**
 * Until when sign-in is paused by failures matching `key`, or null. A pause starts when the
 * threshold-th failure falls within the window of the first, and ends a window after that last
 * failure. Attempts refused during a pause are not recorded as failures, so nothing extends it.
 */
async function pausedUntil(
  db: Executor,
  key: { email: string } | { ip: string },
  threshold: number,
  now: Date,
): Promise<string | null> {
  const failures = await db
    .selectFrom('login_attempts')
    .select('at')
    .$if('email' in key, (q) =>
      q.where('email', '=', 'email' in key ? key.email : '').where('cleared', '=', 0),
    )
    .$if('ip' in key, (q) => q.where('ip', '=', 'ip' in key ? key.ip : ''))
    .where('succeeded', '=', 0)
    .where('at', '>', new Date(now.getTime() - 2 * WINDOW_MS).toISOString())
    .orderBy('at', 'desc')
    .limit(threshold)
    .execute();
  const newest = failures[0]?.at;
  const oldest = failures[threshold - 1]?.at;
  if (newest === undefined || oldest === undefined) return null;
  if (Date.parse(newest) - Date.parse(oldest) >= WINDOW_MS) return null;
  const until = new Date(Date.parse(newest) + WINDOW_MS);
  return until > now ? until.toISOString() : null;
}

/** Until when sign-in with this e-mail address is paused, or null. */
export function signInPausedUntil(db: Executor, email: string, now = new Date()) {
  return pausedUntil(db, { email: normaliseEmail(email) }, LOCKOUT_THRESHOLD, now);
}

/**
 * Ends the run of failures of an e-mail address, and with it any pause: after a successful
 * sign-in, an administrator's unlock or a password reset. The failures stay recorded (and still
 * count for their client address). Returns how many were cleared.
 */
export async function clearSignInFailures(trx: Trx, email: string): Promise<number> {
  const address = normaliseEmail(email);
  const cleared = await trx
    .updateTable('login_attempts')
    .set({ cleared: 1 })
    .where('email', '=', address)
    .where('succeeded', '=', 0)
    .where('cleared', '=', 0)
    .executeTakeFirst();
  await trx
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('email', '=', address)
    .execute();
  return Number(cleared.numUpdatedRows);
}

/**
 * Records a failed proof of a password for an e-mail address, counting towards a pause of its
 * sign-in: a wrong password at sign-in, or a wrong current password when changing it.
 */
export async function countFailedAttempt(trx: Trx, emailInput: string, ip: string): Promise<void> {
  const email = normaliseEmail(emailInput);
  const now = new Date();
  await trx
    .insertInto('login_attempts')
    .values({ id: randomUUID(), email, ip, succeeded: 0, at: now.toISOString(), cleared: 0 })
    .execute();
  // The account's own record of its pause, for the users page; sign-in reads the attempts.
  const lockedUntil = await signInPausedUntil(trx, email, now);
  await trx
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      ...(lockedUntil ? { locked_until: lockedUntil } : {}),
    }))
    .where('email', '=', email)
    .execute();
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
    private readonly secondFactors: SecondFactors,
    private readonly pending: PendingSignIns,
  ) {}

  async signIn(
    emailInput: string,
    password: string,
    client: Client,
    context: AuditContext,
  ): Promise<SignedIn | HalfSignedIn> {
    const email = normaliseEmail(emailInput);
    const db = this.database.db;
    const now = new Date();

    // Both checks run, and cost the same, for every address, known or not.
    const addressPausedUntil = await pausedUntil(db, { ip: client.ip }, ADDRESS_THRESHOLD, now);
    if (addressPausedUntil) {
      await this.fail(email, client, context, 'address_throttled');
      throw new TooManyRequestsError(
        'Too many sign-in attempts from your address. Try again in a few minutes.',
        Math.max(1, Math.ceil((Date.parse(addressPausedUntil) - now.getTime()) / 1000)),
      );
    }

    const lockedUntil = await signInPausedUntil(db, email, now);
    if (lockedUntil) {
      await this.fail(email, client, context, 'locked');
      throw new AccountLockedError(lockedUntil);
    }

    const user = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.password_hash', 'users.disabled_at', 'organisations.acronym'])
      .where('users.email', '=', email)
      .executeTakeFirst();
    const passwordMatches = await verifyPassword(
      user?.password_hash ?? (await decoyPasswordHash),
      password,
    );
    if (!user || user.disabled_at !== null || !passwordMatches) {
      await this.fail(email, client, context, user?.disabled_at ? 'disabled' : 'bad_credentials');
      throw new LoginFailedError();
    }

    // Failures are cleared only once the sign-in is complete, so that proving the password
    // again does not reset the count of wrong second-factor codes.
    const stage = await this.secondFactors.stageAfterPassword(db, user.id);
    if (stage !== 'none') {
      const pending = await this.pending.start(db, user.id, stage, client);
      return { kind: 'second_factor', stage, userId: user.id, ...pending };
    }
    return db
      .transaction()
      .execute((trx) =>
        this.complete(
          trx,
          { id: user.id, email, organisationAcronym: user.acronym },
          client,
          context,
          null,
        ),
      );
  }

  /**
   * The end of every sign-in, in the caller's transaction: the attempt recorded as a success,
   * the run of failures cleared, a new session started and audited (with the factor proven).
   */
  async complete(
    trx: Trx,
    user: SignInUser,
    client: Client,
    context: AuditContext,
    factor: FactorProof | null,
  ): Promise<SignedIn> {
    const now = new Date().toISOString();
    await trx
      .insertInto('login_attempts')
      .values({
        id: randomUUID(),
        email: user.email,
        ip: client.ip,
        succeeded: 1,
        at: now,
        cleared: 0,
      })
      .execute();
    await clearSignInFailures(trx, user.email);
    await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    const session = await this.sessions.start(trx, user.id, client);
    await this.audit.record(
      trx,
      {
        ...context,
        actor: {
          userId: user.id,
          email: user.email,
          organisationAcronym: user.organisationAcronym,
        },
      },
      {
        action: 'session.login',
        targetType: 'session',
        targetId: session.sessionId.slice(0, 16),
        ...(factor ? { changes: { secondFactor: factor } } : {}),
      },
    );
    return {
      kind: 'session',
      cookieValue: session.cookieValue,
      csrfToken: session.csrfToken,
      userId: user.id,
      expiresAt: session.expiresAt,
    };
  }

  /** A wrong second-factor code: counts towards the pause of the account's sign-in. */
  async failSecondFactor(email: string, client: Client, context: AuditContext): Promise<void> {
    await this.fail(normaliseEmail(email), client, context, 'bad_second_factor');
  }

  /**
   * Forgets sign-in attempts older than a day: throttling reads only the last window, and the
   * privacy statement promises they are not kept longer than needed.
   */
  async purgeOldAttempts(): Promise<void> {
    const cutoff = new Date(Date.now() - ATTEMPT_RETENTION_HOURS * 3_600_000).toISOString();
    await this.database.db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
  }

  /**
   * Records a failed attempt: in the audit log always, and as a failure that counts towards a
   * pause only when it was not refused by one. The same statements run for an address that has
   * an account as for one that has none.
   */
  private async fail(
    email: string,
    client: Client,
    context: AuditContext,
    reason: FailureReason,
  ): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      if (reason === 'bad_credentials' || reason === 'disabled' || reason === 'bad_second_factor') {
        await countFailedAttempt(trx, email, client.ip);
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
