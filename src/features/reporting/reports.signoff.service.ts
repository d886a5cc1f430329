import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Services } from '../../app/services.js';
import type { Db, Trx } from '../../db/database.js';
import {
  reportSignoffRules,
  type ReportSignoffAnswer,
  type ReportSignoffRule,
  type ReportStatus,
} from '../../db/schema.js';
import { claimVersion, unchanged, unlessUnchanged } from '../../db/versioned.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import type { ReportDocument } from './report-document.js';
import { mayManage } from './reports.policy.js';

export const MAX_SIGNOFF_COMMENT = 4_000;

/**
 * Where an agency stands on the finalised text: approved or objected to it, silent, or silent
 * past the deadline of a report whose procedure counts that as agreement.
 */
export const signoffStates = ['approved', 'objected', 'silent', 'agreed_by_silence'] as const;
export type SignoffState = (typeof signoffStates)[number];

export interface SignoffAgencyView {
  /** The answer's own id, which its version goes with. */
  id: string;
  organisationId: string;
  agency: string;
  state: SignoffState;
  /** The answer as given, also when it was given on an earlier finalised text. */
  answer: ReportSignoffAnswer | null;
  /** True when the answer was given on an earlier finalised text and no longer counts. */
  onEarlierText: boolean;
  comment: string;
  answeredAt: string | null;
  version: number;
}

export interface SignoffView {
  reportId: string;
  reportTitle: string;
  reportStatus: ReportStatus;
  /** The report's version: the procedure is part of the report, changed with If-Match on it. */
  version: number;
  rule: ReportSignoffRule;
  dueOn: string | null;
  /** The hash of the finalised text the agencies sign off; null while the report is a draft. */
  hash: string | null;
  /** Whether the report may be sent: every agency agrees, by answer or by silence, and none objects. */
  complete: boolean;
  /** Why it may not be sent yet, for people. */
  blockers: string[];
  /** The secretariat sees every agency; a contact point their own. */
  agencies: SignoffAgencyView[];
  /** The finalised text to approve, as the member agencies read it. */
  document: ReportDocument | null;
}

export interface SignoffProcedureInput {
  rule: ReportSignoffRule;
  dueOn: string;
}

export interface SignoffAnswerInput {
  answer: ReportSignoffAnswer;
  comment: string;
}

export interface SignoffDue {
  reportId: string;
  reportTitle: string;
  organisationId: string;
  dueOn: string;
}

type SignoffServices = Pick<Services, 'database' | 'audit'>;

interface SignoffRow {
  id: string;
  organisationId: string;
  agency: string;
  answer: ReportSignoffAnswer | null;
  comment: string;
  answeredHash: string | null;
  answeredAt: string | null;
  version: number;
}

function stateOf(
  row: SignoffRow,
  report: {
    final_hash: string | null;
    signoff_rule: ReportSignoffRule;
    signoff_due_on: string | null;
  },
  today: string,
): SignoffState {
  if (row.answer !== null && report.final_hash !== null && row.answeredHash === report.final_hash)
    return row.answer;
  const deadlinePassed = report.signoff_due_on !== null && report.signoff_due_on < today;
  return report.signoff_rule === 'silence' && deadlinePassed && report.final_hash !== null
    ? 'agreed_by_silence'
    : 'silent';
}

async function signoffRows(db: Db | Trx, reportId: string): Promise<SignoffRow[]> {
  return db
    .selectFrom('report_signoffs as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id as organisationId',
      'o.acronym as agency',
      's.answer',
      's.comment',
      's.answered_hash as answeredHash',
      's.answered_at as answeredAt',
      's.version',
    ])
    .where('s.report_id', '=', reportId)
    .orderBy('o.acronym')
    .execute();
}

