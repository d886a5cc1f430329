import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import type { PriorityGroupKey, PriorityStatus } from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { visibleFrameworks } from './priorities.policy.js';
import { agreedLineCodes, type AgreedLine } from './agreed-lines.js';
import { loadNameHistory, type NameHistory } from '../network/names-on-date.js';

export interface ReferenceView {
  label: string;
  title: string;
  url: string;
}

export interface LineView {
  key: string;
  number: number;
  text: string;
  references: ReferenceView[];
}

/** A paragraph of a section's text, or a sentence that introduces a list, such as 1.3 in 2017. */
export type SectionParagraph = string | { text: string; items: string[] };

export interface SectionView {
  number: string;
  group: PriorityGroupKey;
  title: string;
  objective: string;
  objectiveReferences: ReferenceView[];
  context: SectionParagraph[];
  lines: LineView[];
}

export interface FrameworkSummary {
  id: string;
  year: number;
  version: number;
  status: PriorityStatus;
  title: string;
  /** The chair's acronym as it was in that year; `chairAcronymNow` is today's, when it differs. */
  chairAcronym: string | null;
  chairAcronymNow: string | null;
  agreedOn: string | null;
  agreedAt: string | null;
  /** The last day of the consultation, once one was opened. */
  consultationDeadline: string | null;
  /** The version this one was started from, as "year/version". */
  basedOn: string | null;
  /** Numbers the edits of this version: the ETag and the hidden `version` of its forms. */
  rowVersion: number;
}

export interface FrameworkView extends FrameworkSummary {
  introduction: string[];
  principles: { key: string; title: string; text: string }[];
  groups: { key: PriorityGroupKey; title: string; outlook: string[] }[];
  /** The paragraph that follows the outlook, where the paper has one. */
  outlookNote: string | null;
  sections: SectionView[];
}

/** The shape of a year's priorities as a data file (the demo's 2017 paper). */
export interface FrameworkDocument {
  year: number;
  chair: string;
  title: string;
  agreedAt: string;
  agreedOn: string;
  introduction: string[];
  principles: { key: string; title: string; text: string }[];
  groups: { key: PriorityGroupKey; title: string; outlook: string[] }[];
  outlookNote?: string;
  sections: {
    number: string;
    group: PriorityGroupKey;
    title: string;
    objective: string;
    objectiveReferences?: { label: string; title: string; url: string }[];
    context?: SectionParagraph[];
    lines: { text: string; references?: { label: string; title: string; url: string }[] }[];
  }[];
}

function parseParagraphs(json: string): string[] {
  return JSON.parse(json) as string[];
}

function parseSectionText(json: string): SectionParagraph[] {
  return JSON.parse(json) as SectionParagraph[];
}

/** A year's chair as it was named in that year: on the agreement's day, or else on 1 January. */
function chairNamedInItsYear<
  Row extends {
    chairId: string | null;
    chairAcronym: string | null;
    year: number;
    agreedOn: string | null;
  },
>(
  { chairId, ...row }: Row,
  names: NameHistory,
): Omit<Row, 'chairId'> & { chairAcronymNow: string | null } {
  if (chairId === null || row.chairAcronym === null) return { ...row, chairAcronymNow: null };
  const name = names.on(chairId, row.chairAcronym, row.agreedOn ?? `${String(row.year)}-01-01`);
  return { ...row, chairAcronym: name.acronym, chairAcronymNow: name.now };
}

/** The yearly priorities of the network, version by version. */
export class Priorities {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  private summaries(actor: Actor) {
    return this.database.db
      .selectFrom('priority_frameworks')
      .leftJoin('organisations', 'organisations.id', 'priority_frameworks.chair_organisation_id')
      .where(visibleFrameworks(actor))
      .select([
        'priority_frameworks.id',
        'priority_frameworks.year',
        'priority_frameworks.version',
        'priority_frameworks.status',
        'priority_frameworks.title',
        'organisations.acronym as chairAcronym',
        'priority_frameworks.chair_organisation_id as chairId',
        'priority_frameworks.agreed_on as agreedOn',
        'priority_frameworks.agreed_at as agreedAt',
        'priority_frameworks.consultation_deadline as consultationDeadline',
        'priority_frameworks.row_version as rowVersion',
        'priority_frameworks.introduction',
        'priority_frameworks.outlook_note as outlookNote',
      ])
      .select((eb) =>
        eb
          .selectFrom('priority_frameworks as source')
          .whereRef('source.id', '=', 'priority_frameworks.based_on_id')
          .select(
            sql<string>`${sql.ref('source.year')} || '/' || ${sql.ref('source.version')}`.as(
              'basedOn',
            ),
          )
          .as('basedOn'),
      );
  }

  /** Every version the actor may read, latest year and version first. */
  async list(actor: Actor, year?: number): Promise<FrameworkSummary[]> {
    let query = this.summaries(actor);
    if (year !== undefined) query = query.where('priority_frameworks.year', '=', year);
    const rows = await query
      .orderBy('priority_frameworks.year', 'desc')
      .orderBy('priority_frameworks.version', 'desc')
      .execute();
    const names = await loadNameHistory(this.database.db);
    return rows.map(({ introduction: _introduction, outlookNote: _outlookNote, ...row }) =>
      chairNamedInItsYear(row, names),
    );
  }

