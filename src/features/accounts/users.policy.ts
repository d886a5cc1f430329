import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { administrators, hasRole, inSession, signedIn, type Actor } from '../../app/access.js';
import type { Schema } from '../../db/schema.js';

/** Who may do what with user accounts. */
export const usersPolicy = {
  /** Listing, creating, editing, disabling and resetting accounts is the secretariat's job. */
  manage: administrators,
  /** Everyone signed in has their own account page and tokens. */
  ownAccount: signedIn,
  /** API tokens are made in a browser session only, never with another token. */
  createToken: inSession,
  /** A password is changed in a browser session, never with an API token. */
  changeOwnPassword: inSession,
  /** Reading accounts: administrators see every account, others only their own (see `visibleUsers`). */
  read: hasRole('admin', 'contact', 'member', 'observer'),
} as const;

/** The accounts an actor may read, as a predicate every query on users applies. */
export function visibleUsers(actor: Actor) {
  return (eb: ExpressionBuilder<Schema, 'users'>): Expression<SqlBool> =>
    actor.role === 'admin' ? eb.lit(true) : eb('users.id', '=', actor.userId);
}
