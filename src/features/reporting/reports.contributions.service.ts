import { randomUUID } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Services } from '../../app/services.js';
import type { Trx } from '../../db/database.js';
import type { ReportContributionStatus } from '../../db/schema.js';
import { bumpVersion, claimVersion, unchanged, unlessUnchanged } from '../../db/versioned.js';
import type { AuditContext } from '../audit/audit.events.js';
import { mayManage } from './reports.policy.js';

export const MAX_CONTRIBUTION_TEXT = 20_000;
export const MAX_CONTRIBUTION_NOTE = 2_000;

/** Where a request stands: late when its day has passed and nothing was submitted. */
export type ContributionState = ReportContributionStatus | 'late';

export interface ContributionView {
  id: string;
  reportId: string;
  reportTitle: string;
  sectionId: string;
  sectionTitle: string;
  organisationId: string;
  agency: string;
  dueOn: string;
  note: string;
  text: string;
  status: ReportContributionStatus;
  state: ContributionState;
  submittedAt: string | null;
  acceptedAt: string | null;
  version: number;
}

export interface ContributionRequestInput {
  sectionId: string;
  organisationIds: string[];
  dueOn: string;
  note: string;
}

/** An accepted contribution as its section shows it, attributed to its agency. */
export interface AcceptedContribution {
  sectionId: string;
  agency: string;
  text: string;
}

type ContributionServices = Pick<Services, 'database' | 'audit'>;

export function contributionState(
  status: ReportContributionStatus,
  dueOn: string,
  today: string,
): ContributionState {
  return (status === 'asked' || status === 'drafted') && dueOn < today ? 'late' : status;
}

/**
 * Contributions of the member agencies to the sections of a draft report. The secretariat asks
 * agencies for a section by a day; an agency's contact point writes the text and submits it; the
 * secretariat accepts it, and from then on the section shows it under the agency's name. Nobody
 * else learns that a request exists: the secretariat reads every request, a contact point those
 * of their own agency, anyone else none.
 */
export class ReportContributions {
  constructor(private readonly services: ContributionServices) {}

  private get db() {
    return this.services.database.db;
  }

  private query() {
    return this.db
      .selectFrom('report_contributions as c')
      .innerJoin('reports', 'reports.id', 'c.report_id')
      .innerJoin('report_sections as s', 's.id', 'c.section_id')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .select([
        'c.id',
        'c.report_id as reportId',
        'reports.title as reportTitle',
        'reports.status as reportStatus',
        'c.section_id as sectionId',
        's.title as sectionTitle',
        's.position',
        'c.organisation_id as organisationId',
        'o.acronym as agency',
        'c.due_on as dueOn',
        'c.note',
        'c.text',
        'c.status',
        'c.submitted_at as submittedAt',
        'c.accepted_at as acceptedAt',
        'c.version',
      ]);
  }

  /** The requests the actor may read: all for the secretariat, their agency's for a contact point. */
  private visible(actor: Actor) {
    const query = this.query();
    if (mayManage(actor)) return query;
    if (actor.role === 'contact')
      return query.where('c.organisation_id', '=', actor.organisationId);
    return query.where(sql<SqlBool>`1 = 0`);
  }

  private present(
    row: Awaited<ReturnType<ReturnType<ReportContributions['query']>['execute']>>[number],
    today: string,
  ): ContributionView {
    return {
      id: row.id,
      reportId: row.reportId,
      reportTitle: row.reportTitle,
      sectionId: row.sectionId,
      sectionTitle: row.sectionTitle,
      organisationId: row.organisationId,
      agency: row.agency,
      dueOn: row.dueOn,
      note: row.note,
      text: row.text,
      status: row.status,
      state: contributionState(row.status, row.dueOn, today),
      submittedAt: row.submittedAt,
      acceptedAt: row.acceptedAt,
      version: row.version,
    };
  }

  /** A report's requests the actor may read, by section then agency; none answers 404. */
  async ofReport(actor: Actor, reportId: string, today = todayUtc()): Promise<ContributionView[]> {
    const rows = await this.visible(actor)
      .where('c.report_id', '=', reportId)
      .orderBy('s.position')
      .orderBy('o.acronym')
      .execute();
    if (rows.length === 0 && !mayManage(actor)) throw new NotFoundError('No such report.');
    if (rows.length === 0) await this.reportOf(reportId);
    return rows.map((row) => this.present(row, today));
  }

