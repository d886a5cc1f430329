import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { translator, type Translate } from '../../app/i18n/i18n.js';
import type { Services } from '../../app/services.js';
import { bumpVersion, claimVersion, unchanged, unlessUnchanged } from '../../db/versioned.js';
import { reportAudiences, type ReportAudience, type ReportKind } from '../../db/schema.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import { loadNameHistory } from '../network/names-on-date.js';
import { scorecardViewsOf } from '../scorecard/scorecard.views.service.js';
import type { ReportDocument } from './report-document.js';
import {
  assembleReport,
  type ActionPointAsOf,
  type DocumentListed,
  type MeetingHeld,
  type ReportInputs,
} from './reports.assembly.js';
import { overdueObligations, reportingCalendar } from './reports.calendar.js';
import { acceptedContributions } from './reports.contributions.service.js';
import { assertSignedOff } from './reports.signoff.service.js';
import type {
  CalendarEntry,
  DataSectionKind,
  NewReportInput,
  ReportChanges,
  ReportDetail,
  ReportSectionView,
  ReportSummary,
  WrittenSectionKind,
} from './reports.model.js';
import { editionFor, mayManage, visibleReports } from './reports.policy.js';
import {
  keepVersion,
  latestSections,
  versionSections,
  withSectionText,
} from './reports.versions.js';

/** Reports are written in English, the network's working language, whoever assembles them. */
const english: Translate = translator('en');

/** The sections a new report starts with: the foreword, each kind of data, the conclusions. */
const defaultSections: readonly (
  { origin: 'written'; kind: WrittenSectionKind } | { origin: 'data'; kind: DataSectionKind }
)[] = [
  { origin: 'written', kind: 'foreword' },
  { origin: 'data', kind: 'priorities' },
  { origin: 'data', kind: 'progress' },
  { origin: 'data', kind: 'agencies' },
  { origin: 'data', kind: 'meetings' },
  { origin: 'data', kind: 'action_points' },
  { origin: 'data', kind: 'documents' },
  { origin: 'data', kind: 'products' },
  { origin: 'written', kind: 'conclusions' },
];

export const MAX_SECTION_TEXT = 50_000;
const MAX_TITLE = 300;
const DOCUMENT_PAGE = 200;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The end of a day in UTC, for comparing with stored instants. */
const endOfDay = (day: string) => `${day}T23:59:59.999Z`;

interface ReportRow {
  id: string;
  obligation_id: string;
  title: string;
  as_of: string;
  status: 'draft' | 'final' | 'submitted';
  audience: ReportAudience;
  final_document: string | null;
  final_hash: string | null;
  public_document: string | null;
  public_hash: string | null;
  finalised_at: string | null;
  submitted_on: string | null;
  version: number;
  year: number;
  kind: ReportKind;
}

type ReportServices = Pick<
  Services,
  'database' | 'audit' | 'network' | 'scorecard' | 'priorities' | 'documents' | 'products'
>;

/**
 * The reports the network owes and the ones it writes: the calendar, drafts assembled from the
 * platform's data as of a stated day, written sections, and finalising, which freezes the
 * assembled document with its hash so that later changes of the data never change it.
 */
export class Reports {
  constructor(private readonly services: ReportServices) {}

  private get db() {
    return this.services.database.db;
  }

  calendar(actor: Actor, year: number, today = todayUtc()): Promise<CalendarEntry[]> {
    return reportingCalendar(this.db, actor, year, today);
  }

  overdue(actor: Actor, today = todayUtc()): Promise<CalendarEntry[]> {
    return overdueObligations(this.db, actor, today);
  }

  private rows() {
    return this.db
      .selectFrom('reports')
      .innerJoin('report_obligations', 'report_obligations.id', 'reports.obligation_id')
      .select([
        'reports.id',
        'reports.obligation_id',
        'reports.title',
        'reports.as_of',
        'reports.status',
        'reports.audience',
        'reports.final_document',
        'reports.final_hash',
        'reports.public_document',
        'reports.public_hash',
        'reports.finalised_at',
        'reports.submitted_on',
        'reports.version',
        'report_obligations.year',
        'report_obligations.kind',
      ]);
  }

