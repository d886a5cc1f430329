import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import {
  NotFoundError,
  ConflictError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { supportedLocales } from '../../app/i18n/i18n.js';
import type { Database } from '../../db/database.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import { roles, type Role } from '../../db/schema.js';
import type { AuditLog, Page } from '../audit/audit.service.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import { revokeCredentials } from './credentials.js';
import { clearSignInFailures, normaliseEmail, signInPausedUntil } from './login.js';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  generatePassword,
  hashPassword,
} from './secrets.js';
import { visibleUsers } from './users.policy.js';
import { bumpVersion, changeVersioned, unchanged } from '../../db/versioned.js';

/** An account as the API and pages show it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationAcronym: string;
  role: Role;
  locale: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserInput {
  email: string;
  name: string;
  organisationId: string;
  role: Role;
  locale?: string | null;
  password?: string | undefined;
}

export type UserChanges = Partial<Omit<UserInput, 'password' | 'email'>> & { email?: string };

export const userSortKeys = ['name', 'email', 'organisation', 'role', 'lastLogin'] as const;
export type UserSortKey = (typeof userSortKeys)[number];

export interface UserQuery {
  q?: string | undefined;
  role?: Role | undefined;
  organisationId?: string | undefined;
  sort: UserSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const viewColumns = [
  'users.id',
  'users.email',
  'users.name',
  'users.organisation_id as organisationId',
  'organisations.acronym as organisationAcronym',
  'users.role',
  'users.locale',
  'users.disabled_at as disabledAt',
  'users.locked_until as lockedUntil',
  'users.last_login_at as lastLoginAt',
  'users.version',
  'users.created_at as createdAt',
  'users.updated_at as updatedAt',
] as const;

const sortColumns = {
  name: 'users.name',
  email: 'users.email',
  organisation: 'organisations.acronym',
  role: 'users.role',
  lastLogin: 'users.last_login_at',
} as const;

export class Users {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** Accounts joined with their organisation; callers add the actor's visibility predicate. */
  private joined() {
    return this.database.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id');
  }

  private baseQuery(actor: Actor) {
    return this.joined().where(visibleUsers(actor));
  }

  private selectView(actor: Actor) {
    return this.baseQuery(actor).select(viewColumns);
  }

  async list(actor: Actor, query: UserQuery): Promise<Page<UserView>> {
    const filtered = <Q extends ReturnType<Users['baseQuery']>>(q: Q): Q => {
      let result = q;
      if (query.q) {
        const text = query.q;
        result = result.where((eb) =>
          eb.or([
            containsIgnoringCase('users.name', text),
            containsIgnoringCase('users.email', text),
          ]),
        ) as Q;
      }
      if (query.role) result = result.where('users.role', '=', query.role) as Q;
      if (query.organisationId)
        result = result.where('users.organisation_id', '=', query.organisationId) as Q;
      return result;
    };
    const [rows, count] = await Promise.all([
      filtered(this.selectView(actor))
        // Never signed in sorts last either way; the two databases place NULL differently.
        .orderBy(sortColumns[query.sort], (ob) =>
          (query.direction === 'asc' ? ob.asc() : ob.desc()).nullsLast(),
        )
        .orderBy('users.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      filtered(this.baseQuery(actor))
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map(toView),
      total: count.total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const row = await this.selectView(actor).where('users.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('No such user.');
    return toView(row);
  }

  private async validate(input: Partial<UserInput>, creating: boolean): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (input.email !== undefined || creating) {
      const email = normaliseEmail(input.email ?? '');
      if (!EMAIL_PATTERN.test(email) || email.length > 254) {
        errors.push({ field: 'email', message: 'Enter a valid e-mail address.' });
      }
    }
    if (input.name !== undefined || creating) {
      const name = (input.name ?? '').trim();
      if (name.length === 0 || name.length > 200) {
        errors.push({ field: 'name', message: 'Enter a name of 1 to 200 characters.' });
      }
    }
    if (input.role !== undefined || creating) {
      if (!roles.includes(input.role as Role)) {
        errors.push({ field: 'role', message: `Choose a role: ${roles.join(', ')}.` });
      }
    }
    if (input.organisationId !== undefined || creating) {
      const organisation = input.organisationId
        ? await this.database.db
            .selectFrom('organisations')
            .select('id')
            .where('id', '=', input.organisationId)
            .executeTakeFirst()
        : undefined;
      if (!organisation) {
        errors.push({
          field: 'organisationId',
          message: 'Choose an agency or body of the network.',
        });
      }
    }
    if (
      input.locale !== undefined &&
      input.locale !== null &&
      !supportedLocales.includes(input.locale)
    ) {
      errors.push({
        field: 'locale',
        message: `Choose a language: ${supportedLocales.join(', ')}.`,
      });
    }
    if (input.password !== undefined && input.password !== '') {
      errors.push(...passwordErrors(input.password));
    }
    return errors;
  }

  /** Creates an account; returns it with the password when one was generated. */
  async create(
    context: AuditContext,
    input: UserInput,
  ): Promise<{ user: UserView; generatedPassword: string | null }> {
    const errors = await this.validate(input, true);
    if (errors.length > 0) throw new ValidationError(errors);
    const email = normaliseEmail(input.email);
    const generatedPassword = input.password ? null : generatePassword();
    const passwordHash = await hashPassword(input.password || (generatedPassword ?? ''));
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (existing)
        throw new ValidationError([
          { field: 'email', message: 'An account with this e-mail address exists already.' },
        ]);
      await trx
        .insertInto('users')
        .values({
          id,
          email,
          name: input.name.trim(),
          organisation_id: input.organisationId,
          role: input.role,
          locale: input.locale ?? null,
          password_hash: passwordHash,
          disabled_at: null,
          failed_logins: 0,
          locked_until: null,
          last_login_at: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        changes: {
          email: { after: email },
          name: { after: input.name.trim() },
          organisation_id: { after: input.organisationId },
          role: { after: input.role },
        },
      });
    });
    return { user: await this.getById(id), generatedPassword };
  }

  /** An account by id, without a visibility check: for the account's own owner and for sign-in. */
  async getById(id: string): Promise<UserView> {
    const row = await this.joined()
      .select(viewColumns)
      .where('users.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such user.');
    return toView(row);
  }

  /**
   * Applies changes if `expectedVersion` is still current; a stale version is refused. The caller
   * has checked that the actor may change this account.
   */
  async update(
    context: AuditContext,
    id: string,
    changes: UserChanges,
    expectedVersion: number,
  ): Promise<UserView> {
    const errors = await this.validate(changes, false);
    if (errors.length > 0) throw new ValidationError(errors);
    await changeVersioned(this.database.db, 'users', id, expectedVersion, async (trx) => {
      const before = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const patch = {
        ...(changes.email !== undefined ? { email: normaliseEmail(changes.email) } : {}),
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.organisationId !== undefined
          ? { organisation_id: changes.organisationId }
          : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      };
      // Saving an unchanged form is not a change: no new version, nothing to audit.
      if (Object.keys(diff(before, patch)).length === 0) return unchanged;
      if (patch.email && patch.email !== before.email) {
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', patch.email)
          .executeTakeFirst();
        if (taken)
          throw new ValidationError([
            { field: 'email', message: 'An account with this e-mail address exists already.' },
          ]);
      }
      await trx.updateTable('users').set(patch).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        changes: diff(before, patch),
      });
    });
    return this.getById(id);
  }

  /** Disables (revoking every session, token and feed address at once) or enables an account. */
  async setDisabled(
    actor: Actor,
    context: AuditContext,
    id: string,
    disabled: boolean,
    expectedVersion: number,
  ): Promise<UserView> {
    await this.get(actor, id);
    if (disabled && id === actor.userId) {
      throw new ConflictError('You cannot disable your own account.', 'cannot_disable_self');
    }
    await changeVersioned(this.database.db, 'users', id, expectedVersion, async (trx) => {
      const before = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const disabledAt = disabled ? (before.disabled_at ?? new Date().toISOString()) : null;
      await trx
        .updateTable('users')
        .set({
          disabled_at: disabledAt,
          failed_logins: 0,
          locked_until: null,
        })
        .where('id', '=', id)
        .execute();
      // Nothing the account held survives to come back when it is enabled again.
      const revoked = disabled ? await revokeCredentials(trx, id) : {};
      await this.audit.record(trx, context, {
        action: disabled ? 'user.disable' : 'user.enable',
        targetType: 'user',
        targetId: id,
        changes: { disabled_at: { before: before.disabled_at, after: disabledAt }, ...revoked },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Ends a pause of sign-in on an account, clearing its run of failed attempts; audited. An
   * account whose sign-in is not paused is left alone (409), so each entry records a change.
   */
  async unlock(actor: Actor, context: AuditContext, id: string): Promise<UserView> {
    const user = await this.get(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      const lockedUntil = await signInPausedUntil(trx, user.email);
      // A concurrent unlock clears the failures first; this one then clears none and stops.
      const clearedFailures = lockedUntil ? await clearSignInFailures(trx, user.email) : 0;
      if (!lockedUntil || clearedFailures === 0) {
        throw new ConflictError('Sign-in to this account is not paused.', 'not_locked');
      }
      await this.audit.record(trx, context, {
        action: 'user.unlock',
        targetType: 'user',
        targetId: id,
        changes: { lockedUntil: { before: lockedUntil, after: null }, clearedFailures },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Sets a new password (generated when none is given), revokes every credential of the user and
   * ends any pause of their sign-in.
   */
  async resetPassword(
    context: AuditContext,
    id: string,
    password?: string,
  ): Promise<{ generatedPassword: string | null }> {
    if (password !== undefined && password !== '') {
      const errors = passwordErrors(password);
      if (errors.length > 0) throw new ValidationError(errors);
    }
    const generatedPassword = password ? null : generatePassword();
    const passwordHash = await hashPassword(password || (generatedPassword ?? ''));
    await this.database.db.transaction().execute(async (trx) => {
      await bumpVersion(trx, 'users', id);
      const { email } = await trx
        .selectFrom('users')
        .select('email')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const clearedFailures = await clearSignInFailures(trx, email);
      await trx
        .updateTable('users')
        .set({
          password_hash: passwordHash,
        })
        .where('id', '=', id)
        .execute();
      // A reset is often the answer to a leaked credential: whatever was made with it goes too.
      const revoked = await revokeCredentials(trx, id);
      await this.audit.record(trx, context, {
        action: 'user.password_reset',
        targetType: 'user',
        targetId: id,
        changes: { ...revoked, clearedFailures },
      });
    });
    return { generatedPassword };
  }

  async idByEmail(email: string): Promise<string | null> {
    const row = await this.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
    return row?.id ?? null;
  }
}

export function passwordErrors(password: string): FieldError[] {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return [
      {
        field: 'password',
        message: `Choose a password of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
      },
    ];
  }
  return [];
}

function toView(row: {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationAcronym: string;
  role: Role;
  locale: string | null;
  disabledAt: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}): UserView {
  const { disabledAt, lockedUntil, ...rest } = row;
  return {
    ...rest,
    disabled: disabledAt !== null,
    lockedUntil: lockedUntil && lockedUntil > new Date().toISOString() ? lockedUntil : null,
  };
}
