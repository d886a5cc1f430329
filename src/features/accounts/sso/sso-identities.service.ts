import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../app/access.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../app/errors.js';
import type { Config } from '../../../config.js';
import { isConstraintViolation, type Database, type Trx } from '../../../db/database.js';
import type { AuditLog } from '../../audit/audit.service.js';
import type { AuditContext } from '../../audit/audit.events.js';
import type { SsoProvider } from './sso.config.js';

export interface SsoIdentityView {
  id: string;
  provider: string;
  issuer: string;
  subject: string;
  createdAt: string;
  /** The administrator who bound it; null when a first sign-in bound it to a new account. */
  createdBy: string | null;
  createdByName: string | null;
}

/** The longest subject stored: OpenID Connect caps `sub` at 255 ASCII characters. */
export const MAX_SUBJECT_LENGTH = 255;

/**
 * A subject is bound to one account only. The refusal does not say which account: whoever binds
 * learns that the subject is taken, not who holds it.
 */
export class SubjectBoundError extends ConflictError {
  constructor() {
    super('This subject of this provider is bound to an account already.', 'sso_subject_bound');
  }
}

/** Binds a provider's subject to an account; the caller writes the audit entry. */
export async function insertIdentity(
  trx: Trx,
  binding: { userId: string; provider: SsoProvider; subject: string; createdBy: string | null },
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('sso_identities')
    .values({
      id,
      user_id: binding.userId,
      provider: binding.provider.id,
      issuer: binding.provider.issuer,
      subject: binding.subject,
      created_by: binding.createdBy,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

/**
 * The provider identities bound to accounts, which administrators bind and unbind: a bound
 * subject opens its account whatever e-mail address the provider sends.
 */
export class SsoIdentities {
  constructor(
    private readonly config: Config,
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  async list(userId: string): Promise<SsoIdentityView[]> {
    await this.requireUser(this.database.db, userId);
    return this.selectView(this.database.db)
      .where('sso_identities.user_id', '=', userId)
      .orderBy('sso_identities.created_at')
      .orderBy('sso_identities.id')
      .execute();
  }

  /** Identities with the name of who bound them (only administrators read these). */
  private selectView(db: Trx | Database['db']) {
    return db
      .selectFrom('sso_identities')
      .leftJoin('users as binder', 'binder.id', 'sso_identities.created_by')
      .select([
        'sso_identities.id',
        'sso_identities.provider',
        'sso_identities.issuer',
        'sso_identities.subject',
        'sso_identities.created_at as createdAt',
        'sso_identities.created_by as createdBy',
        'binder.name as createdByName',
      ]);
  }

  async bind(
    actor: Actor,
    context: AuditContext,
    userId: string,
    input: { provider: string; subject: string },
  ): Promise<SsoIdentityView> {
    const provider = this.config.sso.find((p) => p.id === input.provider);
    const subject = input.subject.trim();
    const errors = [
      ...(provider ? [] : [{ field: 'provider', message: 'Choose a configured provider.' }]),
      ...(subject === '' ? [{ field: 'subject', message: 'Give the subject (sub).' }] : []),
      ...(subject.length > MAX_SUBJECT_LENGTH
        ? [
            {
              field: 'subject',
              message: `The subject is at most ${String(MAX_SUBJECT_LENGTH)} characters long.`,
            },
          ]
        : []),
    ];
    if (!provider || errors.length > 0) throw new ValidationError(errors);
    try {
      return await this.bindChecked(actor, context, userId, provider, subject);
    } catch (error) {
      // Two administrators binding the same subject at once: the unique key refuses the second.
      if (isConstraintViolation(error)) throw new SubjectBoundError();
      throw error;
    }
  }

  private async bindChecked(
    actor: Actor,
    context: AuditContext,
    userId: string,
    provider: SsoProvider,
    subject: string,
  ): Promise<SsoIdentityView> {
    return this.database.db.transaction().execute(async (trx) => {
      await this.requireUser(trx, userId);
      const taken = await trx
        .selectFrom('sso_identities')
        .select('id')
        .where('issuer', '=', provider.issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
      if (taken) throw new SubjectBoundError();
      const id = await insertIdentity(trx, {
        userId,
        provider,
        subject,
        createdBy: actor.userId,
      });
      await this.audit.record(trx, context, {
        action: 'user.sso_bind',
        targetType: 'user',
        targetId: userId,
        changes: { provider: provider.id, issuer: provider.issuer, subject, identity: id },
      });
      return this.selectView(trx).where('sso_identities.id', '=', id).executeTakeFirstOrThrow();
    });
  }

  async unbind(context: AuditContext, userId: string, identityId: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const identity = await trx
        .selectFrom('sso_identities')
        .select(['id', 'provider', 'issuer', 'subject'])
        .where('id', '=', identityId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!identity) throw new NotFoundError();
      await trx.deleteFrom('sso_identities').where('id', '=', identity.id).execute();
      await this.audit.record(trx, context, {
        action: 'user.sso_unbind',
        targetType: 'user',
        targetId: userId,
        changes: {
          provider: identity.provider,
          issuer: identity.issuer,
          subject: identity.subject,
          identity: identity.id,
        },
      });
    });
  }

  private async requireUser(db: Trx | Database['db'], userId: string): Promise<void> {
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError();
  }
}