  private async row(actor: Actor, id: string): Promise<ReportRow> {
    const row = await this.rows()
      .where('reports.id', '=', id)
      .where(visibleReports(actor))
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such report.');
    return row;
  }

  /** The reports the actor may read, of a year or of all years, latest year first. */
  async list(actor: Actor, year?: number): Promise<ReportSummary[]> {
    let query = this.rows().where(visibleReports(actor));
    if (year !== undefined) query = query.where('report_obligations.year', '=', year);
    const rows = await query
      .orderBy('report_obligations.year', 'desc')
      .orderBy('reports.as_of')
      .orderBy('reports.id')
      .execute();
    return rows.map(summaryOf);
  }

  async sections(reportId: string): Promise<ReportSectionView[]> {
    const rows = await this.db
      .selectFrom('report_sections')
      .select(['id', 'position', 'origin', 'kind', 'title', 'body', 'version'])
      .where('report_id', '=', reportId)
      .orderBy('position')
      .execute();
    return rows.map((row) => ({ ...row, kind: row.kind as ReportSectionView['kind'] }));
  }

  async get(actor: Actor, id: string): Promise<ReportDetail> {
    const row = await this.row(actor, id);
    const sections = mayManage(actor) ? await this.sections(id) : [];
    const edition = editionFor(actor);
    let document: ReportDocument;
    let hash: string | null = null;
    if (row.status === 'draft') {
      document = (await this.assemble(actor, row, 'draft')).full;
    } else {
      const stored = edition === 'public' ? row.public_document : row.final_document;
      hash = edition === 'public' ? row.public_hash : row.final_hash;
      if (stored === null) throw new Error(`finalised report ${id} has no stored document`);
      document = JSON.parse(stored) as ReportDocument;
    }
    const manage = mayManage(actor);
    return {
      ...summaryOf(row),
      sections,
      hash,
      finalisedAt: row.finalised_at,
      submittedOn: row.submitted_on,
      document,
      actions: {
        edit: manage && row.status === 'draft',
        finalise: manage && row.status === 'draft',
        submit: manage && row.status === 'final',
        release: manage,
      },
    };
  }

  /** The frame of a report: its recipient and its chair, named as on its day. */
  private async frame(row: Pick<ReportRow, 'obligation_id' | 'title' | 'as_of' | 'year'>) {
    const names = await loadNameHistory(this.db);
    const obligation = await this.db
      .selectFrom('report_obligations')
      .leftJoin('organisations', 'organisations.id', 'report_obligations.recipient_organisation_id')
      .select([
        'report_obligations.kind',
        'organisations.id',
        'organisations.acronym',
        'organisations.name',
      ])
      .where('report_obligations.id', '=', row.obligation_id)
      .executeTakeFirstOrThrow();
    const chair = await this.services.network.chairOf(row.year);
    const recipient =
      obligation.id !== null && obligation.acronym !== null && obligation.name !== null
        ? `${obligation.name} (${names.on(obligation.id, obligation.acronym, row.as_of).acronym})`
        : english(`reports.recipient.${obligation.kind === 'final' ? 'final' : 'annual'}`);
    return {
      title: row.title,
      recipient,
      chair: chair ? names.on(chair.organisationId, chair.acronym, row.as_of).acronym : '',
      issuedOn: todayUtc(),
    };
  }

  private async assemble(
    actor: Actor,
    row: Pick<ReportRow, 'id' | 'obligation_id' | 'title' | 'as_of' | 'year'>,
    edition: 'draft' | 'final',
    sections?: readonly Pick<ReportSectionView, 'origin' | 'kind' | 'title' | 'body'>[],
  ) {
    const [frame, stored, inputs, contributions] = await Promise.all([
      this.frame(row),
      sections ?? this.sections(row.id),
      this.inputs(actor, row.year, row.as_of),
      acceptedContributions(this.db, row.id),
    ]);
    // A version's sections carry their text only: the contributions accepted since are the live
    // sections' own, so a kept version reads as it was written.
    const withContributions = stored.map((section) => ({
      ...section,
      contributions: 'id' in section ? contributions.filter((c) => c.sectionId === section.id) : [],
    }));
    return assembleReport(english, frame, withContributions, inputs, edition);
  }

