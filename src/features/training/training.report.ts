import { todayUtc } from '../../app/dates.js';
import type { Translate } from '../../app/i18n/i18n.js';
import { formatNumber } from '../../app/i18n/format.js';
import type { ReportDocument } from '../reporting/report-document.js';
import { reportToDocx } from '../reporting/outputs/on-demand.js';
import type { TrainingView } from './training.model.js';

export interface FigureRow {
  name: string;
  trainings: number;
  participants: number;
  days: number;
}

export interface TrainingReport {
  year: number;
  totals: Omit<FigureRow, 'name'>;
  /** Each agency with the trainings it organised or co-organised, by acronym. */
  byAgency: FigureRow[];
  byTopic: FigureRow[];
  byKind: FigureRow[];
}

function tally(
  trainings: readonly TrainingView[],
  keysOf: (t: TrainingView) => string[],
): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  for (const training of trainings) {
    for (const name of new Set(keysOf(training))) {
      const row = rows.get(name) ?? { name, trainings: 0, participants: 0, days: 0 };
      row.trainings += 1;
      row.participants += training.participants ?? 0;
      row.days += training.days;
      rows.set(name, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) => b.trainings - a.trainings || a.name.localeCompare(b.name),
  );
}

/**
 * The figures of the annual training report, from the trainings of the year: a training counts
 * once for each agency that organised or co-organised it and once for each of its topic areas,
 * so those tables add up to more than the totals. Unknown participant counts count as none.
 */
export function trainingFigures(year: number, trainings: readonly TrainingView[]): TrainingReport {
  return {
    year,
    totals: {
      trainings: trainings.length,
      participants: trainings.reduce((sum, t) => sum + (t.participants ?? 0), 0),
      days: trainings.reduce((sum, t) => sum + t.days, 0),
    },
    byAgency: tally(trainings, (t) => [
      t.organiser.acronym,
      ...t.coOrganisers.map((o) => o.acronym),
    ]),
    byTopic: tally(trainings, (t) => [...t.topics]),
    byKind: tally(trainings, (t) => [t.kind]),
  };
}

/** The annual training report as the reports' outputs read it: a title page and three tables. */
export function trainingReportDocument(
  report: TrainingReport,
  t: Translate,
  locale: string,
  chair: string,
): ReportDocument {
  const n = (value: number) => formatNumber(locale, value);
  const header = (first: string) => [
    first,
    t('training.report.trainings'),
    t('training.report.participants'),
    t('training.report.days'),
  ];
  const rowsOf = (rows: readonly FigureRow[], name: (row: FigureRow) => string) =>
    rows.map((row) => [name(row), n(row.trainings), n(row.participants), n(row.days)]);
  const year = String(report.year);
  return {
    title: t('training.report.title', { year }),
    recipient: t('training.report.recipient'),
    chair,
    asOf: todayUtc(),
    issuedOn: todayUtc(),
    edition: 'draft',
    marking: null,
    omissionNote: null,
    sections: [
      {
        number: '1',
        title: t('training.report.summary'),
        origin: 'data',
        blocks: [
          {
            kind: 'paragraph',
            text: t('training.report.totals', {
              year,
              trainings: n(report.totals.trainings),
              participants: n(report.totals.participants),
              days: n(report.totals.days),
            }),
          },
          { kind: 'paragraph', text: t('training.report.counting') },
        ],
        subsections: [],
      },
      {
        number: '2',
        title: t('training.report.byAgency'),
        origin: 'data',
        blocks: [
          {
            kind: 'table',
            table: {
              caption: t('training.report.byAgencyCaption', { year }),
              header: header(t('training.field.organiser')),
              rows: rowsOf(report.byAgency, (row) => row.name),
            },
          },
        ],
        subsections: [],
      },
      {
        number: '3',
        title: t('training.report.byTopic'),
        origin: 'data',
        blocks: [
          {
            kind: 'table',
            table: {
              caption: t('training.report.byTopicCaption', { year }),
              header: header(t('training.field.topics')),
              rows: rowsOf(report.byTopic, (row) => topicLabel(t, row.name)),
            },
          },
        ],
        subsections: [],
      },
      {
        number: '4',
        title: t('training.report.byKind'),
        origin: 'data',
        blocks: [
          {
            kind: 'table',
            table: {
              caption: t('training.report.byKindCaption', { year }),
              header: header(t('training.field.kind')),
              rows: rowsOf(report.byKind, (row) => kindLabel(t, row.name)),
            },
          },
        ],
        subsections: [],
      },
    ],
  };
}

/** The annual training report as a Word document, through the reports' own Word output. */
export function trainingReportDocx(
  report: TrainingReport,
  t: Translate,
  locale: string,
  chair: string,
): Promise<Buffer> {
  return reportToDocx(trainingReportDocument(report, t, locale, chair), { locale });
}

export function topicLabel(t: Translate, topic: string): string {
  return t(`training.topic.${topic}` as Parameters<Translate>[0]);
}

export function kindLabel(t: Translate, kind: string): string {
  return t(`training.kind.${kind}` as Parameters<Translate>[0]);
}

export function audienceLabel(t: Translate, audience: string): string {
  return t(`training.audience.${audience}` as Parameters<Translate>[0]);
}
