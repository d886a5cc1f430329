import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { AppError, ValidationError } from '../../app/errors.js';
import type { Database, Trx } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { revokeCredentials } from './credentials.js';
import {
  AccountLockedError,
  clearSignInFailures,
  countFailedAttempt,
  normaliseEmail,
  signInPausedUntil,
  type Client,
} from './login.js';
import type { PasswordMail } from './password.mail.js';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  hashPassword,
  randomSecret,
  secretHash,
  verifyPassword,
} from './secrets.js';

/** How long a reset link works: long enough to reach the mailbox, short enough to go stale. */
export const RESET_LINK_MINUTES = 60;
/** Requests for one e-mail address within the hour beyond which no more mail goes out. */
export const RESETS_PER_ADDRESS = 3;
/** Requests from one client address within the hour beyond which no more mail goes out. */
export const RESETS_PER_CLIENT = 20;
/** How long requests are kept: the throttle reads the last hour, investigations the last day. */
export const RESET_RETENTION_HOURS = 24;

const HOUR_MS = 3_600_000;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A reset link that is unknown, expired, used or superseded: all four answer alike. */
export class ResetLinkInvalidError extends AppError {
  constructor() {
    super(
      'reset_link_invalid',
      404,
      'This reset link does not work: it has expired or has been used. Ask for a new one.',
    );
  }
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export function newPasswordErrors(field: string, password: string, current?: string) {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return [
      {
        field,
        message: `Choose a password of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
      },
    ];
  }
  if (current !== undefined && password === current) {
    return [{ field, message: 'Choose a password other than your current one.' }];
  }
  return [];
}

/**
 * A user's own password: changing it with the current one, and resetting a forgotten one with a
 * link sent by e-mail. A link's secret is in the e-mail only; the database keeps its SHA-256.
 * Asking for a link answers, writes and sends the same whether or not an account has the address.
 */
export class Passwords {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly mailQueue: MailQueue,
    private readonly mail: PasswordMail,
  ) {}

  /**
   * Changes the caller's password. The current password is checked like a sign-in, so wrong
   * guesses count towards a pause of the account. Every other session ends; the one making the
   * change stays, and so do API tokens, which are revoked one by one on the account page.
   */
  async change(actor: Actor, context: AuditContext, input: PasswordChange): Promise<void> {
    const errors = [
      ...(input.currentPassword === ''
        ? [{ field: 'currentPassword', message: 'Enter your current password.' }]
        : []),
      ...newPasswordErrors('newPassword', input.newPassword, input.currentPassword),
    ];
    if (errors.length > 0) throw new ValidationError(errors);
    const db = this.database.db;
    const pausedUntil = await signInPausedUntil(db, actor.email);
    if (pausedUntil) throw new AccountLockedError(pausedUntil);
    const { password_hash: currentHash } = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentHash, input.currentPassword))) {
      await db.transaction().execute(async (trx) => {
        await countFailedAttempt(trx, actor.email, context.ip ?? '');
        await this.audit.record(trx, context, {
          action: 'user.password_change_failed',
          targetType: 'user',
          targetId: actor.userId,
        });
      });
      throw new ValidationError([
        { field: 'currentPassword', message: 'Your current password is not correct.' },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    const keptSession = actor.via.kind === 'session' ? actor.via.sessionId : '';
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set((eb) => ({ password_hash: passwordHash, version: eb('version', '+', 1) }))
        .where('id', '=', actor.userId)
        .execute();
      const ended = await trx
        .deleteFrom('sessions')
        .where('user_id', '=', actor.userId)
        .where('id', '!=', keptSession)
        .executeTakeFirst();
      const voidedResetLinks = await this.voidResetLinks(trx, actor.userId);
      await this.audit.record(trx, context, {
        action: 'user.password_change',
        targetType: 'user',
        targetId: actor.userId,
        changes: { endedSessions: Number(ended.numDeletedRows), voidedResetLinks },
      });
      await this.mailQueue.enqueue(trx, [this.mail.changed(actor.email, 'changed')]);
    });
  }

  /**
   * Sends a reset link to the address if an active account has it, and otherwise a message
   * saying there is none: the same statements and one e-mail either way, so neither the answer
   * nor its timing tells whether the address has an account. Past the hourly limits for the
   * address or the client nothing is sent, again alike for both.
   */
  async requestReset(emailInput: string, client: Client, context: AuditContext): Promise<void> {
    const email = normaliseEmail(emailInput);
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      throw new ValidationError([{ field: 'email', message: 'Enter a valid e-mail address.' }]);
    }
    const token = randomSecret();
    const tokenHash = secretHash(token);
    const now = new Date();
    const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      const account = await trx
        .selectFrom('users')
        .select(['id', 'disabled_at'])
        .where('email', '=', email)
        .executeTakeFirst();
      const recent = await trx
        .selectFrom('password_resets')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('total'),
          eb.fn
            .sum<number | string | null>(eb.case().when('email', '=', email).then(1).else(0).end())
            .as('forAddress'),
        ])
        .where('requested_at', '>', hourAgo)
        .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', client.ip.slice(0, 64))]))
        .executeTakeFirstOrThrow();
      const forAddress = Number(recent.forAddress ?? 0);
      const throttled =
        forAddress >= RESETS_PER_ADDRESS || Number(recent.total) - forAddress >= RESETS_PER_CLIENT;
      const active = account !== undefined && account.disabled_at === null;
      if (!throttled) {
        await trx
          .insertInto('password_resets')
          .values({
            id: randomUUID(),
            token_hash: tokenHash,
            email,
            user_id: active ? account.id : null,
            ip: client.ip.slice(0, 64),
            requested_at: now.toISOString(),
            expires_at: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000).toISOString(),
            used_at: null,
          })
          .execute();
        await this.mailQueue.enqueue(trx, [
          active
            ? this.mail.resetLink(email, token, RESET_LINK_MINUTES)
            : this.mail.noAccount(email),
        ]);
      }
      await this.audit.record(trx, context, {
        action: 'user.password_reset_request',
        targetType: 'user',
        targetId: active ? account.id : null,
        changes: {
          email,
          outcome: throttled ? 'throttled' : active ? 'link_sent' : 'no_active_account',
        },
      });
    });
  }

  /** When a reset link stops working, or an error when it does not work now. */
  async checkResetLink(token: string): Promise<{ expiresAt: string }> {
    const row = await this.database.db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select('password_resets.expires_at')
      .where('password_resets.token_hash', '=', secretHash(token))
      .where('password_resets.used_at', 'is', null)
      .where('password_resets.expires_at', '>', new Date().toISOString())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new ResetLinkInvalidError();
    return { expiresAt: row.expires_at };
  }

  /**
   * Sets a new password with a reset link, which works once: claiming it is one conditional
   * statement, so of two uses at once exactly one wins. Like an administrator's reset, it ends
   * every session, revokes API tokens and the calendar feed address, and ends a pause of sign-in.
   */
  async completeReset(token: string, password: string, context: AuditContext): Promise<void> {
    const tokenHash = secretHash(token);
    try {
      await this.checkResetLink(token);
    } catch (error) {
      await this.auditRefusedLink(context, token);
      throw error;
    }
    const errors = newPasswordErrors('password', password);
    if (errors.length > 0) throw new ValidationError(errors);
    const passwordHash = await hashPassword(password);
    const done = await this.database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const claimed = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('user_id', 'is not', null)
        .returning('user_id')
        .executeTakeFirst();
      const user = claimed?.user_id
        ? await trx
            .selectFrom('users')
            .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
            .select(['users.id', 'users.email', 'organisations.acronym'])
            .where('users.id', '=', claimed.user_id)
            .where('users.disabled_at', 'is', null)
            .executeTakeFirst()
        : undefined;
      if (!user) return false;
      await trx
        .updateTable('users')
        .set((eb) => ({ password_hash: passwordHash, version: eb('version', '+', 1) }))
        .where('id', '=', user.id)
        .execute();
      const clearedFailures = await clearSignInFailures(trx, user.email);
      const revoked = await revokeCredentials(trx, user.id);
      const voidedResetLinks = await this.voidResetLinks(trx, user.id);
      await this.audit.record(
        trx,
        {
          ...context,
          actor: { userId: user.id, email: user.email, organisationAcronym: user.acronym },
        },
        {
          action: 'user.password_reset_by_link',
          targetType: 'user',
          targetId: user.id,
          changes: { ...revoked, clearedFailures, voidedResetLinks },
        },
      );
      await this.mailQueue.enqueue(trx, [this.mail.changed(user.email, 'reset')]);
      return true;
    });
    if (!done) {
      await this.auditRefusedLink(context, token);
      throw new ResetLinkInvalidError();
    }
  }

  /** Forgets requests older than a day; the throttle reads only the last hour. */
  async purgeOldResets(): Promise<void> {
    const cutoff = new Date(Date.now() - RESET_RETENTION_HOURS * HOUR_MS).toISOString();
    await this.database.db
      .deleteFrom('password_resets')
      .where('requested_at', '<', cutoff)
      .execute();
  }

  /** Once the password has changed, no earlier link may change it again. */
  private async voidResetLinks(trx: Trx, userId: string): Promise<number> {
    const voided = await trx
      .updateTable('password_resets')
      .set({ used_at: new Date().toISOString() })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(voided.numUpdatedRows);
  }

  /** Audits a use of a link that did not work, naming the link by the start of its hash. */
  async auditRefusedLink(context: AuditContext, token: string): Promise<void> {
    await this.audit.recordAlone(context, {
      action: 'user.password_reset_refused',
      targetType: 'user',
      targetId: null,
      changes: { link: secretHash(token).slice(0, 16) },
    });
  }
}