  /**
   * What the data sections read, as of the end of `asOf`: the scorecard as it stood that day
   * (its own as-of read), the meetings held by then with the decisions taken by then, the action
   * points set by then (done when closed by then), and the documents registered by then that
   * every member agency may read and that carry no classification, and the analytical products
   * of the year the reader may see (the products' own visibility), published by then.
   */
  async inputs(actor: Actor, year: number, asOf: string): Promise<ReportInputs> {
    const views = scorecardViewsOf(this.services);
    const names = await loadNameHistory(this.db);
    const named = (id: string, acronym: string) => names.on(id, acronym, asOf).acronym;
    const [priorities, activities, agencies, meetings, actionPoints, documents, products] =
      await Promise.all([
        views.sections(actor, year),
        views.activities(actor, { year, asOf }),
        this.services.network.list('agency', { sort: 'acronym', direction: 'asc' }),
        this.meetingsHeld(year, asOf),
        this.actionPointsAsOf(year, asOf, named),
        this.documentsListed(actor, year, asOf, named),
        this.services.products.ofYear(actor, year, asOf),
      ]);
    return {
      year,
      asOf,
      priorities,
      activities,
      agencies: agencies.map((a) => ({ id: a.id, acronym: named(a.id, a.acronym), name: a.name })),
      meetings,
      actionPoints,
      documents,
      products: products.map((product) => ({
        title: product.title,
        kind: product.kind,
        agencies: product.agencies.map((a) => named(a.id, a.acronym)),
        periodStart: product.periodStart,
        periodEnd: product.periodEnd,
        publishedOn: product.publishedOn,
      })),
    };
  }

  private async meetingsHeld(year: number, asOf: string): Promise<MeetingHeld[]> {
    const meetings = await this.db
      .selectFrom('meetings')
      .select(['id', 'title', 'starts_at', 'city', 'report', 'report_in_final_report'])
      .where('status', '=', 'scheduled')
      .where('starts_at', '>=', `${String(year)}-01-01`)
      .where('ends_at', '<=', endOfDay(asOf))
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    if (meetings.length === 0) return [];
    const decisions = await this.db
      .selectFrom('meeting_decisions')
      .select(['meeting_id', 'text'])
      .where(
        'meeting_id',
        'in',
        meetings.map((m) => m.id),
      )
      .where('created_at', '<=', endOfDay(asOf))
      .orderBy('position')
      .execute();
    return meetings.map((meeting) => ({
      title: meeting.title,
      day: meeting.starts_at.slice(0, 10),
      city: meeting.city,
      decisions: decisions.filter((d) => d.meeting_id === meeting.id).map((d) => d.text),
      flaggedReport:
        meeting.report_in_final_report === 1 && meeting.report.trim() !== ''
          ? meeting.report
          : null,
    }));
  }

  private async actionPointsAsOf(
    year: number,
    asOf: string,
    named: (id: string, acronym: string) => string,
  ): Promise<ActionPointAsOf[]> {
    const rows = await this.db
      .selectFrom('meeting_action_points')
      .innerJoin('meetings', 'meetings.id', 'meeting_action_points.meeting_id')
      .innerJoin('organisations', 'organisations.id', 'meeting_action_points.owner_organisation_id')
      .select([
        'meeting_action_points.text',
        'meeting_action_points.due_on',
        'meeting_action_points.status',
        'meeting_action_points.updated_at',
        'meetings.title as meeting',
        'organisations.id as ownerId',
        'organisations.acronym as owner',
      ])
      .where('meetings.starts_at', '>=', `${String(year)}-01-01`)
      .where('meetings.starts_at', '<', `${String(year + 1)}-01-01`)
      .where('meeting_action_points.created_at', '<=', endOfDay(asOf))
      .orderBy('meeting_action_points.due_on')
      .orderBy('meeting_action_points.id')
      .execute();
    return rows.map((row) => ({
      text: row.text,
      owner: named(row.ownerId, row.owner),
      dueOn: row.due_on,
      meeting: row.meeting,
      // Only the current state is kept: one closed after the day was still open on it.
      done: row.status === 'done' && row.updated_at <= endOfDay(asOf),
    }));
  }