/** Why a report may not be sent yet, given its agencies' answers; empty when it may. */
function blockersOf(
  report: {
    final_hash: string | null;
    signoff_rule: ReportSignoffRule;
    signoff_due_on: string | null;
  },
  rows: readonly SignoffRow[],
  today: string,
): string[] {
  if (report.signoff_due_on === null || rows.length === 0)
    return ['No sign-off was asked of the member agencies.'];
  const states = rows.map((row) => ({ agency: row.agency, state: stateOf(row, report, today) }));
  const objected = states.filter((s) => s.state === 'objected').map((s) => s.agency);
  const silent = states.filter((s) => s.state === 'silent').map((s) => s.agency);
  const blockers: string[] = [];
  if (objected.length > 0) blockers.push(`An objection stands: ${objected.join(', ')}.`);
  if (silent.length > 0)
    blockers.push(
      report.signoff_rule === 'silence'
        ? `Silence counts as agreement only after ${report.signoff_due_on}; no answer yet: ${silent.join(', ')}.`
        : `Explicit approval is required; no approval yet: ${silent.join(', ')}.`,
    );
  return blockers;
}

/**
 * Refuses to send a report whose sign-off is not complete under its procedure, or against which
 * an objection stands. Runs in the transaction that records the submission.
 */
export async function assertSignedOff(
  trx: Trx,
  reportId: string,
  today = todayUtc(),
): Promise<void> {
  const report = await trx
    .selectFrom('reports')
    .select(['final_hash', 'signoff_rule', 'signoff_due_on'])
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();
  const blockers = blockersOf(report, await signoffRows(trx, reportId), today);
  if (blockers.length > 0)
    throw new ConflictError(
      `The sign-off is not complete. ${blockers.join(' ')}`,
      'signoff_incomplete',
    );
}

/**
 * The member agencies' sign-off of a finalised report. The secretariat sets the procedure
 * (silence agrees by the deadline, or approval must be explicit) and the deadline, which asks
 * every member agency; each agency's contact point approves the finalised text or objects with a
 * comment. An answer holds for the hash of the text it was given on: once the report is opened
 * again and finalised anew, every agency is silent again.
 */
export class ReportSignoffs {
  constructor(private readonly services: SignoffServices) {}

  private get db() {
    return this.services.database.db;
  }