  /** What waits for a contact point: their agency's requests not yet submitted, earliest first. */
  async waiting(actor: Actor, today = todayUtc()): Promise<ContributionView[]> {
    if (actor.role !== 'contact') return [];
    const rows = await this.visible(actor)
      .where('c.status', 'in', ['asked', 'drafted'])
      .where('reports.status', '=', 'draft')
      .orderBy('c.due_on')
      .orderBy('c.id')
      .execute();
    return rows.map((row) => this.present(row, today));
  }

  async get(
    actor: Actor,
    reportId: string,
    id: string,
    today = todayUtc(),
  ): Promise<ContributionView> {
    const row = await this.visible(actor)
      .where('c.id', '=', id)
      .where('c.report_id', '=', reportId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such contribution request.');
    return this.present(row, today);
  }

  private async reportOf(reportId: string) {
    const report = await this.db
      .selectFrom('reports')
      .select(['id', 'status'])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!report) throw new NotFoundError('No such report.');
    return report;
  }

  /** The secretariat asks agencies for a contribution to a section of a draft, by a day. */
  async request(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    input: ContributionRequestInput,
    today = todayUtc(),
  ): Promise<ContributionView[]> {
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    const report = await this.reportOf(reportId);
    const errors: FieldError[] = [];
    const section = await this.db
      .selectFrom('report_sections')
      .select(['id'])
      .where('id', '=', input.sectionId)
      .where('report_id', '=', reportId)
      .executeTakeFirst();
    if (!section) errors.push({ field: 'sectionId', message: 'Choose a section of this report.' });
    const organisationIds = [...new Set(input.organisationIds)];
    const agencies =
      organisationIds.length === 0
        ? []
        : await this.db
            .selectFrom('organisations')
            .select(['id'])
            .where('kind', '=', 'agency')
            .where('id', 'in', organisationIds)
            .execute();
    if (organisationIds.length === 0 || agencies.length !== organisationIds.length)
      errors.push({ field: 'organisationIds', message: 'Choose one or more member agencies.' });
    if (!isCalendarDate(input.dueOn) || input.dueOn < today)
      errors.push({ field: 'dueOn', message: 'Enter the day it is due, today or later.' });
    if (input.note.length > MAX_CONTRIBUTION_NOTE)
      errors.push({ field: 'note', message: 'Keep the request under 2,000 characters.' });
    if (errors.length > 0) throw new ValidationError(errors);
    if (report.status !== 'draft')
      throw new ConflictError(
        'The report is finalised: its sections take no more contributions.',
        'report_final',
      );
    const now = new Date().toISOString();
    const ids: string[] = organisationIds.map(() => randomUUID());
    await this.db.transaction().execute(async (trx) => {
      const asked = await trx
        .selectFrom('report_contributions')
        .select('organisation_id')
        .where('section_id', '=', input.sectionId)
        .where('organisation_id', 'in', organisationIds)
        .execute();
      if (asked.length > 0)
        throw new ConflictError(
          'An agency chosen was asked for this section already.',
          'contribution_exists',
        );
      for (const [index, organisationId] of organisationIds.entries()) {
        const id = ids[index] ?? randomUUID();
        await trx
          .insertInto('report_contributions')
          .values({
            id,
            report_id: reportId,
            section_id: input.sectionId,
            organisation_id: organisationId,
            due_on: input.dueOn,
            note: input.note.trim(),
            text: '',
            status: 'asked',
            requested_by: actor.userId,
            requested_at: now,
            submitted_by: null,
            submitted_at: null,
            accepted_by: null,
            accepted_at: null,
            version: 1,
            updated_at: now,
          })
          .execute();
        await this.services.audit.record(trx, context, {
          action: 'report.contribution_request',
          targetType: 'report_contribution',
          targetId: id,
          changes: {
            report_id: reportId,
            section_id: input.sectionId,
            organisation_id: organisationId,
            due_on: input.dueOn,
          },
        });
      }
    });
    const all = await this.ofReport(actor, reportId, today);
    return all.filter((c) => ids.includes(c.id));
  }

