import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { administrators, signedIn, type Actor } from '../../app/access.js';
import type { ReportAudience, Schema } from '../../db/schema.js';

/**
 * Who may do what with reports.
 *
 * | who                        | reads                                                        |
 * |----------------------------|--------------------------------------------------------------|
 * | secretariat (admin)        | every report, drafts included; creates, edits, finalises     |
 * | contact points, members    | finalised reports released to the network, observers, public |
 * | observers                  | the public edition of finalised reports released to observers |
 *
 * Observers read the public edition: a report's full text is built from what the member agencies
 * read, which includes activities not released to observers. Nobody else reads a draft.
 */
export const reportsPolicy = {
  /** The calendar follows from the year's agreed priorities, which everyone reads. */
  calendar: signedIn,
  read: signedIn,
  manage: administrators,
} as const;

const memberAudiences: readonly ReportAudience[] = ['network', 'observers', 'public'];
const observerAudiences: readonly ReportAudience[] = ['observers', 'public'];

/** The reports the actor may read, as a predicate on the reports table. */
export function visibleReports(actor: Pick<Actor, 'role'>) {
  return (eb: ExpressionBuilder<Schema, 'reports'>): Expression<SqlBool> => {
    if (actor.role === 'admin') return sql<SqlBool>`1 = 1`;
    const audiences = actor.role === 'observer' ? observerAudiences : memberAudiences;
    return eb.and([
      eb('reports.status', 'in', ['final', 'submitted']),
      eb('reports.audience', 'in', [...audiences]),
    ]);
  };
}

/** Which edition of a finalised report the actor receives. */
export function editionFor(actor: Pick<Actor, 'role'>): 'final' | 'public' {
  return actor.role === 'observer' ? 'public' : 'final';
}

export function mayManage(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'admin';
}
