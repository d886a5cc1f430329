import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../app/access.js';
import type { SecondFactorRequirement } from '../../../config.js';
import { AppError, NotFoundError, ValidationError } from '../../../app/errors.js';
import type { Database, Executor, Trx } from '../../../db/database.js';
import type { FactorKind, Role } from '../../../db/schema.js';
import type { AuditLog } from '../../audit/audit.service.js';
import type { AuditContext } from '../../audit/audit.events.js';
import type { FileKeyRing } from '../../documents/file-crypto.js';
import { openSecret, sealSecret } from './sealed-secret.js';
import { replaceRecoveryCodes, useRecoveryCode } from './recovery-codes.js';
import { base32Encode, matchingStep, newTotpSecret, otpauthUri } from './totp.js';

/** The issuer an authenticator app shows beside the account. */
const ISSUER = 'jhanet';

export interface FactorView {
  id: string;
  kind: FactorKind;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface FactorsView {
  factors: FactorView[];
  recoveryCodesLeft: number;
  /** Whether this account must sign in with a second factor. */
  required: boolean;
}

export interface TotpOffer {
  id: string;
  secret: string;
  uri: string;
}

/** What proved the second factor at sign-in. */
export type FactorProof = 'totp' | 'recovery_code' | 'passkey';

export class InvalidCodeError extends ValidationError {
  constructor(field = 'code') {
    super([{ field, message: 'The code is not correct, or was already used.' }]);
  }
}

/**
 * Second factors of accounts: authenticator apps (TOTP) and recovery codes; passkeys are kept
 * in the same table (passkeys.service.ts). Every change is audited in its transaction, and
 * removing a factor ends the user's other sessions (docs/security.md).
 */
export class SecondFactors {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly keys: FileKeyRing,
    private readonly requirement: SecondFactorRequirement,
  ) {}

  /** Administrators and EUCI-cleared users need a second factor; everyone under "all". */
  isRequired(user: { role: Role; clearance_level: number | null }): boolean {
    if (this.requirement === 'all') return true;
    if (this.requirement === 'optional') return false;
    return user.role === 'admin' || user.clearance_level !== null;
  }

