import type { Translate } from '../../app/i18n/i18n.js';
import { activityStatuses, type Tlp } from '../../db/schema.js';
import type { ProductKind } from '../products/products.vocabulary.js';
import type { ActivityView } from '../scorecard/scorecard.model.js';
import {
  agencyFigures,
  coverage,
  percentage,
  statusBySection,
  type SectionOutline,
} from '../scorecard/scorecard.views.js';
import type {
  ReportBlock,
  ReportDocument,
  ReportMarking,
  ReportSection,
} from './report-document.js';
import type { DataSectionKind, ReportSectionView } from './reports.model.js';

/**
 * A report assembled from its inputs: pure, so that what a report says follows only from the data
 * it was given, and a finalised report is this function's answer frozen.
 */

export interface MeetingHeld {
  title: string;
  /** The day it began, YYYY-MM-DD. */
  day: string;
  city: string;
  decisions: readonly string[];
  /** The meeting's report, when it is flagged to feed the network's final report. */
  flaggedReport: string | null;
}

export interface ActionPointAsOf {
  text: string;
  owner: string;
  dueOn: string;
  meeting: string;
  done: boolean;
}

export interface DocumentListed {
  registrationNumber: string;
  title: string;
  originator: string;
  registeredOn: string;
  limite: boolean;
  tlp: Tlp | null;
}

/** An analytical product of the year, as the report lists it. */
export interface ProductListed {
  title: string;
  kind: ProductKind;
  /** The producing agencies' acronyms, as named on the report's day. */
  agencies: readonly string[];
  periodStart: string | null;
  periodEnd: string | null;
  publishedOn: string | null;
}

/** Everything a report's data sections read, as of its day. */
export interface ReportInputs {
  year: number;
  asOf: string;
  priorities: readonly SectionOutline[];
  activities: readonly ActivityView[];
  agencies: readonly { id: string; acronym: string; name: string }[];
  meetings: readonly MeetingHeld[];
  actionPoints: readonly ActionPointAsOf[];
  documents: readonly DocumentListed[];
  products: readonly ProductListed[];
}

export interface ReportFrame {
  title: string;
  recipient: string;
  chair: string;
  issuedOn: string;
}

/** A section with whether the public may read it: the public edition leaves out the others. */
interface Assembled {
  section: Omit<ReportSection, 'number'>;
  public: boolean;
}

const paragraphsOf = (text: string): ReportBlock[] =>
  text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => ({ kind: 'paragraph', text: part }));

function prioritiesSection(t: Translate, inputs: ReportInputs): ReportSection[] {
  return inputs.priorities.map((section) => ({
    number: '',
    // The report numbers its own sections; the paper's number of the priority follows its title.
    title: t('reports.section.priority', { title: section.title, number: section.number }),
    origin: 'data',
    blocks:
      section.lines.length === 0
        ? []
        : [
            {
              kind: 'list',
              items: section.lines.map(
                (line) => `${section.number}.${String(line.number)} ${line.text}`,
              ),
            },
          ],
    subsections: [],
  }));
}

function progressBlocks(t: Translate, inputs: ReportInputs): ReportBlock[] {
  const covered = coverage(inputs.activities, inputs.priorities);
  const gaps = covered.sections.flatMap((s) =>
    s.lines.filter((l) => l.activities === 0).map((l) => `${l.code} ${l.text}`),
  );
  const bySection = statusBySection(inputs.activities, inputs.priorities);
  return [
    {
      kind: 'paragraph',
      text: t('reports.doc.progress.summary', {
        activities: inputs.activities.length,
        covered: covered.covered,
        lines: covered.lines,
        percent: percentage(covered.covered, covered.lines),
        asOf: inputs.asOf,
      }),
    },
    {
      kind: 'chart',
      chart: {
        kind: 'stacked-bar',
        title: t('reports.doc.progress.chart'),
        alt: t('reports.doc.progress.chartAlt'),
        categories: bySection.map((s) => s.number),
        series: activityStatuses.map((status) => ({
          name: t(`scorecard.status.${status}`),
          values: bySection.map((s) => s.byStatus[status]),
        })),
      },
    },
    {
      kind: 'table',
      table: {
        caption: t('reports.doc.progress.table'),
        header: [t('reports.doc.line'), t('reports.doc.lineText'), t('reports.doc.activities')],
        rows: covered.sections.flatMap((s) =>
          s.lines.map((l) => [l.code, l.text, String(l.activities)]),
        ),
      },
    },
    { kind: 'paragraph', text: t('reports.doc.progress.gaps', { count: gaps.length }) },
    ...(gaps.length > 0 ? [{ kind: 'list' as const, items: gaps }] : []),
  ];
}