  private async documentsListed(
    actor: Actor,
    year: number,
    asOf: string,
    named: (id: string, acronym: string) => string,
  ): Promise<DocumentListed[]> {
    const listed: DocumentListed[] = [];
    for (let page = 1; ; page += 1) {
      const result = await this.services.documents.list(actor, {
        year: [year],
        classification: ['none'],
        tlp: ['none', 'clear', 'green'],
        sort: 'registered',
        direction: 'asc',
        page,
        pageSize: DOCUMENT_PAGE,
      });
      for (const document of result.items) {
        if (document.registeredOn > asOf || document.isReference) continue;
        if (document.marking.releasability !== 'network') continue;
        listed.push({
          registrationNumber: document.registrationNumber,
          title: document.title,
          originator: named(document.originator.id, document.originator.acronym),
          registeredOn: document.registeredOn,
          limite: document.marking.limite,
          tlp: document.marking.tlp,
        });
      }
      if (page * DOCUMENT_PAGE >= result.total) break;
    }
    return listed;
  }

  /** The draft's sections as they read when assembled as of the row's day: a version's text. */
  private async regenerated(
    actor: Actor,
    row: Pick<ReportRow, 'id' | 'obligation_id' | 'title' | 'as_of' | 'year'>,
  ) {
    const sections = await this.sections(row.id);
    const assembled = await this.assemble(actor, row, 'draft', sections);
    return { asOf: row.as_of, sections: versionSections(assembled.full, sections) };
  }

