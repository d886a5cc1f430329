import assert from 'node:assert/strict';
import { describe, test } from '../../../../test/support/node-test.js';
import { infographic2017 } from '../../../../test/support/infographic-data.js';
import type { ReportChart } from '../report-document.js';
import { chartTable, chartToSvg } from './charts.js';
import { svgToPng } from './png.js';
import { infographicPng, infographicSvg } from './infographic.js';

/** The width and height a PNG declares in its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const stacked: ReportChart = {
  kind: 'stacked-bar',
  title: 'Activities led and joined',
  alt: 'Europol leads the most activities.',
  categories: ['Europol', 'Eurojust & <FRA>'],
  series: [
    { name: 'Led', values: [3, 1] },
    { name: 'Joined', values: [5, 2] },
  ],
};

describe('charts of a report', () => {
  test('an SVG names the chart and describes it with its figures', () => {
    const svg = chartToSvg(stacked, { width: 400, height: 240 });
    assert.match(svg, /^<svg role="img" aria-labelledby="chart-title chart-desc"/);
    assert.match(svg, /<title id="chart-title">Activities led and joined<\/title>/);
    assert.match(
      svg,
      /<desc id="chart-desc">Europol leads the most activities\. The figures: Europol: Led 3, Joined 5; Eurojust &amp; &lt;FRA&gt;: Led 1, Joined 2\.<\/desc>/,
    );
    assert.match(svg, /viewBox="0 0 400 240"/);
  });

  test('the figures of a chart as a table, one row per category', () => {
    assert.deepEqual(chartTable(stacked), {
      caption: 'The figures of the chart: Activities led and joined',
      header: ['Category', 'Led', 'Joined'],
      rows: [
        ['Europol', '3', '5'],
        ['Eurojust & <FRA>', '1', '2'],
      ],
    });
  });

  test('a donut shows the first series over the categories', () => {
    const donut: ReportChart = { ...stacked, kind: 'donut' };
    assert.deepEqual(chartTable(donut).header, ['Category', 'Led']);
    assert.match(chartToSvg(donut), /The figures: Europol: 3; Eurojust &amp; &lt;FRA&gt;: 1\./);
  });

  test('an SVG becomes a PNG of the asked width, its height in proportion', () => {
    const png = svgToPng(chartToSvg(stacked, { width: 400, height: 240 }), { width: 800 });
    assert.deepEqual(pngSize(png), { width: 800, height: 480 });
  });
});

describe('the infographic of the year', () => {
  const { svg, figures } = infographicSvg(infographic2017);

  test('is one A4-shaped picture that scales to its container', () => {
    assert.match(svg, /^<svg [^>]*viewBox="0 0 600 848"/);
    assert.match(
      svg,
      /<title id="infographic-title">The network in 2017\. Data as of 30 November 2017<\/title>/,
    );
    const { width, height } = pngSize(infographicPng(infographic2017));
    assert.equal(width, 1240);
    assert.ok(Math.abs(height / width - Math.SQRT2) < 0.01);
  });

  test('gives each figure a title, alternative text and a data table', () => {
    assert.deepEqual(
      figures.map((f) => f.id),
      ['activities', 'involvement', 'coverage', 'meetings', 'products'],
    );
    for (const figure of figures) {
      assert.match(svg, new RegExp(`<g id="figure-${figure.id}" role="img"`));
      assert.ok(figure.table.rows.length > 0);
    }
    const [activities, involvement, coverage, meetings, products] = figures;
    assert.equal(
      activities?.alt,
      'Bar chart of the 27 activities of the year by status: Planned 4, Ongoing 11, Completed 9, Postponed 2, Cancelled 1.',
    );
    assert.deepEqual(activities.table.rows[1], ['Ongoing', '11']);
    assert.deepEqual(involvement?.table.header, [
      'Agency',
      '1 Information exchange',
      '2 Cybercrime',
      '3 Migration',
      '4 Fundamental rights',
    ]);
    assert.deepEqual(involvement.table.rows[6], ['Europol', '5', '6', '2', '0']);
    assert.match(
      coverage?.alt ?? '',
      /^12 of the 18 lines of the priorities have at least one activity/,
    );
    assert.deepEqual(meetings?.table.rows[0], ['Heads of agencies', '8 November 2017']);
    assert.equal(products?.alt, '8 products registered: Joint reports 3, Trainings 5.');
  });

  test('escapes the labels it is given', () => {
    const { svg: escaped } = infographicSvg({
      ...infographic2017,
      agencies: [{ name: 'A & <B>', involvement: [1, 0, 0, 0] }],
    });
    assert.ok(escaped.includes('A &amp; &lt;B&gt;'));
    assert.ok(!escaped.includes('<B>'));
  });
});
