import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { administrators, hasRole, signedIn, type Actor } from '../../app/access.js';
import type { Schema } from '../../db/schema.js';

/**
 * Who may do what with the toolboxes. Route rules say who may try; the functions below decide
 * per offer, and `visibleOffers` is the predicate every read of offers goes through (lists,
 * matrix cells, counts, gaps, overlaps, exports, history).
 *
 * | who                 | reads                              | toolboxes, themes | offers                   |
 * |---------------------|------------------------------------|-------------------|--------------------------|
 * | administrator       | every offer                        | create, change    | of any agency            |
 * | contact point       | every offer                        | no                | of their own agency      |
 * | member              | every offer                        | no                | no                       |
 * | observer            | offers released to observers       | no                | no                       |
 *
 * Toolboxes and their themes are the frame of the matrix and every signed-in user reads them.
 * An offer another agency owns answers a contact point's change like a missing one (404).
 */
export const toolboxesPolicy = {
  read: signedIn,
  manage: administrators,
  offer: hasRole('admin', 'contact'),
} as const;

/** The offers the actor may read, as a predicate on the offers table. */
export function visibleOffers(actor: Pick<Actor, 'role'>) {
  return (eb: ExpressionBuilder<Schema, 'toolbox_offers'>): Expression<SqlBool> =>
    actor.role === 'observer' ? eb('toolbox_offers.released_to_observers', '=', 1) : eb.lit(true);
}

/** Whether the actor may add, change or delete an offer of this agency. */
export function mayOfferFor(actor: Pick<Actor, 'role' | 'organisationId'>, agencyId: string) {
  return actor.role === 'admin' || (actor.role === 'contact' && actor.organisationId === agencyId);
}

export function mayManageToolboxes(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'admin';
}
