import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { AppError, NotFoundError, ValidationError, type FieldError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { randomSecret, secretHash } from './secrets.js';

export const TOKEN_PREFIX = 'jht_';
export const MAX_TOKEN_DAYS = 366;
export const DEFAULT_TOKEN_DAYS = 90;

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

/**
 * Personal API tokens: shown once, stored as a hash, always expiring, each use audited.
 * A token acts with its owner's current role; disabling the owner or resetting their password
 * revokes it. Tokens are made in a browser session (or by an operator at the command line), never
 * with another token. A token may outlive the session it was made in, which is what it is for:
 * its bound is the account, which has no end date of its own, and `MAX_TOKEN_DAYS`.
 */
export class ApiTokens {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Creates a token for the user of a browser session. A token cannot create tokens (nor would
   * the route let it): a token minted by a token would outlive the revocation of its parent.
   */
  async create(
    actor: Actor,
    context: AuditContext,
    input: { name: string; expiresInDays?: number | undefined },
  ): Promise<{ token: string; view: TokenView }> {
    if (actor.via.kind !== 'session') {
      throw new AppError(
        'session_required',
        403,
        'API tokens are created in a signed-in browser session, not with another token.',
      );
    }
    return this.issue(context, actor.userId, input, 'session');
  }

  /** Creates a token for a user at the command line, which only an operator of the server runs. */
  async createForOperator(
    context: AuditContext,
    userId: string,
    input: { name: string; expiresInDays?: number | undefined },
  ): Promise<{ token: string; view: TokenView }> {
    return this.issue(context, userId, input, 'command line');
  }

  private async issue(
    context: AuditContext,
    userId: string,
    input: { name: string; expiresInDays?: number | undefined },
    madeIn: 'session' | 'command line',
  ): Promise<{ token: string; view: TokenView }> {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
    if (name.length === 0 || name.length > 100) {
      errors.push({ field: 'name', message: 'Give the token a name of 1 to 100 characters.' });
    }
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
      errors.push({
        field: 'expiresInDays',
        message: `A token is valid for 1 to ${MAX_TOKEN_DAYS} days.`,
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const token = randomSecret(TOKEN_PREFIX);
    const now = new Date();
    const row = {
      id: randomUUID(),
      user_id: userId,
      name,
      token_hash: secretHash(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_tokens').values(row).execute();
      await this.audit.record(trx, context, {
        action: 'token.create',
        targetType: 'token',
        targetId: row.id,
        changes: {
          name: { after: name },
          expires_at: { after: row.expires_at },
          user_id: userId,
          madeIn,
        },
      });
    });
    return { token, view: toView(row) };
  }

  async listOwn(actor: Actor): Promise<TokenView[]> {
    const rows = await this.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toView);
  }

  /** Revokes one of the actor's own tokens; anyone else's answers as missing. */
  async revoke(actor: Actor, context: AuditContext, tokenId: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', tokenId)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError('No such token.');
      await this.audit.record(trx, context, {
        action: 'token.revoke',
        targetType: 'token',
        targetId: tokenId,
      });
    });
  }

  /** The actor a bearer token stands for, or null; records the use in the audit log. */
  async resolve(token: string, context: Omit<AuditContext, 'actor'>): Promise<Actor | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const now = new Date().toISOString();
    const row = await this.database.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'api_tokens.id as tokenId',
        'users.id as userId',
        'users.email',
        'users.name',
        'users.role',
        'users.locale',
        'organisations.id as organisationId',
        'organisations.acronym as organisationAcronym',
      ])
      .where('api_tokens.token_hash', '=', secretHash(token))
      .where('api_tokens.revoked_at', 'is', null)
      .where('api_tokens.expires_at', '>', now)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const actor: Actor = {
      userId: row.userId,
      email: row.email,
      name: row.name,
      role: row.role,
      locale: row.locale,
      organisationId: row.organisationId,
      organisationAcronym: row.organisationAcronym,
      via: { kind: 'token', tokenId: row.tokenId },
    };
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.tokenId)
        .execute();
      await this.audit.record(
        trx,
        {
          ...context,
          actor: {
            userId: actor.userId,
            email: actor.email,
            organisationAcronym: actor.organisationAcronym,
          },
        },
        { action: 'token.use', targetType: 'token', targetId: row.tokenId },
      );
    });
    return actor;
  }
}

function toView(row: {
  id: string;
  name: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): TokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}
