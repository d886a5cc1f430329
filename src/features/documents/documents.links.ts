import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../app/access.js';
import type { FieldError } from '../../app/errors.js';
import type { Executor, Trx } from '../../db/database.js';
import type { DocumentLinkType, Schema } from '../../db/schema.js';
import { visibleAgendas, visibleMeetings } from '../meetings/meetings.policy.js';
import { agreedLineCodes, agreedLinesByKey } from '../priorities/agreed-lines.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';
import type { LinksInput, LinkView } from './documents.model.js';

/**
 * What a document links to: meetings, agenda items, scorecard activities and lines of the
 * priorities. A link names another record, so it is read through that record's own rule, as a
 * read of the record would be: a meeting the reader sees, an agenda item of a meeting whose
 * agenda the reader may read, an activity the reader sees, a line as the network agreed it. A
 * link to what the reader may not see is absent from every answer, and so is what it would tell.
 */

export interface ResolvedLink {
  type: DocumentLinkType;
  id: string;
}

export type LinkPredicate = (
  eb: ExpressionBuilder<Schema, 'document_links'>,
) => Expression<SqlBool>;

/** Each kind of linked record with an id, read only among those the actor may see. */
function recordKinds(db: Executor, actor: Actor) {
  return [
    {
      type: 'meeting' as const,
      field: 'links.meetings',
      input: (links: LinksInput) => links.meetings,
      missing: 'A meeting named does not exist.',
      find: (ids: string[]) =>
        db
          .selectFrom('meetings')
          .select(['meetings.id', 'meetings.title as label'])
          .where('meetings.id', 'in', ids)
          .where(visibleMeetings(actor))
          .execute(),
    },
    {
      type: 'agenda_item' as const,
      field: 'links.agendaItems',
      input: (links: LinksInput) => links.agendaItems,
      missing: 'An agenda item named does not exist.',
      find: async (ids: string[]) =>
        (
          await db
            .selectFrom('meeting_agenda_items')
            .innerJoin('meetings', 'meetings.id', 'meeting_agenda_items.meeting_id')
            .select([
              'meeting_agenda_items.id',
              'meeting_agenda_items.title',
              'meetings.title as meeting',
            ])
            .where('meeting_agenda_items.id', 'in', ids)
            .where(visibleAgendas(actor))
            .execute()
        ).map((item) => ({ id: item.id, label: `${item.meeting}: ${item.title}` })),
    },
    {
      type: 'activity' as const,
      field: 'links.activities',
      input: (links: LinksInput) => links.activities,
      missing: 'An activity named does not exist.',
      find: (ids: string[]) =>
        db
          .selectFrom('scorecard_activities')
          .select(['scorecard_activities.id', 'scorecard_activities.title as label'])
          .where('scorecard_activities.id', 'in', ids)
          .where(visibleActivities(actor))
          .execute(),
    },
  ];
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

/**
 * The links an input names, checked: records the actor may see, and line codes of the agreed
 * priorities of `year`. A record the actor may not see is refused like one that does not exist.
 */
export async function resolveLinks(
  db: Executor,
  actor: Actor,
  links: LinksInput | undefined,
  year: number,
  errors: FieldError[],
): Promise<ResolvedLink[]> {
  if (!links) return [];
  const resolved: ResolvedLink[] = [];
  for (const kind of recordKinds(db, actor)) {
    const ids = unique(kind.input(links));
    if (ids.length === 0) continue;
    const found = await kind.find(ids);
    if (found.length !== ids.length) errors.push({ field: kind.field, message: kind.missing });
    resolved.push(...found.map((f) => ({ type: kind.type, id: f.id })));
  }
  const codes = unique(links.priorityLines?.map((c) => c.trim()).filter((c) => c !== ''));
  if (codes.length > 0) {
    const agreed = await agreedLineCodes(db, year);
    const unknown = codes.filter((c) => !agreed.has(c));
    if (unknown.length > 0)
      errors.push({
        field: 'links.priorityLines',
        message: `${unknown.join(', ')}: no such line in the agreed priorities of ${String(year)}.`,
      });
    for (const code of codes) {
      const line = agreed.get(code);
      if (line) resolved.push({ type: 'priority_line', id: line.key });
    }
  }
  return resolved;
}

/**
 * The links of a document that the actor may see, each named as the actor may read its record;
 * a line as agreed in the document's year (`year`) or before.
 */
export async function linksOf(
  db: Executor,
  actor: Actor,
  documentId: string,
  year: number,
): Promise<LinkView[]> {
  const links = await db
    .selectFrom('document_links')
    .select(['target_type', 'target_id'])
    .where('document_id', '=', documentId)
    .execute();
  const ids = (type: DocumentLinkType) =>
    links.filter((l) => l.target_type === type).map((l) => l.target_id);
  const records = await Promise.all(
    recordKinds(db, actor).map(async (kind) => {
      const wanted = ids(kind.type);
      const found = wanted.length === 0 ? [] : await kind.find(wanted);
      return found.map((f) => ({ type: kind.type, id: f.id, label: f.label }));
    }),
  );
  const lineKeys = ids('priority_line');
  const lines =
    lineKeys.length === 0 ? [] : [...(await agreedLinesByKey(db, year, lineKeys)).values()];
  return [
    ...records.flat(),
    ...lines.map((line) => ({
      type: 'priority_line' as const,
      id: line.key,
      label: `${String(line.year)} ${line.code}: ${line.text}`,
    })),
  ];
}

/**
 * The links whose record the actor may see, as a predicate on `document_links`: the list of
 * documents linked to a record the actor may not see is the list for a record that does not
 * exist, and an edit replaces only the links the editor sees.
 */
export function visibleLinkTargets(actor: Actor): LinkPredicate {
  return (eb) =>
    eb.or([
      eb.and([
        eb('document_links.target_type', '=', 'meeting'),
        eb.exists(
          eb
            .selectFrom('meetings')
            .select('meetings.id')
            .whereRef('meetings.id', '=', 'document_links.target_id')
            .where(visibleMeetings(actor)),
        ),
      ]),
      eb.and([
        eb('document_links.target_type', '=', 'agenda_item'),
        eb.exists(
          eb
            .selectFrom('meeting_agenda_items')
            .innerJoin('meetings', 'meetings.id', 'meeting_agenda_items.meeting_id')
            .select('meeting_agenda_items.id')
            .whereRef('meeting_agenda_items.id', '=', 'document_links.target_id')
            .where(visibleAgendas(actor)),
        ),
      ]),
      eb.and([
        eb('document_links.target_type', '=', 'activity'),
        eb.exists(
          eb
            .selectFrom('scorecard_activities')
            .select('scorecard_activities.id')
            .whereRef('scorecard_activities.id', '=', 'document_links.target_id')
            .where(visibleActivities(actor)),
        ),
      ]),
      eb.and([
        eb('document_links.target_type', '=', 'priority_line'),
        eb.exists(
          eb
            .selectFrom('priority_lines')
            .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
            .innerJoin(
              'priority_frameworks',
              'priority_frameworks.id',
              'priority_sections.framework_id',
            )
            .select('priority_lines.id')
            .whereRef('priority_lines.line_key', '=', 'document_links.target_id')
            .where('priority_frameworks.status', '=', 'agreed'),
        ),
      ]),
    ]);
}

/**
 * Replaces the links of a document that the editor sees with `links` (all of which the editor
 * sees); links to records the editor may not see stay as they were, since the form never showed
 * them.
 */
export async function replaceVisibleLinks(
  trx: Trx,
  actor: Actor,
  documentId: string,
  links: readonly ResolvedLink[],
): Promise<void> {
  await trx
    .deleteFrom('document_links')
    .where('document_id', '=', documentId)
    .where(visibleLinkTargets(actor))
    .execute();
  if (links.length > 0)
    await trx
      .insertInto('document_links')
      .values(links.map((l) => ({ document_id: documentId, target_type: l.type, target_id: l.id })))
      .execute();
}