  /** What follows a proven password: a session at once, a factor to prove, or one to set up. */
  async stageAfterPassword(db: Executor, userId: string): Promise<'none' | 'verify' | 'enrol'> {
    const user = await db
      .selectFrom('users')
      .select(['role', 'clearance_level'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (await this.hasFactor(db, userId)) return 'verify';
    return this.isRequired(user) ? 'enrol' : 'none';
  }

  async hasFactor(db: Executor, userId: string): Promise<boolean> {
    const found = await db
      .selectFrom('user_factors')
      .select('id')
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return found !== undefined;
  }

  async list(userId: string): Promise<FactorsView> {
    const db = this.database.db;
    const [rows, left, user] = await Promise.all([
      db
        .selectFrom('user_factors')
        .select(['id', 'kind', 'label', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('users')
        .select(['role', 'clearance_level'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      factors: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        label: row.label,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
      })),
      recoveryCodesLeft: Number(left.n),
      required: this.isRequired(user),
    };
  }

  /** A new authenticator app secret for the account, waiting for its first code. */
  async offerTotp(actor: Actor): Promise<TotpOffer> {
    const id = randomUUID();
    const secret = newTotpSecret();
    await this.database.db.transaction().execute(async (trx) => {
      // Only the latest offer stays open: an abandoned one is never confirmed.
      await trx
        .deleteFrom('user_factors')
        .where('user_id', '=', actor.userId)
        .where('confirmed_at', 'is', null)
        .execute();
      await trx
        .insertInto('user_factors')
        .values({
          id,
          user_id: actor.userId,
          kind: 'totp',
          label: 'Authenticator app',
          totp_secret: sealSecret(this.keys, secret, id),
          totp_last_step: null,
          credential_id: null,
          public_key: null,
          sign_count: null,
          transports: null,
          confirmed_at: null,
          last_used_at: null,
          created_at: new Date().toISOString(),
        })
        .execute();
    });
    return { id, secret: base32Encode(secret), uri: otpauthUri(secret, ISSUER, actor.email) };
  }

  /** An offer not yet confirmed, to show again beside a wrong code. */
  async pendingOffer(actor: Actor, id: string): Promise<TotpOffer> {
    const offer = await this.database.db
      .selectFrom('user_factors')
      .select(['id', 'totp_secret'])
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .where('kind', '=', 'totp')
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (!offer?.totp_secret) throw new NotFoundError('No such authenticator app offer.');
    const secret = openSecret(this.keys, offer.totp_secret, id);
    return { id, secret: base32Encode(secret), uri: otpauthUri(secret, ISSUER, actor.email) };
  }

  /**
   * Confirms an offered authenticator app with its first code. The first factor of an account
   * comes with ten recovery codes, returned here only.
   */
  async confirmTotp(
    actor: Actor,
    context: AuditContext,
    id: string,
    code: string,
  ): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    return this.database.db.transaction().execute(async (trx) => {
      const offer = await trx
        .selectFrom('user_factors')
        .select(['id', 'totp_secret', 'confirmed_at'])
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .where('kind', '=', 'totp')
        .executeTakeFirst();
      if (!offer?.totp_secret) throw new NotFoundError('No such authenticator app offer.');
      if (offer.confirmed_at !== null)
        throw new AppError('already_confirmed', 409, 'This authenticator app is already set up.');
      const step = matchingStep(openSecret(this.keys, offer.totp_secret, id), code, Date.now());
      if (step === null) throw new InvalidCodeError();
      const hadFactor = await this.hasFactor(trx, actor.userId);
      const now = new Date().toISOString();
      await trx
        .updateTable('user_factors')
        .set({ confirmed_at: now, totp_last_step: step, last_used_at: now })
        .where('id', '=', id)
        .execute();
      const recoveryCodes = hadFactor ? null : await replaceRecoveryCodes(trx, actor.userId);
      await this.audit.record(trx, context, {
        action: 'factor.enrol',
        targetType: 'factor',
        targetId: id,
        changes: { userId: actor.userId, kind: 'totp', recoveryCodes: recoveryCodes !== null },
      });
      const factor = await factorView(trx, id);
      return { factor, recoveryCodes };
    });
  }

  /**
   * Sets up an authenticator app in one step for a user who proved a code of `secret` (the
   * enrolment that follows the password of a user who must have a factor). Returns the
   * recovery codes.
   */
  async enrolProven(
    trx: Trx,
    context: AuditContext,
    userId: string,
    secret: Buffer,
    step: number,
  ): Promise<string[]> {
    const id = randomUUID();
    const now = new Date().toISOString();
    await trx
      .insertInto('user_factors')
      .values({
        id,
        user_id: userId,
        kind: 'totp',
        label: 'Authenticator app',
        totp_secret: sealSecret(this.keys, secret, id),
        totp_last_step: step,
        credential_id: null,
        public_key: null,
        sign_count: null,
        transports: null,
        confirmed_at: now,
        last_used_at: now,
        created_at: now,
      })
      .execute();
    const codes = await replaceRecoveryCodes(trx, userId);
    await this.audit.record(trx, context, {
      action: 'factor.enrol',
      targetType: 'factor',
      targetId: id,
      changes: { userId, kind: 'totp', recoveryCodes: true },
    });
    return codes;
  }

  /**
   * Proves a code at sign-in: an authenticator app's code of a step later than the last one
   * it accepted (so a code is good once), or an unused recovery code, which is then used up
   * and audited. Null when neither.
   */
  async proveCode(
    trx: Trx,
    context: AuditContext,
    userId: string,
    code: string,
  ): Promise<FactorProof | null> {
    const typed = code.trim();
    const apps = await trx
      .selectFrom('user_factors')
      .select(['id', 'totp_secret', 'totp_last_step'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'totp')
      .where('confirmed_at', 'is not', null)
      .execute();
    const now = Date.now();
    for (const app of apps) {
      if (!app.totp_secret) continue;
      const step = matchingStep(openSecret(this.keys, app.totp_secret, app.id), typed, now);
      if (step === null) continue;
      // One conditional statement: of two requests with the same code, one wins.
      const claimed = await trx
        .updateTable('user_factors')
        .set({ totp_last_step: step, last_used_at: new Date(now).toISOString() })
        .where('id', '=', app.id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) return 'totp';
    }
    if (await useRecoveryCode(trx, userId, typed)) {
      const left = await trx
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, context, {
        action: 'factor.recovery_used',
        targetType: 'user',
        targetId: userId,
        changes: { recoveryCodesLeft: Number(left.n) },
      });
      return 'recovery_code';
    }
    return null;
  }

  /** Removes one of the caller's factors and ends their other sessions. */
  async revoke(actor: Actor, context: AuditContext, id: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const factor = await trx
        .selectFrom('user_factors')
        .select(['id', 'kind'])
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      if (!factor) throw new NotFoundError('No such factor.');
      await trx.deleteFrom('user_factors').where('id', '=', id).execute();
      // Recovery codes stand in for a factor: without any factor they have nothing to recover.
      const left = await this.hasFactor(trx, actor.userId);
      if (!left)
        await trx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
      const ended = await this.endOtherSessions(trx, actor);
      await this.audit.record(trx, context, {
        action: 'factor.revoke',
        targetType: 'factor',
        targetId: id,
        changes: { userId: actor.userId, kind: factor.kind, endedSessions: ended },
      });
    });
  }

  /** Ten new recovery codes in place of the old ones, for a user who has a factor. */
  async regenerateRecoveryCodes(actor: Actor, context: AuditContext): Promise<string[]> {
    return this.database.db.transaction().execute(async (trx) => {
      if (!(await this.hasFactor(trx, actor.userId)))
        throw new AppError(
          'no_second_factor',
          409,
          'Recovery codes stand in for a second factor: set one up first.',
        );
      const codes = await replaceRecoveryCodes(trx, actor.userId);
      await this.audit.record(trx, context, {
        action: 'factor.recovery_regenerate',
        targetType: 'user',
        targetId: actor.userId,
      });
      return codes;
    });
  }

  /**
   * An administrator's reset of another user's factors (a lost phone): every factor and
   * recovery code goes, and every session of the user ends, so the next sign-in starts afresh.
   */
  async reset(context: AuditContext, userId: string): Promise<{ removedFactors: number }> {
    return this.database.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('user_factors')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      await trx.deleteFrom('user_factors').where('user_id', '=', userId).execute();
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
      const sessions = await trx
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const removedFactors = Number(removed.numDeletedRows);
      await this.audit.record(trx, context, {
        action: 'factor.reset',
        targetType: 'user',
        targetId: userId,
        changes: { removedFactors, endedSessions: Number(sessions.numDeletedRows) },
      });
      return { removedFactors };
    });
  }

  private async endOtherSessions(trx: Trx, actor: Actor): Promise<number> {
    const current = actor.via.kind === 'session' ? actor.via.sessionId : '';
    const ended = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', actor.userId)
      .where('id', '!=', current)
      .executeTakeFirst();
    return Number(ended.numDeletedRows);
  }
}

/** A factor as its owner sees it: never its secret. */
export async function factorView(db: Executor, id: string): Promise<FactorView> {
  const row = await db
    .selectFrom('user_factors')
    .select(['id', 'kind', 'label', 'created_at', 'last_used_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