  private async report(reportId: string) {
    const report = await this.db
      .selectFrom('reports')
      .select([
        'id',
        'title',
        'status',
        'version',
        'final_hash',
        'final_document',
        'signoff_rule',
        'signoff_due_on',
      ])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!report) throw new NotFoundError('No such report.');
    return report;
  }

  /** The sign-off as the actor may see it; a reader whose agency was not asked gets 404. */
  async get(actor: Actor, reportId: string, today = todayUtc()): Promise<SignoffView> {
    const manage = mayManage(actor);
    if (!manage && actor.role !== 'contact') throw new NotFoundError('No such report.');
    const all = await signoffRows(this.db, reportId);
    const rows = manage ? all : all.filter((row) => row.organisationId === actor.organisationId);
    if (!manage && rows.length === 0) throw new NotFoundError('No such report.');
    const report = await this.report(reportId);
    // A contact point reads the text only once it is finalised and asked of their agency.
    const document =
      report.final_document !== null && report.status !== 'draft'
        ? (JSON.parse(report.final_document) as ReportDocument)
        : null;
    return {
      reportId: report.id,
      reportTitle: report.title,
      reportStatus: report.status,
      version: report.version,
      rule: report.signoff_rule,
      dueOn: report.signoff_due_on,
      hash: report.status === 'draft' ? null : report.final_hash,
      complete: report.status !== 'draft' && blockersOf(report, all, today).length === 0,
      blockers: manage
        ? report.status === 'draft'
          ? ['The report is a draft: finalise it before the agencies sign it off.']
          : blockersOf(report, all, today)
        : [],
      agencies: rows.map((row) => ({
        id: row.id,
        organisationId: row.organisationId,
        agency: row.agency,
        state: stateOf(row, report, today),
        answer: row.answer,
        onEarlierText:
          row.answer !== null &&
          (report.final_hash === null || row.answeredHash !== report.final_hash),
        comment: row.comment,
        answeredAt: row.answeredAt,
        version: row.version,
      })),
      document,
    };
  }

  /** What waits for a contact point: finalised reports their agency has not answered on, by the deadline. */
  async waiting(actor: Actor, today = todayUtc()): Promise<SignoffDue[]> {
    if (actor.role !== 'contact') return [];
    const rows = await this.db
      .selectFrom('report_signoffs as s')
      .innerJoin('reports', 'reports.id', 's.report_id')
      .select([
        'reports.id as reportId',
        'reports.title as reportTitle',
        's.organisation_id as organisationId',
        'reports.signoff_due_on as dueOn',
        's.answer',
        's.answered_hash as answeredHash',
        'reports.final_hash as finalHash',
      ])
      .where('s.organisation_id', '=', actor.organisationId)
      .where('reports.status', '=', 'final')
      .where('reports.signoff_due_on', '>=', today)
      .orderBy('reports.signoff_due_on')
      .orderBy('reports.id')
      .execute();
    return rows.flatMap((row) =>
      row.dueOn !== null && (row.answer === null || row.answeredHash !== row.finalHash)
        ? [
            {
              reportId: row.reportId,
              reportTitle: row.reportTitle,
              organisationId: row.organisationId,
              dueOn: row.dueOn,
            },
          ]
        : [],
    );
  }

  /**
   * The secretariat sets the report's procedure and deadline, which asks every member agency
   * not asked yet. The report's version rises: the procedure is part of what is agreed.
   */
  async setProcedure(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    input: SignoffProcedureInput,
    expectedVersion: number,
    today = todayUtc(),
  ): Promise<SignoffView> {
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    await this.report(reportId);
    const errors: FieldError[] = [];
    if (!reportSignoffRules.includes(input.rule))
      errors.push({ field: 'rule', message: 'Choose how the agencies agree.' });
    if (!isCalendarDate(input.dueOn))
      errors.push({ field: 'dueOn', message: 'Enter the day the agencies answer by.' });
    if (errors.length > 0) throw new ValidationError(errors);
    await unlessUnchanged(this.db, async (trx) => {
      await claimVersion(trx, 'reports', reportId, expectedVersion);
      const before = await trx
        .selectFrom('reports')
        .select(['status', 'signoff_rule', 'signoff_due_on'])
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow();
      if (before.status === 'submitted')
        throw new ConflictError('The report was submitted already.', 'report_submitted');
      const agencies = await trx
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'agency')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('report_signoffs')
                .select('report_signoffs.id')
                .where('report_signoffs.report_id', '=', reportId)
                .whereRef('report_signoffs.organisation_id', '=', 'organisations.id'),
            ),
          ),
        )
        .orderBy('id')
        .execute();
      const changed = diff(
        { signoff_rule: before.signoff_rule, signoff_due_on: before.signoff_due_on },
        { signoff_rule: input.rule, signoff_due_on: input.dueOn },
      );
      if (Object.keys(changed).length === 0 && agencies.length === 0) return unchanged;
      await trx
        .updateTable('reports')
        .set({ signoff_rule: input.rule, signoff_due_on: input.dueOn })
        .where('id', '=', reportId)
        .execute();
      if (agencies.length > 0)
        await trx
          .insertInto('report_signoffs')
          .values(
            agencies.map((agency) => ({
              id: randomUUID(),
              report_id: reportId,
              organisation_id: agency.id,
              answer: null,
              comment: '',
              answered_hash: null,
              answered_by: null,
              answered_at: null,
              version: 1,
              updated_at: new Date().toISOString(),
            })),
          )
          .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.signoff_procedure',
        targetType: 'report',
        targetId: reportId,
        changes: { ...changed, asked: agencies.map((a) => a.id) },
      });
    });
    return this.get(actor, reportId, today);
  }

  /**
   * An agency approves the finalised text or objects with a comment, by the deadline: its
   * contact point, or the secretariat recording an answer the agency gave otherwise.
   */
  async answer(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    organisationId: string,
    input: SignoffAnswerInput,
    expectedVersion: number,
    today = todayUtc(),
  ): Promise<SignoffView> {
    const manage = mayManage(actor);
    const mayAnswer =
      manage || (actor.role === 'contact' && actor.organisationId === organisationId);
    const row = mayAnswer
      ? await this.db
          .selectFrom('report_signoffs')
          .select(['id'])
          .where('report_id', '=', reportId)
          .where('organisation_id', '=', organisationId)
          .executeTakeFirst()
      : undefined;
    if (!row) throw new NotFoundError('No such sign-off.');
    const errors: FieldError[] = [];
    if (input.answer === 'objected' && input.comment.trim() === '')
      errors.push({ field: 'comment', message: 'Say what the agency objects to.' });
    if (input.comment.length > MAX_SIGNOFF_COMMENT)
      errors.push({ field: 'comment', message: 'Keep the comment under 4,000 characters.' });
    if (errors.length > 0) throw new ValidationError(errors);
    await unlessUnchanged(this.db, async (trx) => {
      await claimVersion(trx, 'report_signoffs', row.id, expectedVersion);
      const report = await trx
        .selectFrom('reports')
        .select(['status', 'final_hash', 'signoff_due_on'])
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow();
      if (report.status !== 'final' || report.final_hash === null)
        throw new ConflictError(
          report.status === 'draft'
            ? 'The report is a draft: there is no finalised text to sign off yet.'
            : 'The report was submitted already.',
          'report_not_final',
        );
      if (report.signoff_due_on !== null && report.signoff_due_on < today)
        throw new ConflictError(
          `The sign-off closed on ${report.signoff_due_on}; the secretariat may set a later deadline.`,
          'signoff_closed',
        );
      const before = await trx
        .selectFrom('report_signoffs')
        .select(['answer', 'comment', 'answered_hash'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      if (
        before.answer === input.answer &&
        before.comment === input.comment.trim() &&
        before.answered_hash === report.final_hash
      )
        return unchanged;
      await trx
        .updateTable('report_signoffs')
        .set({
          answer: input.answer,
          comment: input.comment.trim(),
          answered_hash: report.final_hash,
          answered_by: actor.userId,
          answered_at: new Date().toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.signoff_answer',
        targetType: 'report_signoff',
        targetId: row.id,
        changes: {
          report_id: reportId,
          organisation_id: organisationId,
          answer: input.answer,
          final_hash: report.final_hash,
          fields: ['comment'],
        },
      });
    });
    return this.get(actor, reportId, today);
  }

  /**
   * Opens a finalised report again for changes: its frozen text and hash are set aside, and the
   * agencies' answers, given on that hash, no longer count once it is finalised anew.
   */
  async reopen(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    expectedVersion: number,
  ): Promise<void> {
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    await this.report(reportId);
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'reports', reportId, expectedVersion);
      const before = await trx
        .selectFrom('reports')
        .select(['status', 'final_hash'])
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow();
      if (before.status !== 'final')
        throw new ConflictError(
          before.status === 'draft'
            ? 'The report is a draft already.'
            : 'The report was submitted: it no longer changes.',
          'report_not_final',
        );
      await trx
        .updateTable('reports')
        .set({
          status: 'draft',
          final_document: null,
          final_hash: null,
          public_document: null,
          public_hash: null,
          finalised_at: null,
          finalised_by: null,
        })
        .where('id', '=', reportId)
        .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.reopen',
        targetType: 'report',
        targetId: reportId,
        changes: { status: { before: 'final', after: 'draft' }, final_hash: before.final_hash },
      });
    });
  }
}