function agenciesBlocks(t: Translate, inputs: ReportInputs): ReportBlock[] {
  const figures = agencyFigures([...inputs.activities], inputs.agencies);
  return [
    {
      kind: 'chart',
      chart: {
        kind: 'bar',
        title: t('reports.doc.agencies.chart'),
        alt: t('reports.doc.agencies.chartAlt'),
        categories: figures.map((f) => f.agency.acronym),
        series: [
          { name: t('reports.doc.agencies.leads'), values: figures.map((f) => f.leads) },
          { name: t('reports.doc.agencies.joins'), values: figures.map((f) => f.joins) },
        ],
      },
    },
    {
      kind: 'table',
      table: {
        caption: t('reports.doc.agencies.table'),
        header: [
          t('reports.doc.agency'),
          t('reports.doc.agencies.leads'),
          t('reports.doc.agencies.joins'),
        ],
        rows: figures.map((f) => [f.agency.acronym, String(f.leads), String(f.joins)]),
      },
    },
  ];
}

function meetingsSubsections(t: Translate, inputs: ReportInputs): ReportSection[] {
  return inputs.meetings.map((meeting) => ({
    number: '',
    title: `${meeting.title} (${meeting.day}, ${meeting.city})`,
    origin: 'data',
    blocks: [
      ...(meeting.decisions.length > 0
        ? [
            { kind: 'paragraph' as const, text: t('reports.doc.meetings.decisions') },
            { kind: 'list' as const, items: meeting.decisions },
          ]
        : [{ kind: 'paragraph' as const, text: t('reports.doc.meetings.noDecisions') }]),
      ...(meeting.flaggedReport !== null
        ? [
            { kind: 'paragraph' as const, text: t('reports.doc.meetings.report') },
            ...paragraphsOf(meeting.flaggedReport),
          ]
        : []),
    ],
    subsections: [],
  }));
}

function actionPointBlocks(t: Translate, inputs: ReportInputs): ReportBlock[] {
  if (inputs.actionPoints.length === 0) return [{ kind: 'paragraph', text: t('reports.doc.none') }];
  return [
    {
      kind: 'table',
      table: {
        caption: t('reports.doc.actionPoints.table', { asOf: inputs.asOf }),
        header: [
          t('reports.doc.actionPoints.text'),
          t('reports.doc.actionPoints.owner'),
          t('reports.doc.actionPoints.due'),
          t('reports.doc.actionPoints.meeting'),
          t('reports.doc.actionPoints.state'),
        ],
        rows: inputs.actionPoints.map((a) => [
          a.text,
          a.owner,
          a.dueOn,
          a.meeting,
          t(a.done ? 'reports.doc.actionPoints.done' : 'reports.doc.actionPoints.open'),
        ]),
      },
    },
  ];
}

function documentBlocks(t: Translate, inputs: ReportInputs): ReportBlock[] {
  if (inputs.documents.length === 0) return [{ kind: 'paragraph', text: t('reports.doc.none') }];
  return [
    {
      kind: 'table',
      table: {
        caption: t('reports.doc.documents.table', { asOf: inputs.asOf }),
        header: [
          t('reports.doc.documents.number'),
          t('reports.doc.documents.title'),
          t('reports.doc.documents.originator'),
          t('reports.doc.documents.registered'),
        ],
        rows: inputs.documents.map((d) => [
          d.registrationNumber,
          d.title,
          d.originator,
          d.registeredOn,
        ]),
      },
    },
  ];
}

function productBlocks(t: Translate, inputs: ReportInputs): ReportBlock[] {
  if (inputs.products.length === 0) return [{ kind: 'paragraph', text: t('reports.doc.none') }];
  return [
    {
      kind: 'table',
      table: {
        caption: t('reports.doc.products.table', { asOf: inputs.asOf }),
        header: [
          t('reports.doc.products.title'),
          t('reports.doc.products.kind'),
          t('reports.doc.products.agencies'),
          t('reports.doc.products.period'),
          t('reports.doc.products.published'),
        ],
        rows: inputs.products.map((p) => [
          p.title,
          t(`products.kind.${p.kind}`),
          p.agencies.join(', '),
          p.periodStart !== null && p.periodEnd !== null
            ? t('products.period', { start: p.periodStart, end: p.periodEnd })
            : t('products.noPeriod'),
          p.publishedOn ?? '–',
        ]),
      },
    },
  ];
}

