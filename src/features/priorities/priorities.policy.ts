import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { administrators, hasRole, signedIn, type Actor } from '../../app/access.js';
import type { PriorityStatus, Schema } from '../../db/schema.js';

/**
 * Who may do what with the network's yearly priorities. The chair's secretariat (administrators)
 * drafts, consults, revises and records agreement; the contact points of the member agencies
 * answer consultations; everyone reads what their role may read.
 */
export const prioritiesPolicy = {
  /** Everyone signed in reads priorities; which versions, `visibleFrameworks` decides. */
  read: signedIn,
  /** Start, edit and delete drafts, open consultations, revise, record agreement. */
  draft: administrators,
  /** See a consultation and its answers; which answers, `visibleAnswers` decides. */
  consultation: hasRole('admin', 'contact'),
  /** Answer a consultation on behalf of one's agency. */
  answer: hasRole('contact'),
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

export function visibleFrameworks(actor: Pick<Actor, 'role'>) {
  return (eb: ExpressionBuilder<Schema, 'priority_frameworks'>): Expression<SqlBool> =>
    eb('priority_frameworks.status', 'in', [...statusesVisibleTo[actor.role]]);
}

/**
 * Consultation answers. The secretariat reads them all, always. A contact point reads its own
 * agency's answers while the consultation runs, so that no agency's answer is shaped by the
 * others', and every agency's once the deadline has passed or the version is agreed. Members and observers read none:
 * answers are the network's working material, not its commitments. `today` is the network's
 * day (see priorities.dates.ts).
 */
export function visibleAnswers(actor: Actor, today: string) {
  return (
    eb: ExpressionBuilder<Schema, 'priority_answers' | 'priority_frameworks'>,
  ): Expression<SqlBool> => {
    if (actor.role === 'admin') return eb.lit(true);
    if (actor.role !== 'contact') return eb.lit(false);
    return eb.and([
      visibleFrameworks(actor)(eb),
      eb.or([
        eb('priority_answers.organisation_id', '=', actor.organisationId),
        eb('priority_frameworks.consultation_deadline', '<', today),
        eb('priority_frameworks.status', '=', 'agreed'),
      ]),
    ]);
  };
}