  /** Claims a request the actor answers for: their agency's, while the report is a draft. */
  private async claimOwn(
    trx: Trx,
    actor: Actor,
    reportId: string,
    id: string,
    expectedVersion: number,
  ) {
    await claimVersion(trx, 'report_contributions', id, expectedVersion);
    const row = await trx
      .selectFrom('report_contributions as c')
      .innerJoin('reports', 'reports.id', 'c.report_id')
      .select(['c.status', 'c.text', 'reports.status as reportStatus'])
      .where('c.id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.reportStatus !== 'draft')
      throw new ConflictError(
        'The report is finalised: its sections take no more contributions.',
        'report_final',
      );
    return row;
  }

  /** A contact point writes (or rewrites) their agency's text before submitting it. */
  async write(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    id: string,
    input: { text: string },
    expectedVersion: number,
  ): Promise<ContributionView> {
    const own = await this.get(actor, reportId, id);
    if (actor.role !== 'contact') throw new NotFoundError('No such contribution request.');
    if (input.text.length > MAX_CONTRIBUTION_TEXT)
      throw new ValidationError([
        { field: 'text', message: 'Keep the contribution under 20,000 characters.' },
      ]);
    await unlessUnchanged(this.db, async (trx) => {
      const row = await this.claimOwn(trx, actor, reportId, own.id, expectedVersion);
      if (row.status === 'submitted' || row.status === 'accepted')
        throw new ConflictError(
          'The contribution was submitted: its text no longer changes.',
          'contribution_submitted',
        );
      if (row.text === input.text) return unchanged;
      await trx
        .updateTable('report_contributions')
        .set({ text: input.text, status: 'drafted' })
        .where('id', '=', own.id)
        .execute();
      // The text may hold what the agency has not released yet: the audit names the field only.
      await this.services.audit.record(trx, context, {
        action: 'report.contribution_write',
        targetType: 'report_contribution',
        targetId: own.id,
        changes: { report_id: reportId, fields: ['text'] },
      });
    });
    return this.get(actor, reportId, id);
  }

  /** The contact point hands the text to the secretariat; it no longer changes. */
  async submit(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    id: string,
    expectedVersion: number,
  ): Promise<ContributionView> {
    const own = await this.get(actor, reportId, id);
    if (actor.role !== 'contact') throw new NotFoundError('No such contribution request.');
    await this.db.transaction().execute(async (trx) => {
      const row = await this.claimOwn(trx, actor, reportId, own.id, expectedVersion);
      if (row.status === 'submitted' || row.status === 'accepted')
        throw new ConflictError(
          'The contribution was submitted already.',
          'contribution_submitted',
        );
      if (row.text.trim() === '')
        throw new ValidationError([{ field: 'text', message: 'Write the contribution first.' }]);
      await trx
        .updateTable('report_contributions')
        .set({
          status: 'submitted',
          submitted_by: actor.userId,
          submitted_at: new Date().toISOString(),
        })
        .where('id', '=', own.id)
        .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.contribution_submit',
        targetType: 'report_contribution',
        targetId: own.id,
        changes: { report_id: reportId, status: { before: row.status, after: 'submitted' } },
      });
    });
    return this.get(actor, reportId, id);
  }

  /**
   * The secretariat accepts a submitted contribution into its section. The report's version
   * rises with it, as with any change of its text, so that finalising knows what it froze.
   */
  async accept(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    id: string,
    expectedVersion: number,
  ): Promise<ContributionView> {
    if (!mayManage(actor)) throw new NotFoundError('No such contribution request.');
    const request = await this.get(actor, reportId, id);
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'report_contributions', request.id, expectedVersion);
      const row = await trx
        .selectFrom('report_contributions as c')
        .innerJoin('reports', 'reports.id', 'c.report_id')
        .select(['c.status', 'reports.status as reportStatus'])
        .where('c.id', '=', request.id)
        .executeTakeFirstOrThrow();
      if (row.status !== 'submitted')
        throw new ConflictError(
          row.status === 'accepted'
            ? 'The contribution was accepted already.'
            : 'The agency has not submitted its contribution yet.',
          'contribution_not_submitted',
        );
      if (row.reportStatus !== 'draft')
        throw new ConflictError(
          'The report is finalised: its sections take no more contributions.',
          'report_final',
        );
      await bumpVersion(trx, 'reports', reportId);
      await trx
        .updateTable('report_contributions')
        .set({
          status: 'accepted',
          accepted_by: actor.userId,
          accepted_at: new Date().toISOString(),
        })
        .where('id', '=', request.id)
        .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.contribution_accept',
        targetType: 'report_contribution',
        targetId: request.id,
        changes: {
          report_id: reportId,
          section_id: request.sectionId,
          status: { before: 'submitted', after: 'accepted' },
        },
      });
    });
    return this.get(actor, reportId, id);
  }
}

/** The accepted contributions of a report, in the order their sections show them. */
export async function acceptedContributions(
  db: ContributionServices['database']['db'],
  reportId: string,
): Promise<AcceptedContribution[]> {
  const rows = await db
    .selectFrom('report_contributions as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.section_id as sectionId', 'o.acronym as agency', 'c.text'])
    .where('c.report_id', '=', reportId)
    .where('c.status', '=', 'accepted')
    .orderBy('c.accepted_at')
    .orderBy('c.id')
    .execute();
  return rows;
}
