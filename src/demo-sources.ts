import type { Services } from './app/services.js';
import type { Executor } from './db/database.js';
import type { RecordSourceTable } from './db/schema.js';

/** What the demo adds that the 2017 paper does not state. */
export const ILLUSTRATIVE = 'illustrative';

/**
 * Records where each fact of the demo comes from: the section of the 2017 paper it traces back
 * to, or "illustrative" for what the demonstration adds (activity leads, indicators and their
 * targets, ratings, updates, documents and their markings, signatures of the EUCI agreement,
 * hours and agendas of meetings, due dates of reports). docs/demo-data.md lists them all.
 */
export async function recordDemoSources(services: Services): Promise<number> {
  const db = services.database.db;
  const rows: RecordSourceTable[] = [];
  for (const framework of await db
    .selectFrom('priority_frameworks')
    .select('id')
    .where('year', '=', 2017)
    .execute()) {
    rows.push({
      record_type: 'priorities',
      record_id: framework.id,
      source: 'paper',
      note: 'The whole text of the 2017 paper; agreed at the 1st JHA network meeting (introduction).',
    });
  }
  for (const chair of await db.selectFrom('chair_years').select('year').execute()) {
    rows.push({
      record_type: 'chair_year',
      record_id: String(chair.year),
      source: 'introduction',
      note: 'The EMCDDA chairs in 2017 and builds on FRA’s 2016 mandate.',
    });
  }
  for (const meeting of await db.selectFrom('meetings').select('id').execute()) {
    rows.push({
      record_type: 'meeting',
      record_id: meeting.id,
      source: '3',
      note: 'Days and place from section 3 (invitees of the Heads meeting: introduction; expert meeting speakers’ topics: 1.3). Hours of the other meetings, agenda items, presenters and decisions are illustrative.',
    });
  }
  for (const activity of await db.selectFrom('scorecard_activities').select('id').execute()) {
    rows.push({
      record_type: 'scorecard_activity',
      record_id: activity.id,
      source: ILLUSTRATIVE,
      note: 'Traces back to the lines of action it links; its lead, participants, partners, indicators and targets, ratings, updates and release to observers are illustrative.',
    });
  }
  for (const document of await db.selectFrom('documents').select('id').execute()) {
    rows.push({
      record_type: 'document',
      record_id: document.id,
      source: ILLUSTRATIVE,
      note: 'The products it names come from the lines of action it links; its registration, date, marking, recipients and text are illustrative.',
    });
  }
  for (const signature of await db
    .selectFrom('euci_signatories')
    .select('organisation_id')
    .execute()) {
    rows.push({
      record_type: 'euci_signature',
      record_id: signature.organisation_id,
      source: ILLUSTRATIVE,
      note: 'Section 2.1 asks to finalise the EUCI agreement and propose it for signature; who signed and when is illustrative.',
    });
  }
  const obligationNotes = {
    progress:
      'Reports to COSI and the LIBE committee at the beginning and end of 2017 (2.4; the end-of-year report to COSI also in the introduction). The due dates are illustrative.',
    final:
      "The expert meeting's report feeds the final report of the network and the meeting of the Directors (1.3). The due date is illustrative.",
    annual:
      'Outputs addressing key points of the annual report on joint cooperation, such as infographics (2.4). The due date is illustrative.',
  } as const;
  for (const obligation of await db
    .selectFrom('report_obligations')
    .select(['id', 'kind', 'source'])
    .execute()) {
    rows.push({
      record_type: 'report_obligation',
      record_id: obligation.id,
      source: obligation.source,
      note: obligationNotes[obligation.kind],
    });
  }
  if (rows.length > 0) await db.insertInto('record_sources').values(rows).execute();
  return rows.length;
}

/** Whether the demo marked a record as illustrative. */
export async function isIllustrative(db: Executor, type: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('record_sources')
    .select('source')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .executeTakeFirst();
  return row?.source === ILLUSTRATIVE;
}

/** Which of the given records of a type the demonstration added: for a list of them at once. */
export async function illustrativeAmong(
  db: Executor,
  type: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('record_sources')
    .select('record_id')
    .where('record_type', '=', type)
    .where('record_id', 'in', [...ids])
    .where('source', '=', ILLUSTRATIVE)
    .execute();
  return new Set(rows.map((row) => row.record_id));
}
