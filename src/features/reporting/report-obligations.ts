import type { Executor } from '../../db/database.js';
import type { ReportPeriod } from '../../db/schema.js';
import { illustrativeAmong } from '../../demo-sources.js';

/** A report the network owes in a year: to whom, at which moment of the year, by which day. */
export interface ReportObligationView {
  id: string;
  year: number;
  recipientAcronym: string;
  recipientName: string;
  period: ReportPeriod;
  dueOn: string | null;
  /** Whether the demonstration added the record rather than a paper stating it. */
  illustrative: boolean;
  source: string;
}

/**
 * The reports owed in a year, those at its beginning first, then by recipient. Every signed-in
 * user reads them: they follow from the year's agreed priorities, which everyone reads.
 */
export async function reportObligationsOf(
  db: Executor,
  year: number,
): Promise<ReportObligationView[]> {
  const rows = await db
    .selectFrom('report_obligations')
    .innerJoin('organisations', 'organisations.id', 'report_obligations.recipient_organisation_id')
    .select([
      'report_obligations.id',
      'report_obligations.year',
      'report_obligations.period',
      'report_obligations.due_on',
      'report_obligations.source',
      'organisations.acronym',
      'organisations.name',
    ])
    .where('report_obligations.year', '=', year)
    .orderBy('report_obligations.period')
    .orderBy('organisations.acronym')
    .execute();
  const illustrative = await illustrativeAmong(
    db,
    'report_obligation',
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    year: row.year,
    recipientAcronym: row.acronym,
    recipientName: row.name,
    period: row.period,
    dueOn: row.due_on,
    illustrative: illustrative.has(row.id),
    source: row.source,
  }));
}
