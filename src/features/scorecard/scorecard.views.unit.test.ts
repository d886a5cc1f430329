import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { barChart, lineChart, safeSvg } from './scorecard.charts.js';
import type { ActivityView, OrganisationRef } from './scorecard.model.js';
import {
  agencyFigures,
  assessmentOverTime,
  capGroups,
  coverage,
  monthEnds,
  percentage,
  statusBySection,
  timelineGroups,
  UNLINKED,
  yearPosition,
  type Revision,
  type SectionOutline,
} from './scorecard.views.js';

const agency = (acronym: string): OrganisationRef => ({
  id: `id-${acronym}`,
  acronym,
  name: `${acronym} agency`,
  kind: 'agency',
});
const europol = agency('Europol');
const eurojust = agency('Eurojust');
const frontex = agency('Frontex');
const cepol = agency('CEPOL');

const sections: SectionOutline[] = [
  {
    number: '1.1',
    title: 'Migration',
    lines: [
      { key: 'a', number: 1, text: 'First' },
      { key: 'b', number: 2, text: 'Second' },
      { key: 'c', number: 3, text: 'Third' },
    ],
  },
  { number: '1.2', title: 'Security', lines: [{ key: 'd', number: 1, text: 'Fourth' }] },
];

const lineRef = (key: string) => {
  const section = sections.find((s) => s.lines.some((l) => l.key === key));
  const line = section?.lines.find((l) => l.key === key);
  return {
    key,
    code: section && line ? `${section.number}.${String(line.number)}` : '?',
    section: section?.number ?? '?',
    text: line?.text ?? '',
  };
};

let counter = 0;
function activity(overrides: Partial<ActivityView> & { lineKeys?: string[] } = {}): ActivityView {
  counter += 1;
  const { lineKeys = ['a'], ...rest } = overrides;
  return {
    id: `activity-${String(counter)}`,
    year: 2017,
    title: `Activity ${String(counter)}`,
    description: '',
    lines: lineKeys.map(lineRef),
    lead: europol,
    participants: [],
    partners: [],
    kind: 'meeting',
    tags: [],
    plannedStart: '2017-03-01',
    plannedEnd: '2017-06-30',
    status: 'planned',
    assessment: null,
    assessmentReason: '',
    releasedToObservers: true,
    indicators: [],
    deliverables: [],
    version: 1,
    createdAt: '2017-01-01T00:00:00.000Z',
    updatedAt: '2017-01-01T00:00:00.000Z',
    ...rest,
  };
}

describe('per agency', () => {
  test('counts what each agency leads and joins, by status and assessment, with idle agencies', () => {
    const figures = agencyFigures(
      [
        activity({ lead: europol, participants: [eurojust], status: 'ongoing' }),
        activity({ lead: europol, assessment: 'red' }),
        activity({ lead: eurojust, participants: [europol, frontex], assessment: 'green' }),
      ],
      [europol, eurojust, frontex, cepol],
    );
    assert.deepEqual(
      figures.map((f) => [f.agency.acronym, f.leads, f.joins]),
      [
        ['CEPOL', 0, 0],
        ['Eurojust', 1, 1],
        ['Europol', 2, 1],
        ['Frontex', 0, 1],
      ],
    );
    const europolFigures = figures.find((f) => f.agency.acronym === 'Europol');
    assert.deepEqual(europolFigures?.byStatus, {
      planned: 2,
      ongoing: 1,
      completed: 0,
      postponed: 0,
      cancelled: 0,
    });
    assert.deepEqual(europolFigures.byAssessment, { red: 1, amber: 0, green: 1, none: 1 });
  });
});

describe('coverage', () => {
  test('counts activities per line, names the gaps and the share covered', () => {
    const result = coverage(
      [
        activity({ lineKeys: ['a', 'b'] }),
        activity({ lineKeys: ['a', 'a'] }),
        activity({ lineKeys: ['zz'] }),
      ],
      sections,
    );
    const [migration, security] = result.sections;
    assert.deepEqual(
      migration?.lines.map((l) => [l.code, l.activities]),
      [
        ['1.1.1', 2],
        ['1.1.2', 1],
        ['1.1.3', 0],
      ],
    );
    assert.equal(migration.covered, 2);
    assert.equal(security?.covered, 0);
    assert.equal(result.covered, 2);
    assert.equal(result.lines, 4);
    assert.equal(percentage(result.covered, result.lines), 50);
    assert.equal(percentage(0, 0), 0);
    assert.deepEqual(coverage([], []), { sections: [], covered: 0, lines: 0 });
  });

  test('status per section counts an activity in every section it serves, once', () => {
    const rows = statusBySection(
      [activity({ lineKeys: ['a', 'b', 'd'], status: 'ongoing' }), activity({ lineKeys: ['c'] })],
      sections,
    );
    assert.deepEqual(
      rows.map((r) => [r.number, r.byStatus.ongoing, r.byStatus.planned]),
      [
        ['1.1', 1, 1],
        ['1.2', 1, 0],
      ],
    );
  });
});

