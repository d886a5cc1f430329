import type { ReportDocument, ReportTable } from '../../src/features/reporting/report-document.js';

/**
 * A small report as the assembly of a report would hand it to the outputs: two sections, one
 * with a subsection, a table, a chart and a LIMITE marking. Its words are written here, so a test
 * that finds them in an output knows they came through the renderer.
 */
export function limiteReport(overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Report of the JHA agencies network to COSI, end of 2017',
    recipient: 'Council of the EU, COSI',
    chair: 'Ana Ruiz, Frontex',
    asOf: '2017-11-30',
    issuedOn: '2017-12-04',
    edition: 'final',
    marking: { label: 'LIMITE', public: false },
    omissionNote: null,
    sections: [
      {
        number: '1',
        title: 'Foreword by the chair',
        origin: 'written',
        blocks: [
          { kind: 'paragraph', text: 'The network met four times and agreed its priorities.' },
          { kind: 'list', items: ['Cybercrime training delivered', 'Joint report on hotspots'] },
        ],
        subsections: [],
      },
      {
        number: '2',
        title: 'Progress on the priorities',
        origin: 'data',
        blocks: [{ kind: 'paragraph', text: 'Activities by status at the end of November.' }],
        subsections: [
          {
            number: '2.1',
            title: 'Activities per agency',
            origin: 'data',
            blocks: [
              {
                kind: 'table',
                table: {
                  caption: 'Activities led and joined',
                  header: ['Agency', 'Led', 'Joined'],
                  rows: [
                    ['Europol', '3', '5'],
                    ['Eurojust', '1', '2'],
                  ],
                },
              },
              {
                kind: 'chart',
                chart: {
                  kind: 'bar',
                  title: 'Activities by status',
                  alt: 'Bar chart: most activities are ongoing.',
                  categories: ['Planned', 'Ongoing', 'Completed'],
                  series: [{ name: 'Activities', values: [2, 7, 4] }],
                },
              },
            ],
            subsections: [],
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** A table of `count` rows, for measuring how an output copes with a long one. */
export function longTable(count: number): ReportTable {
  return {
    caption: `All ${String(count)} activities`,
    header: ['Code', 'Title', 'Lead agency', 'Status', 'Due'],
    rows: Array.from({ length: count }, (_, index) => [
      `A-${String(index + 1).padStart(5, '0')}`,
      `Activity number ${String(index + 1)} on the exchange of information`,
      ['Europol', 'Eurojust', 'Frontex', 'EUAA', 'FRA'][index % 5] ?? 'Europol',
      ['planned', 'ongoing', 'completed'][index % 3] ?? 'planned',
      '2017-12-31',
    ]),
  };
}
