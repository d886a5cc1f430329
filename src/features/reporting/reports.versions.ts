import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import type { Executor, Trx } from '../../db/database.js';
import type { ReportSectionOrigin, ReportVersionReason } from '../../db/schema.js';
import { wordDiff, type DiffSegment } from '../priorities/priorities.diff.js';
import type { ReportBlock, ReportDocument, ReportSection } from './report-document.js';
import type { ReportSectionView } from './reports.model.js';
import { mayManage, visibleReports } from './reports.policy.js';

/** One section of a report as a version keeps it: what it is, and its text as it read then. */
export interface VersionSection {
  kind: string;
  origin: ReportSectionOrigin;
  title: string;
  text: string;
}

export interface ReportVersionSummary {
  number: number;
  reason: ReportVersionReason;
  asOf: string;
  createdAt: string;
  createdBy: string;
}

export type SectionChange = 'unchanged' | 'changed' | 'added' | 'removed';
export const sectionChanges: readonly SectionChange[] = [
  'unchanged',
  'changed',
  'added',
  'removed',
];

export interface SectionComparison {
  kind: string;
  origin: ReportSectionOrigin;
  /** The section's title in the later version, or in the earlier one if it is gone. */
  title: string;
  status: SectionChange;
  before: string;
  after: string;
  /** The words deleted and inserted; for an unchanged section one equal segment. */
  words: DiffSegment[];
}

export interface ReportComparison {
  report: { id: string; title: string };
  from: ReportVersionSummary;
  to: ReportVersionSummary;
  counts: Record<SectionChange, number>;
  sections: SectionComparison[];
}

function blockLines(block: ReportBlock): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [block.text];
    case 'list':
      return block.items.map((item) => `• ${item}`);
    case 'table':
      return [
        block.table.caption,
        block.table.header.join(' | '),
        ...block.table.rows.map((row) => row.join(' | ')),
      ];
    case 'chart':
      return [
        block.chart.title,
        ...block.chart.categories.map(
          (category, index) =>
            `${category}: ${block.chart.series.map((s) => `${s.name} ${String(s.values[index] ?? 0)}`).join(', ')}`,
        ),
      ];
  }
}

function sectionLines(section: ReportSection, depth: number): string[] {
  return [
    ...(depth > 0 ? [`${section.number} ${section.title}`.trim()] : []),
    ...section.blocks.flatMap(blockLines),
    ...section.subsections.flatMap((sub) => sectionLines(sub, depth + 1)),
  ];
}

/**
 * Each section of an assembled report as plain text, one line per paragraph, list item or table
 * row: what two versions compare. The document holds the sections in the report's order.
 */
export function versionSections(
  document: ReportDocument,
  sections: readonly Pick<ReportSectionView, 'kind' | 'origin' | 'title'>[],
): VersionSection[] {
  return sections.map((section, index) => {
    const assembled = document.sections[index];
    return {
      kind: section.kind,
      origin: section.origin,
      title: section.title,
      text: assembled ? sectionLines(assembled, 0).join('\n') : '',
    };
  });
}

/** The sections of the report's latest version, or null before its first. */
export async function latestSections(
  db: Executor,
  reportId: string,
): Promise<VersionSection[] | null> {
  const row = await db
    .selectFrom('report_versions')
    .select('sections')
    .where('report_id', '=', reportId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.sections) as VersionSection[]) : null;
}

/**
 * Keeps the next version of a report, in the transaction of the write that made it. The caller
 * has claimed the report's row first, so that two writes number their versions one after the
 * other.
 */
export async function keepVersion(
  trx: Trx,
  version: {
    reportId: string;
    reason: ReportVersionReason;
    asOf: string;
    actorId: string;
    sections: readonly VersionSection[];
  },
): Promise<number> {
  const last = await trx
    .selectFrom('report_versions')
    .select((eb) => eb.fn.max('number').as('number'))
    .where('report_id', '=', version.reportId)
    .executeTakeFirst();
  const number = (last?.number ?? 0) + 1;
  await trx
    .insertInto('report_versions')
    .values({
      id: randomUUID(),
      report_id: version.reportId,
      number,
      reason: version.reason,
      as_of: version.asOf,
      sections: JSON.stringify(version.sections),
      created_by: version.actorId,
      created_at: new Date().toISOString(),
    })
    .execute();
  return number;
}