  /**
   * A year's priorities as the actor may read them: the given version, or else the latest
   * agreed one, or else the latest the actor may see. Missing and hidden answer alike.
   */
  async get(actor: Actor, year: number, version?: number): Promise<FrameworkView> {
    let query = this.summaries(actor).where('priority_frameworks.year', '=', year);
    if (version !== undefined) query = query.where('priority_frameworks.version', '=', version);
    const candidates = await query.orderBy('priority_frameworks.version', 'desc').execute();
    const chosen =
      version !== undefined
        ? candidates[0]
        : (candidates.find((c) => c.status === 'agreed') ?? candidates[0]);
    if (!chosen) throw new NotFoundError('No such priorities.');
    const db = this.database.db;
    const [principles, groups, sections, lines, references] = await Promise.all([
      db
        .selectFrom('priority_principles')
        .select(['key', 'title', 'text'])
        .where('framework_id', '=', chosen.id)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('priority_groups')
        .select(['key', 'title', 'outlook'])
        .where('framework_id', '=', chosen.id)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('priority_sections')
        .selectAll()
        .where('framework_id', '=', chosen.id)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('priority_lines')
        .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
        .select([
          'priority_lines.id',
          'priority_lines.section_id as sectionId',
          'priority_lines.line_key as key',
          'priority_lines.number',
          'priority_lines.text',
        ])
        .where('priority_sections.framework_id', '=', chosen.id)
        .orderBy('priority_lines.number')
        .execute(),
      db
        .selectFrom('priority_references')
        .innerJoin('priority_sections', 'priority_sections.id', 'priority_references.section_id')
        .select([
          'priority_references.section_id as sectionId',
          'priority_references.line_id as lineId',
          'priority_references.label',
          'priority_references.title',
          'priority_references.url',
        ])
        .where('priority_sections.framework_id', '=', chosen.id)
        .orderBy('priority_references.label')
        .execute(),
    ]);
    const referencesOf = (sectionId: string, lineId: string | null) =>
      references
        .filter((r) => r.sectionId === sectionId && r.lineId === lineId)
        .map(({ label, title, url }) => ({ label, title, url }));
    const { introduction, ...row } = chosen;
    return {
      ...chairNamedInItsYear(row, await loadNameHistory(db)),
      introduction: parseParagraphs(introduction),
      principles,
      groups: groups.map((g) => ({ ...g, outlook: parseParagraphs(g.outlook) })),
      sections: sections.map((section) => ({
        number: section.number,
        group: section.group_key,
        title: section.title,
        objective: section.objective,
        objectiveReferences: referencesOf(section.id, null),
        context: parseSectionText(section.context),
        lines: lines
          .filter((line) => line.sectionId === section.id)
          .map((line) => ({
            key: line.key,
            number: line.number,
            text: line.text,
            references: referencesOf(section.id, line.id),
          })),
      })),
    };
  }

  /** The lines of a year's latest agreed version by code, for forms that link records to them. */
  agreedLineCodes(year: number): Promise<Map<string, AgreedLine>> {
    return agreedLineCodes(this.database.db, year);
  }

  /** Stores a year's agreed priorities from a document, as the next version of that year. */
  async importAgreed(context: AuditContext, document: FrameworkDocument): Promise<string> {
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      const chair = await trx
        .selectFrom('organisations')
        .select('id')
        .where('acronym', '=', document.chair)
        .executeTakeFirst();
      const latest = await trx
        .selectFrom('priority_frameworks')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('year', '=', document.year)
        .executeTakeFirst();
      const now = new Date().toISOString();
      await trx
        .insertInto('priority_frameworks')
        .values({
          id,
          year: document.year,
          version: (latest?.version ?? 0) + 1,
          status: 'agreed',
          title: document.title,
          chair_organisation_id: chair?.id ?? null,
          introduction: JSON.stringify(document.introduction),
          outlook_note: document.outlookNote ?? null,
          agreed_on: document.agreedOn,
          agreed_at: document.agreedAt,
          based_on_id: null,
          row_version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('priority_principles')
        .values(
          document.principles.map((p, position) => ({
            id: randomUUID(),
            framework_id: id,
            ...p,
            position,
          })),
        )
        .execute();
      await trx
        .insertInto('priority_groups')
        .values(
          document.groups.map((g, position) => ({
            id: randomUUID(),
            framework_id: id,
            key: g.key,
            title: g.title,
            outlook: JSON.stringify(g.outlook),
            position,
          })),
        )
        .execute();
      let lineCount = 0;
      for (const [position, section] of document.sections.entries()) {
        const sectionId = randomUUID();
        await trx
          .insertInto('priority_sections')
          .values({
            id: sectionId,
            framework_id: id,
            group_key: section.group,
            number: section.number,
            title: section.title,
            objective: section.objective,
            context: JSON.stringify(section.context ?? []),
            position,
          })
          .execute();
        const references = (section.objectiveReferences ?? []).map((r) => ({
          id: randomUUID(),
          section_id: sectionId,
          line_id: null as string | null,
          ...r,
        }));
        const lines = section.lines.map((line, index) => {
          const lineId = randomUUID();
          for (const r of line.references ?? []) {
            references.push({ id: randomUUID(), section_id: sectionId, line_id: lineId, ...r });
          }
          return {
            id: lineId,
            section_id: sectionId,
            line_key: randomUUID(),
            number: index + 1,
            text: line.text,
          };
        });
        lineCount += lines.length;
        if (lines.length > 0) await trx.insertInto('priority_lines').values(lines).execute();
        if (references.length > 0)
          await trx.insertInto('priority_references').values(references).execute();
      }
      await this.audit.record(trx, context, {
        action: 'priorities.import',
        targetType: 'priorities',
        targetId: id,
        changes: { year: document.year, sections: document.sections.length, lines: lineCount },
      });
    });
    return id;
  }
}