/** A data section's content; priorities are public, what comes from the network's work is not. */
function dataSection(
  t: Translate,
  kind: DataSectionKind,
  title: string,
  inputs: ReportInputs,
): Assembled {
  const section = (blocks: ReportBlock[], subsections: ReportSection[] = []) => ({
    title,
    origin: 'data' as const,
    blocks,
    subsections,
  });
  switch (kind) {
    case 'priorities':
      return {
        section: section(
          inputs.priorities.length === 0
            ? [{ kind: 'paragraph', text: t('reports.doc.priorities.none') }]
            : [],
          prioritiesSection(t, inputs),
        ),
        public: true,
      };
    case 'progress':
      return { section: section(progressBlocks(t, inputs)), public: false };
    case 'agencies':
      return { section: section(agenciesBlocks(t, inputs)), public: false };
    case 'meetings':
      return {
        section: section(
          inputs.meetings.length === 0 ? [{ kind: 'paragraph', text: t('reports.doc.none') }] : [],
          meetingsSubsections(t, inputs),
        ),
        public: false,
      };
    case 'action_points':
      return { section: section(actionPointBlocks(t, inputs)), public: false };
    case 'documents':
      return { section: section(documentBlocks(t, inputs)), public: false };
    case 'products':
      return { section: section(productBlocks(t, inputs)), public: false };
  }
}

/** A section followed by each accepted contribution, as a subsection naming its agency. */
function withContributions(
  t: Translate,
  contributions: readonly { agency: string; text: string }[],
  assembled: Assembled,
): Assembled {
  if (contributions.length === 0) return assembled;
  return {
    ...assembled,
    section: {
      ...assembled.section,
      subsections: [
        ...assembled.section.subsections,
        ...contributions.map((c) => ({
          number: '',
          title: t('reports.doc.contribution', { agency: c.agency }),
          origin: 'written' as const,
          blocks: paragraphsOf(c.text),
          subsections: [],
        })),
      ],
    },
  };
}

/** Numbers sections 1, 2, ... and their subsections 1.1, 1.2, ... in reading order. */
function numbered(
  sections: readonly Omit<ReportSection, 'number'>[],
  prefix = '',
): ReportSection[] {
  return sections.map((section, index) => {
    const number = `${prefix}${String(index + 1)}`;
    return {
      ...section,
      number,
      subsections: numbered(section.subsections, `${number}.`),
    };
  });
}

const tlpRank: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, amber_strict: 3, red: 4 };

/**
 * The most restrictive marking of what went into the sections: LIMITE as soon as anything not
 * releasable to the public is in, with the strongest TLP label of a document listed.
 */
export function markingOf(
  sections: readonly Assembled[],
  documents: readonly DocumentListed[],
): ReportMarking | null {
  if (sections.every((s) => s.public)) return null;
  const tlp = documents
    .flatMap((d) => (d.tlp === null ? [] : [d.tlp]))
    .sort((a, b) => tlpRank[b] - tlpRank[a])[0];
  const parts = ['LIMITE', ...(tlp && tlp !== 'clear' ? [`TLP:${tlp.toUpperCase()}`] : [])];
  return { label: parts.join(' · '), public: false };
}

export interface Editions {
  /** The full report: a draft while drafting, final once finalised. */
  full: ReportDocument;
  /** What the public may read: the sections not releasable to the public left out, and said. */
  public: ReportDocument;
}

/** The report's editions from its sections in order and the data as of its day. */
export function assembleReport(
  t: Translate,
  frame: ReportFrame,
  sections: readonly (Pick<ReportSectionView, 'origin' | 'kind' | 'title' | 'body'> & {
    /** The member agencies' contributions the secretariat accepted into the section. */
    contributions?: readonly { agency: string; text: string }[];
  })[],
  inputs: ReportInputs,
  edition: 'draft' | 'final',
): Editions {
  const assembled: Assembled[] = sections.map((s) =>
    withContributions(
      t,
      s.contributions ?? [],
      s.origin === 'written'
        ? {
            section: {
              title: s.title,
              origin: 'written',
              blocks: paragraphsOf(s.body),
              subsections: [],
            },
            public: true,
          }
        : dataSection(t, s.kind as DataSectionKind, s.title, inputs),
    ),
  );
  const base = {
    title: frame.title,
    recipient: frame.recipient,
    chair: frame.chair,
    asOf: inputs.asOf,
    issuedOn: frame.issuedOn,
  };
  const left = assembled.filter((a) => !a.public);
  return {
    full: {
      ...base,
      edition,
      marking: markingOf(assembled, inputs.documents),
      omissionNote: null,
      sections: numbered(assembled.map((a) => a.section)),
    },
    public: {
      ...base,
      edition: 'public',
      marking: null,
      omissionNote:
        left.length === 0
          ? null
          : t('reports.doc.omission', { sections: left.map((a) => a.section.title).join('; ') }),
      sections: numbered(assembled.filter((a) => a.public).map((a) => a.section)),
    },
  };
}