  /** A new draft answering an obligation, with the default sections. */
  async create(actor: Actor, context: AuditContext, input: NewReportInput): Promise<ReportDetail> {
    if (!mayManage(actor)) throw new NotFoundError('No such report obligation.');
    const obligation = await this.db
      .selectFrom('report_obligations')
      .leftJoin('organisations', 'organisations.id', 'report_obligations.recipient_organisation_id')
      .select([
        'report_obligations.id',
        'report_obligations.year',
        'report_obligations.kind',
        'report_obligations.period',
        'organisations.acronym',
      ])
      .where('report_obligations.id', '=', input.obligationId)
      .executeTakeFirst();
    if (!obligation) throw new NotFoundError('No such report obligation.');
    checkAsOf(input.asOf, obligation.year);
    const title =
      obligation.kind === 'progress'
        ? english(`reports.title.progress.${obligation.period}`, {
            recipient: obligation.acronym ?? '',
            year: obligation.year,
          })
        : english(`reports.title.${obligation.kind}`, { year: obligation.year });
    const id = randomUUID();
    const now = new Date().toISOString();
    const sections = defaultSections.map((section, index) => ({
      id: randomUUID(),
      report_id: id,
      position: index + 1,
      origin: section.origin,
      kind: section.kind,
      title: english(`reports.section.${section.kind}`),
      body: '',
      version: 1,
      updated_at: now,
    }));
    const first = await this.assemble(
      actor,
      { id, obligation_id: obligation.id, title, as_of: input.asOf, year: obligation.year },
      'draft',
      sections,
    );
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('reports')
        .values({
          id,
          obligation_id: obligation.id,
          title,
          as_of: input.asOf,
          status: 'draft',
          audience: 'secretariat',
          final_document: null,
          final_hash: null,
          public_document: null,
          public_hash: null,
          finalised_at: null,
          finalised_by: null,
          submitted_on: null,
          submitted_by: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .onConflict((oc) => oc.column('obligation_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted)
        throw new ConflictError('A report for this obligation exists already.', 'report_exists');
      await trx.insertInto('report_sections').values(sections).execute();
      await keepVersion(trx, {
        reportId: id,
        reason: 'created',
        asOf: input.asOf,
        actorId: actor.userId,
        sections: versionSections(first.full, sections),
      });
      await this.services.audit.record(trx, context, {
        action: 'report.create',
        targetType: 'report',
        targetId: id,
        changes: { obligation_id: { after: obligation.id }, as_of: { after: input.asOf } },
      });
    });
    return this.get(actor, id);
  }

  /** Title and as-of day while drafting; the audience at any time. */
  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    changes: ReportChanges,
    expectedVersion: number,
  ): Promise<ReportDetail> {
    const row = await this.row(actor, id);
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    const errors: FieldError[] = [];
    if (
      changes.title !== undefined &&
      (changes.title.trim() === '' || changes.title.length > MAX_TITLE)
    )
      errors.push({ field: 'title', message: 'Give the report a title of up to 300 characters.' });
    if (changes.asOf !== undefined) errors.push(...asOfErrors(changes.asOf, row.year));
    if (changes.audience !== undefined && !reportAudiences.includes(changes.audience))
      errors.push({ field: 'audience', message: 'Choose who may read the report.' });
    if (errors.length > 0) throw new ValidationError(errors);
    const after = {
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.asOf !== undefined ? { as_of: changes.asOf } : {}),
      ...(changes.audience !== undefined ? { audience: changes.audience } : {}),
    };
    // Another day regenerates the data sections: assembled before the write, which claims the
    // version this draft was read at.
    const regenerated =
      changes.asOf !== undefined && changes.asOf !== row.as_of && row.status === 'draft'
        ? await this.regenerated(actor, { ...row, as_of: changes.asOf })
        : null;
    await unlessUnchanged(this.db, async (trx) => {
      await claimVersion(trx, 'reports', id, expectedVersion);
      const before = await trx
        .selectFrom('reports')
        .select(['title', 'as_of', 'audience', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const changed = diff(before, after);
      if (Object.keys(changed).length === 0) return unchanged;
      if (before.status !== 'draft' && ('title' in changed || 'as_of' in changed))
        throw new ConflictError(
          'A finalised report keeps its title and its day; only who reads it may change.',
          'report_final',
        );
      await trx.updateTable('reports').set(after).where('id', '=', id).execute();
      if ('as_of' in changed && regenerated !== null)
        await keepVersion(trx, {
          reportId: id,
          reason: 'as_of',
          asOf: regenerated.asOf,
          actorId: actor.userId,
          sections: regenerated.sections,
        });
      await this.services.audit.record(trx, context, {
        action: 'report.update',
        targetType: 'report',
        targetId: id,
        changes: changed,
      });
    });
    return this.get(actor, row.id);
  }

  /** A written section's text, while the report is a draft. */
  async editSection(
    actor: Actor,
    context: AuditContext,
    reportId: string,
    sectionId: string,
    input: { text: string },
    expectedVersion: number,
  ): Promise<ReportSectionView> {
    const row = await this.row(actor, reportId);
    const section = await this.db
      .selectFrom('report_sections')
      .select(['id', 'origin', 'kind'])
      .where('id', '=', sectionId)
      .where('report_id', '=', reportId)
      .executeTakeFirst();
    if (!mayManage(actor) || !section) throw new NotFoundError('No such section.');
    if (section.origin !== 'written')
      throw new ConflictError(
        'This section is generated from data: it has no text to write.',
        'section_generated',
      );
    if (input.text.length > MAX_SECTION_TEXT)
      throw new ValidationError([
        { field: 'text', message: 'Keep the section under 50,000 characters.' },
      ]);
    // A report drafted before versions were kept starts its history from the draft as it reads.
    const firstVersion =
      (await latestSections(this.db, reportId)) === null
        ? (await this.regenerated(actor, row)).sections
        : null;
    await unlessUnchanged(this.db, async (trx) => {
      await claimVersion(trx, 'report_sections', sectionId, expectedVersion);
      const status = await trx
        .selectFrom('reports')
        .select(['status', 'as_of'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      if (status.status !== 'draft')
        throw new ConflictError(
          'The report is finalised: its text no longer changes.',
          'report_final',
        );
      const before = await trx
        .selectFrom('report_sections')
        .select('body')
        .where('id', '=', sectionId)
        .executeTakeFirstOrThrow();
      if (before.body === input.text) return unchanged;
      // The report's version rises with its text, so that finalising knows what it froze.
      await bumpVersion(trx, 'reports', reportId);
      await trx
        .updateTable('report_sections')
        .set({ body: input.text })
        .where('id', '=', sectionId)
        .execute();
      await keepVersion(trx, {
        reportId,
        reason: 'section_edit',
        asOf: status.as_of,
        actorId: actor.userId,
        sections: withSectionText(
          (await latestSections(trx, reportId)) ?? firstVersion ?? [],
          section.kind,
          input.text,
        ),
      });
      // The text may be marked content: the audit names the field, not what it says.
      await this.services.audit.record(trx, context, {
        action: 'report.section_edit',
        targetType: 'report_section',
        targetId: sectionId,
        changes: { report_id: reportId, fields: ['body'] },
      });
    });
    const sections = await this.sections(reportId);
    const edited = sections.find((s) => s.id === sectionId);
    if (!edited) throw new NotFoundError('No such section.');
    return edited;
  }

  /**
   * Freezes the report: assembles it as of its day and stores the document and its public
   * edition as JSON with their SHA-256, in the transaction that claims the report's version.
   */
  async finalise(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<ReportDetail> {
    const row = await this.row(actor, id);
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    // Assembled before the write: every change of a report's text or day raises its version, so
    // claiming the version it was assembled at proves nothing changed in between.
    if (row.version !== expectedVersion) throw new StaleVersionError(row.version);
    if (row.status !== 'draft')
      throw new ConflictError('The report is finalised already.', 'report_final');
    const sections = await this.sections(id);
    const editions = await this.assemble(actor, row, 'final', sections);
    const full = JSON.stringify(editions.full);
    const open = JSON.stringify(editions.public);
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'reports', id, expectedVersion);
      await trx
        .updateTable('reports')
        .set({
          status: 'final',
          final_document: full,
          final_hash: sha256(full),
          public_document: open,
          public_hash: sha256(open),
          finalised_at: new Date().toISOString(),
          finalised_by: actor.userId,
        })
        .where('id', '=', id)
        .execute();
      await keepVersion(trx, {
        reportId: id,
        reason: 'finalised',
        asOf: row.as_of,
        actorId: actor.userId,
        sections: versionSections(editions.full, sections),
      });
      await this.services.audit.record(trx, context, {
        action: 'report.finalise',
        targetType: 'report',
        targetId: id,
        changes: { status: { before: 'draft', after: 'final' }, final_hash: sha256(full) },
      });
    });
    return this.get(actor, id);
  }

  /** Records that the finalised report was sent to its recipient, on a day, by the caller. */
  async submit(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: { submittedOn: string },
    expectedVersion: number,
  ): Promise<ReportDetail> {
    const row = await this.row(actor, id);
    if (!mayManage(actor)) throw new NotFoundError('No such report.');
    if (!isCalendarDate(input.submittedOn))
      throw new ValidationError([{ field: 'submittedOn', message: 'Enter the day it was sent.' }]);
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'reports', id, expectedVersion);
      const current = await trx
        .selectFrom('reports')
        .select(['status', 'final_hash'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (current.status !== 'final')
        throw new ConflictError(
          current.status === 'draft'
            ? 'Finalise the report before recording that it was sent.'
            : 'The report was submitted already.',
          'report_not_final',
        );
      await assertSignedOff(trx, id);
      await trx
        .updateTable('reports')
        .set({ status: 'submitted', submitted_on: input.submittedOn, submitted_by: actor.userId })
        .where('id', '=', id)
        .execute();
      await this.services.audit.record(trx, context, {
        action: 'report.submit',
        targetType: 'report',
        targetId: id,
        changes: {
          status: { before: 'final', after: 'submitted' },
          submitted_on: input.submittedOn,
          final_hash: current.final_hash,
        },
      });
    });
    return this.get(actor, row.id);
  }
}

function summaryOf(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    obligationId: row.obligation_id,
    year: row.year,
    kind: row.kind,
    title: row.title,
    asOf: row.as_of,
    status: row.status,
    audience: row.audience,
    version: row.version,
  };
}

/** A report's day is a real day of its year or of the next (an annual report looks back). */
function asOfErrors(asOf: string, year: number): FieldError[] {
  if (!isCalendarDate(asOf) || asOf < `${String(year)}-01-01` || asOf > `${String(year + 1)}-12-31`)
    return [
      {
        field: 'asOf',
        message: `Enter the day the data are read on, in ${String(year)} or ${String(year + 1)}.`,
      },
    ];
  return [];
}

function checkAsOf(asOf: string, year: number): void {
  const errors = asOfErrors(asOf, year);
  if (errors.length > 0) throw new ValidationError(errors);
}
