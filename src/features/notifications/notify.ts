import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import type { NotificationKind, Role } from '../../db/schema.js';

/** Which records a kind of notification names. */
export const subjectTypeOf = {
  meeting_invitation: 'meeting',
  consultation_open: 'priorities',
  document_release: 'document',
  action_point: 'action_point',
} as const satisfies Record<NotificationKind, string>;

/**
 * Notifies the active users of some organisations, inside the caller's transaction so that a
 * notification exists only if the change it tells of does. Those who act for an organisation are
 * its contact points (the default); a document released to it concerns every user there who may
 * read it, which the page checks again when it names the document.
 */
export async function notifyOrganisations(
  trx: Executor,
  notice: {
    kind: NotificationKind;
    subjectId: string;
    organisationIds: readonly string[];
    roles?: readonly Role[];
  },
): Promise<void> {
  if (notice.organisationIds.length === 0) return;
  const users = await trx
    .selectFrom('users')
    .select('id')
    .where('organisation_id', 'in', [...new Set(notice.organisationIds)])
    .where('role', 'in', [...(notice.roles ?? ['contact'])])
    .where('disabled_at', 'is', null)
    .execute();
  if (users.length === 0) return;
  const now = new Date().toISOString();
  await trx
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        id: randomUUID(),
        user_id: u.id,
        kind: notice.kind,
        subject_id: notice.subjectId,
        created_at: now,
        read_at: null,
      })),
    )
    .execute();
}

/** Every member agency: those whose contact points a consultation asks to answer. */
export async function memberAgencyIds(trx: Executor): Promise<string[]> {
  const rows = await trx
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'agency')
    .execute();
  return rows.map((r) => r.id);
}

/** The organisations invited to a meeting (the host is not: it sends the invitations). */
export async function invitedOrganisationIds(trx: Executor, meetingId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('meeting_invitations')
    .select('organisation_id')
    .where('meeting_id', '=', meetingId)
    .execute();
  return rows.map((r) => r.organisation_id);
}
