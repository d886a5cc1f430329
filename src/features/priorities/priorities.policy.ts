import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { signedIn, type Actor } from '../../app/access.js';
import type { PriorityStatus, Schema } from '../../db/schema.js';

/** Who may do what with the network's yearly priorities. */
export const prioritiesPolicy = {
  /** Everyone signed in reads priorities; which versions, `visibleFrameworks` decides. */
  read: signedIn,
} as const;

/**
 * Agreed priorities are the network's public commitments: everyone reads them. A version under
 * consultation is read by the contact points who answer it; a draft only by the secretariat.
 */
const statusesVisibleTo: Record<Actor['role'], readonly PriorityStatus[]> = {
  admin: ['draft', 'consultation', 'agreed'],
  contact: ['consultation', 'agreed'],
  member: ['agreed'],
  observer: ['agreed'],
};

export function visibleFrameworks(actor: Actor) {
  return (eb: ExpressionBuilder<Schema, 'priority_frameworks'>): Expression<SqlBool> =>
    eb('priority_frameworks.status', 'in', [...statusesVisibleTo[actor.role]]);
}