/** The sections of the latest version with one written section's text replaced. */
export function withSectionText(
  sections: readonly VersionSection[],
  kind: string,
  text: string,
): VersionSection[] {
  return sections.map((section) =>
    section.kind === kind && section.origin === 'written' ? { ...section, text } : section,
  );
}

/** Two versions compared section by section, sections matched by their kind. */
export function compareSections(
  before: readonly VersionSection[],
  after: readonly VersionSection[],
): { counts: Record<SectionChange, number>; sections: SectionComparison[] } {
  const counts: Record<SectionChange, number> = { unchanged: 0, changed: 0, added: 0, removed: 0 };
  const sections: SectionComparison[] = after.map((later) => {
    const earlier = before.find((s) => s.kind === later.kind);
    const status: SectionChange =
      earlier === undefined ? 'added' : earlier.text === later.text ? 'unchanged' : 'changed';
    return {
      kind: later.kind,
      origin: later.origin,
      title: later.title,
      status,
      before: earlier?.text ?? '',
      after: later.text,
      words: wordDiff(earlier?.text ?? '', later.text),
    };
  });
  for (const earlier of before) {
    if (after.some((s) => s.kind === earlier.kind)) continue;
    sections.push({
      kind: earlier.kind,
      origin: earlier.origin,
      title: earlier.title,
      status: 'removed',
      before: earlier.text,
      after: '',
      words: wordDiff(earlier.text, ''),
    });
  }
  for (const section of sections) counts[section.status] += 1;
  return { counts, sections };
}

/**
 * The versions of a report's text and their comparison. Versions are drafts: only the
 * secretariat, which reads drafts, reads them; for anyone else the report is not found.
 */
export class ReportVersions {
  constructor(private readonly services: { database: { db: Executor } }) {}

  private get db() {
    return this.services.database.db;
  }

  private async report(actor: Actor, id: string) {
    const report = await this.db
      .selectFrom('reports')
      .select(['id', 'title'])
      .where('id', '=', id)
      .where(visibleReports(actor))
      .executeTakeFirst();
    if (!report || !mayManage(actor)) throw new NotFoundError('No such report.');
    return report;
  }

  private versions(reportId: string) {
    return this.db
      .selectFrom('report_versions')
      .innerJoin('users', 'users.id', 'report_versions.created_by')
      .select([
        'report_versions.number',
        'report_versions.reason',
        'report_versions.as_of',
        'report_versions.created_at',
        'report_versions.sections',
        'users.name as createdBy',
      ])
      .where('report_versions.report_id', '=', reportId);
  }

  /** The report's versions, the latest first. */
  async list(actor: Actor, id: string): Promise<ReportVersionSummary[]> {
    const report = await this.report(actor, id);
    const rows = await this.versions(report.id).orderBy('report_versions.number', 'desc').execute();
    return rows.map(summaryOf);
  }

  async compare(actor: Actor, id: string, from: number, to: number): Promise<ReportComparison> {
    const report = await this.report(actor, id);
    const rows = await this.versions(report.id)
      .where('report_versions.number', 'in', [from, to])
      .execute();
    const earlier = rows.find((r) => r.number === from);
    const later = rows.find((r) => r.number === to);
    if (!earlier || !later) throw new NotFoundError('No such version of the report.');
    return {
      report,
      from: summaryOf(earlier),
      to: summaryOf(later),
      ...compareSections(
        JSON.parse(earlier.sections) as VersionSection[],
        JSON.parse(later.sections) as VersionSection[],
      ),
    };
  }
}

function summaryOf(row: {
  number: number;
  reason: ReportVersionReason;
  as_of: string;
  created_at: string;
  createdBy: string;
}): ReportVersionSummary {
  return {
    number: row.number,
    reason: row.reason,
    asOf: row.as_of,
    createdAt: row.created_at,
    createdBy: row.createdBy,
  };
}
