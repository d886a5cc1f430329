import type { Actor } from '../../app/access.js';
import type { Executor } from '../../db/database.js';
import type { ReportStatus } from '../../db/schema.js';
import { loadNameHistory } from '../network/names-on-date.js';
import type { CalendarEntry, CalendarStatus } from './reports.model.js';
import { visibleReports } from './reports.policy.js';

/**
 * Where an obligation stands on `today`: submitted stays submitted; anything else past its due
 * day is overdue; otherwise the state of its report, or not started when it has none.
 */
export function calendarStatus(
  report: ReportStatus | null,
  dueOn: string | null,
  today: string,
): CalendarStatus {
  if (report === 'submitted') return 'submitted';
  if (dueOn !== null && dueOn < today) return 'overdue';
  if (report === 'final') return 'in_sign_off';
  if (report === 'draft') return 'drafting';
  return 'not_started';
}

const kindOrder = { progress: 0, final: 1, annual: 2 } as const;

/**
 * The reports owed in a year with where each stands. A report counts only when the reader may
 * read it, so a reader learns nothing of drafts through the calendar. The chair is named as on
 * the due day: the drugs agency chaired 2017 as the EMCDDA.
 */
export async function reportingCalendar(
  db: Executor,
  actor: Actor,
  year: number,
  today: string,
): Promise<CalendarEntry[]> {
  const [obligations, chair, names] = await Promise.all([
    db
      .selectFrom('report_obligations')
      .leftJoin('organisations', 'organisations.id', 'report_obligations.recipient_organisation_id')
      .select([
        'report_obligations.id',
        'report_obligations.year',
        'report_obligations.kind',
        'report_obligations.period',
        'report_obligations.due_on',
        'report_obligations.source',
        'report_obligations.recipient_organisation_id as recipientId',
        'organisations.acronym',
        'organisations.name',
      ])
      .where('report_obligations.year', '=', year)
      .execute(),
    db
      .selectFrom('chair_years')
      .innerJoin('organisations', 'organisations.id', 'chair_years.organisation_id')
      .select(['organisations.id', 'organisations.acronym'])
      .where('chair_years.year', '=', year)
      .executeTakeFirst(),
    loadNameHistory(db),
  ]);
  const reports =
    obligations.length === 0
      ? []
      : await db
          .selectFrom('reports')
          .select(['id', 'obligation_id', 'status'])
          .where(
            'obligation_id',
            'in',
            obligations.map((o) => o.id),
          )
          .where(visibleReports(actor))
          .execute();
  const reportOf = new Map(reports.map((r) => [r.obligation_id, r]));
  const entries = obligations.map((obligation): CalendarEntry => {
    const report = reportOf.get(obligation.id) ?? null;
    const day = obligation.due_on ?? `${String(year)}-12-31`;
    const recipient =
      obligation.recipientId !== null && obligation.acronym !== null
        ? names.on(obligation.recipientId, obligation.acronym, day).acronym
        : null;
    return {
      obligationId: obligation.id,
      year: obligation.year,
      kind: obligation.kind,
      period: obligation.period,
      recipientAcronym: recipient,
      recipientName: obligation.name,
      dueOn: obligation.due_on,
      chair: chair ? names.on(chair.id, chair.acronym, day).acronym : null,
      status: calendarStatus(report?.status ?? null, obligation.due_on, today),
      reportId: report?.id ?? null,
      source: obligation.source,
    };
  });
  return entries.sort(
    (a, b) =>
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      (a.recipientAcronym ?? '').localeCompare(b.recipientAcronym ?? ''),
  );
}

/** The obligations of every year past their due day with nothing submitted: the secretariat's. */
export async function overdueObligations(
  db: Executor,
  actor: Actor,
  today: string,
): Promise<CalendarEntry[]> {
  const years = await db
    .selectFrom('report_obligations')
    .select('year')
    .distinct()
    .where('due_on', '<', today)
    .execute();
  const all = await Promise.all(years.map(({ year }) => reportingCalendar(db, actor, year, today)));
  return all.flat().filter((entry) => entry.status === 'overdue');
}
