import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { administrators, hasRole, signedIn, type Actor } from '../../app/access.js';
import type { Schema } from '../../db/schema.js';

/**
 * Who may do what with the training matrix. Route rules say who may try; the functions below
 * decide per training, and `visibleTrainings` is the predicate every read goes through (lists,
 * counts, the calendar, the duplicates, the report and the exports).
 *
 * | who           | read                  | create, change, delete            | duplicates across the network |
 * |---------------|-----------------------|-----------------------------------|-------------------------------|
 * | administrator | all                   | any organiser                     | yes                           |
 * | contact point | all                   | trainings its own agency organises | no                           |
 * | member        | all                   | no                                | no                            |
 * | observer      | released to observers | no                                | no                            |
 */
export const trainingPolicy = {
  read: signedIn,
  write: hasRole('admin', 'contact'),
  duplicates: administrators,
} as const;

export function visibleTrainings(actor: Pick<Actor, 'role'>) {
  return (eb: ExpressionBuilder<Schema, 'trainings'>): Expression<SqlBool> =>
    actor.role === 'observer' ? eb('trainings.released_to_observers', '=', 1) : eb.lit(true);
}

/** Whether the actor may enter, change or remove a training organised by this agency. */
export function mayKeep(actor: Actor, organiserId: string): boolean {
  return (
    actor.role === 'admin' || (actor.role === 'contact' && actor.organisationId === organiserId)
  );
}
