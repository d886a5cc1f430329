import type { Actor } from '../../app/access.js';
import type { Executor } from '../../db/database.js';
import type { DocumentTexts } from '../documents/document-texts.js';
import { visibleDocuments } from '../documents/documents.policy.js';
import { readerFor } from '../documents/documents.repository.js';
import { visibleMeetings } from '../meetings/meetings.policy.js';
import { visibleFrameworks } from '../priorities/priorities.policy.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';

/** The kinds of record a notification or a recent change names. */
export type SubjectType = 'meeting' | 'priorities' | 'document' | 'action_point' | 'activity';

export interface SubjectRef {
  type: SubjectType;
  id: string;
}

/** A record as the reader may see it: its name and where it is. */
export interface Subject {
  title: string;
  href: string;
  /** For an action point, the meeting it came from; else null. */
  context: string | null;
}

/** Who names the records: the visibility rules read no more of a user than this. */
export type SubjectReader = Pick<Actor, 'userId' | 'email' | 'organisationId' | 'role'>;

export function subjectKey(ref: SubjectRef): string {
  return `${ref.type}:${ref.id}`;
}

function idsOf(refs: readonly SubjectRef[], type: SubjectType): string[] {
  return [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
}

/**
 * Names records for a reader, each through its own feature's visibility rule, in one query per
 * kind: a record the reader may not read is absent from the answer, so whatever is built from it
 * (a notification, a sentence about a change) is left out rather than shown without a name.
 * A document's title is sealed and opened here only for documents that pass `visibleDocuments`.
 */
export async function resolveSubjects(
  db: Executor,
  texts: DocumentTexts,
  actor: SubjectReader,
  refs: readonly SubjectRef[],
): Promise<Map<string, Subject>> {
  const found = new Map<string, Subject>();
  const meetingIds = idsOf(refs, 'meeting');
  const frameworkIds = idsOf(refs, 'priorities');
  const documentIds = idsOf(refs, 'document');
  const pointIds = idsOf(refs, 'action_point');
  const activityIds = idsOf(refs, 'activity');

  if (meetingIds.length > 0) {
    const rows = await db
      .selectFrom('meetings')
      .select(['id', 'title'])
      .where(visibleMeetings(actor))
      .where('id', 'in', meetingIds)
      .execute();
    for (const row of rows)
      found.set(subjectKey({ type: 'meeting', id: row.id }), {
        title: row.title,
        href: `/meetings/${row.id}`,
        context: null,
      });
  }
  if (pointIds.length > 0) {
    const rows = await db
      .selectFrom('meeting_action_points')
      .innerJoin('meetings', 'meetings.id', 'meeting_action_points.meeting_id')
      .select([
        'meeting_action_points.id',
        'meeting_action_points.text',
        'meetings.id as meetingId',
        'meetings.title as meetingTitle',
      ])
      .where(visibleMeetings(actor))
      .where('meeting_action_points.id', 'in', pointIds)
      .execute();
    for (const row of rows)
      found.set(subjectKey({ type: 'action_point', id: row.id }), {
        title: row.text,
        href: `/meetings/${row.meetingId}#action-points`,
        context: row.meetingTitle,
      });
  }
  if (frameworkIds.length > 0) {
    const rows = await db
      .selectFrom('priority_frameworks')
      .select(['id', 'title', 'year', 'version', 'status'])
      .where(visibleFrameworks(actor))
      .where('id', 'in', frameworkIds)
      .execute();
    for (const row of rows)
      found.set(subjectKey({ type: 'priorities', id: row.id }), {
        title: row.title,
        href:
          row.status === 'consultation'
            ? `/priorities/${row.year}/versions/${row.version}/consultation`
            : `/priorities/${row.year}/versions/${row.version}`,
        context: null,
      });
  }
  if (activityIds.length > 0) {
    const rows = await db
      .selectFrom('scorecard_activities')
      .select(['id', 'title'])
      .where(visibleActivities(actor))
      .where('id', 'in', activityIds)
      .execute();
    for (const row of rows)
      found.set(subjectKey({ type: 'activity', id: row.id }), {
        title: row.title,
        href: `/scorecard/activities/${row.id}`,
        context: null,
      });
  }
  if (documentIds.length > 0) {
    const reader = await readerFor(db, actor);
    const rows = await db
      .selectFrom('documents')
      .selectAll()
      .where(visibleDocuments(reader))
      .where('id', 'in', documentIds)
      .execute();
    for (const row of await texts.withDetails(db, rows))
      found.set(subjectKey({ type: 'document', id: row.id }), {
        title: row.title,
        href: `/documents/${row.id}`,
        context: row.registration_number,
      });
  }
  return found;
}
