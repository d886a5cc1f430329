import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { hasRole, signedIn } from '../../app/access.js';
import type { Role, Schema } from '../../db/schema.js';

/** Who a visibility rule is about: a signed-in user, or the owner of a calendar feed. */
export interface Viewer {
  readonly userId: string;
  readonly organisationId: string;
  readonly role: Role;
}

/**
 * Who may do what with meetings, as a table of rules:
 *
 * | action                                  | who                                                    |
 * |-----------------------------------------|--------------------------------------------------------|
 * | see a meeting (lists, feeds, counts)    | administrators; users of the host or an invited body   |
 * | create a meeting                        | administrators; contact points, hosted by their agency |
 * | change, cancel, invite, agenda, outcome | administrators; contact points of the host agency      |
 * | answer an invitation                    | users of the host or an invited organisation           |
 * | see the agenda before it is published   | those who manage the meeting                           |
 * | see participants' e-mail addresses      | those who manage the meeting                           |
 */
export const meetingsPolicy = {
  /** Signed-in users reach the routes; which meetings they see, `visibleMeetings` decides. */
  read: signedIn,
  create: hasRole('admin', 'contact'),
} as const;

/** The SQL predicate of the meetings a viewer may see: every list, count and feed applies it. */
export function visibleMeetings(viewer: Viewer) {
  return (eb: ExpressionBuilder<Schema, 'meetings'>): Expression<SqlBool> => {
    if (viewer.role === 'admin') return sql<SqlBool>`1 = 1`;
    return hostOrInvited(eb, eb.val(viewer.organisationId));
  };
}

/**
 * The meetings an organisation hosts or is invited to, the organisation given as an expression
 * (a value, or a column of the query around): what its users other than administrators see.
 */
export function meetingsOfOrganisation(organisation: Expression<string>) {
  return (eb: ExpressionBuilder<Schema, 'meetings'>): Expression<SqlBool> =>
    hostOrInvited(eb, organisation);
}

function hostOrInvited(
  eb: ExpressionBuilder<Schema, 'meetings'>,
  organisation: Expression<string>,
): Expression<SqlBool> {
  return eb.or([
    eb('meetings.host_organisation_id', '=', organisation),
    eb.exists(
      eb
        .selectFrom('meeting_invitations')
        .select('meeting_invitations.meeting_id')
        .whereRef('meeting_invitations.meeting_id', '=', 'meetings.id')
        .where('meeting_invitations.organisation_id', '=', organisation),
    ),
  ]);
}

/**
 * The meetings whose agenda the viewer may read: those they see, once the agenda is published;
 * before, only those they manage. Whatever names an agenda item (a document's link) applies it.
 */
export function visibleAgendas(viewer: Viewer) {
  return (eb: ExpressionBuilder<Schema, 'meetings'>): Expression<SqlBool> => {
    if (viewer.role === 'admin') return sql<SqlBool>`1 = 1`;
    const published = eb('meetings.agenda_published_at', 'is not', null);
    return eb.and([
      visibleMeetings(viewer)(eb),
      viewer.role === 'contact'
        ? eb.or([published, eb('meetings.host_organisation_id', '=', viewer.organisationId)])
        : published,
    ]);
  };
}

export function mayCreateFor(actor: Viewer, hostOrganisationId: string): boolean {
  return (
    actor.role === 'admin' ||
    (actor.role === 'contact' && actor.organisationId === hostOrganisationId)
  );
}

export function mayManage(actor: Viewer, meeting: { hostOrganisationId: string }): boolean {
  return mayCreateFor(actor, meeting.hostOrganisationId);
}

export function mayAnswer(
  actor: Viewer,
  meeting: { hostOrganisationId: string; invitedOrganisationIds: readonly string[] },
): boolean {
  return (
    actor.organisationId === meeting.hostOrganisationId ||
    meeting.invitedOrganisationIds.includes(actor.organisationId)
  );
}
