import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { administrators, hasRole, signedIn, type Actor } from '../../app/access.js';
import type { Schema } from '../../db/schema.js';

/**
 * Who may do what with the scorecard. Route rules say who may try; the functions below decide
 * per activity, and `visibleActivities` is the predicate every read goes through.
 *
 * | who                      | read                      | create        | change, post progress       | delete |
 * |--------------------------|---------------------------|---------------|-----------------------------|--------|
 * | administrator            | all                       | any lead      | all                         | yes    |
 * | contact point            | all                       | own agency leads | own agency leads or joins | no     |
 * | member                   | all                       | no            | no                          | no     |
 * | observer                 | released to observers     | no            | no                          | no     |
 */
export const scorecardPolicy = {
  read: signedIn,
  write: hasRole('admin', 'contact'),
  delete: administrators,
} as const;

export function visibleActivities(actor: Pick<Actor, 'role'>) {
  return (eb: ExpressionBuilder<Schema, 'scorecard_activities'>): Expression<SqlBool> =>
    actor.role === 'observer'
      ? eb('scorecard_activities.released_to_observers', '=', 1)
      : eb.lit(true);
}

/** Whether the actor may create an activity with this lead agency. */
export function mayCreateLedBy(actor: Actor, leadId: string): boolean {
  return actor.role === 'admin' || (actor.role === 'contact' && actor.organisationId === leadId);
}

/** Whether the actor may change the activity and post its progress. */
export function mayChange(
  actor: Actor,
  activity: { leadId: string; participantIds: readonly string[] },
): boolean {
  if (actor.role === 'admin') return true;
  return (
    actor.role === 'contact' &&
    (activity.leadId === actor.organisationId ||
      activity.participantIds.includes(actor.organisationId))
  );
}

/** Handing the lead to another agency is the secretariat's call. */
export function mayChangeLead(actor: Actor): boolean {
  return actor.role === 'admin';
}