describe('assessments over time', () => {
  test('month ends of the year up to a day; the running month as it stands', () => {
    assert.equal(monthEnds(2017, '2018-05-01').length, 12);
    assert.deepEqual(monthEnds(2016, '2016-03-10'), ['2016-01-31', '2016-02-29', '2016-03-10']);
    assert.deepEqual(monthEnds(2017, '2016-12-31'), []);
  });

  test('reads each activity as it stood at each day, with the filters applied', () => {
    const first = activity({ assessment: 'green' });
    const second = activity({ assessment: null, releasedToObservers: false });
    const revisions: Revision[] = [
      { activityId: first.id, version: 1, effectiveOn: '2017-01-10', snapshot: first },
      {
        activityId: first.id,
        version: 2,
        effectiveOn: '2017-02-15',
        snapshot: { ...first, assessment: 'red' },
      },
      { activityId: second.id, version: 1, effectiveOn: '2017-02-01', snapshot: second },
      {
        activityId: second.id,
        version: 2,
        effectiveOn: '2017-03-05',
        snapshot: { ...second, assessment: 'amber', releasedToObservers: true },
      },
    ];
    const days = ['2017-01-31', '2017-02-28', '2017-03-31'];
    const all = assessmentOverTime(revisions, days, false, (views) => views);
    assert.deepEqual(
      all.map((d) => d.counts),
      [
        { red: 0, amber: 0, green: 1, none: 0 },
        { red: 1, amber: 0, green: 0, none: 1 },
        { red: 1, amber: 1, green: 0, none: 0 },
      ],
    );
    const observed = assessmentOverTime(revisions, days, true, (views) => views);
    assert.equal(observed[1]?.counts.none, 0, 'not released to observers at that version');
    assert.equal(observed[2]?.counts.amber, 1, 'released later');
    const filtered = assessmentOverTime(revisions, days, false, (views) =>
      views.filter((v) => v.id === second.id),
    );
    assert.deepEqual(
      filtered.map((d) => d.counts.red),
      [0, 0, 0],
    );
  });
});

describe('timeline', () => {
  test('groups by the section of the first line, or by lead, ordered by start', () => {
    const late = activity({ lineKeys: ['a'], plannedStart: '2017-09-01', title: 'Late' });
    const early = activity({ lineKeys: ['a', 'd'], plannedStart: '2017-01-15', title: 'Early' });
    const security = activity({ lineKeys: ['d'], lead: frontex });
    const unlinked = activity({ lineKeys: ['zz'], lead: cepol });
    const bySection = timelineGroups([late, security, unlinked, early], 'section', sections);
    assert.deepEqual(
      bySection.map((g) => [g.key, g.activities.map((a) => a.title)]),
      [
        ['1.1', ['Early', 'Late']],
        ['1.2', [security.title]],
        [UNLINKED, [unlinked.title]],
      ],
    );
    const byLead = timelineGroups([late, security, unlinked, early], 'lead', sections);
    assert.deepEqual(
      byLead.map((g) => [g.key, g.activities.length]),
      [
        ['CEPOL', 1],
        ['Europol', 2],
        ['Frontex', 1],
      ],
    );
    const capped = capGroups(bySection, 3);
    assert.equal(capped.shown, 3);
    assert.equal(capped.total, 4);
    assert.deepEqual(
      capped.groups.map((g) => g.activities.length),
      [2, 1],
    );
    assert.equal(capGroups(bySection, 10).shown, 4);
  });

  test('places days on the year, the end of a day after its start, outside days at the edges', () => {
    assert.equal(yearPosition('2017-01-01', 2017, 'start'), 0);
    assert.equal(yearPosition('2017-12-31', 2017, 'end'), 1);
    assert.ok(Math.abs(yearPosition('2017-01-01', 2017, 'end') - 1 / 365) < 1e-9);
    assert.ok(Math.abs(yearPosition('2016-12-31', 2016, 'start') - 365 / 366) < 1e-9);
    assert.equal(yearPosition('2016-06-01', 2017, 'start'), 0);
    assert.equal(yearPosition('2018-02-01', 2017, 'end'), 1);
  });
});

describe('charts', () => {
  const frame = { label: 'Chart of "figures"', width: 600, height: 300 };

  test('text from the database is escaped in the SVG, which is an image with a label', () => {
    const svg = barChart(
      ['1.1', '<script>alert(1)</script>', 'A&B "quoted"'],
      [{ name: 'Planned <b>', colour: '#3f6fc6', values: [1, 2, 3] }],
      { ...frame, stacked: true },
    ).value;
    assert.ok(!svg.includes('<script'), svg);
    assert.ok(!svg.includes('<b>'));
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(svg, /A&amp;B &quot;quoted&quot;/);
    assert.match(svg, /^<svg [^>]*role="img" aria-label="Chart of &quot;figures&quot;"/);
  });

  test('the SVG needs no inline style, so the content security policy lets it show', () => {
    const svg = lineChart(['Jan', 'Feb'], [{ name: 'Red', colour: '#c62828', values: [1, 2] }], {
      ...frame,
    }).value;
    assert.ok(!/style[=>]/.test(svg), 'no style attribute and no style element');
    assert.match(svg, /font-family="Arial, sans-serif"/);
    assert.ok(!/ecmeta_|pointer-events|class=/.test(svg));
  });

  test('the sanitiser keeps only listed elements and attributes, and refuses broken markup', () => {
    const cleaned = safeSvg(
      '<svg width="10" height="10" onload="alert(1)"><script>alert(2)</script><foreignObject><p>x</p></foreignObject><rect x="1" fill="red" onclick="x" style="font-size:3px;fill:blue"></rect><text x="1">a &lt; b &amp; "c"</text></svg>',
      'Label',
    ).value;
    assert.equal(
      cleaned,
      '<svg width="100%" role="img" aria-label="Label" focusable="false"><rect x="1" fill="red" font-size="3px"></rect><text x="1">a &lt; b &amp; &quot;c&quot;</text></svg>',
    );
    assert.throws(() => safeSvg('<svg><rect></svg>', 'x'), /unbalanced/);
    assert.throws(() => safeSvg('<svg><rect x="1></rect></svg>', 'x'), /unreadable|unbalanced/);
  });
});
