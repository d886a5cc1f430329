import { escapeHtml } from '../../../app/html/jsx.js';
import { formatDate, formatNumber } from '../../../app/i18n/format.js';
import { translator, type Translate } from '../../../app/i18n/i18n.js';
import type { ReportTable } from '../report-document.js';
import { svgToPng } from './png.js';
import {
  EU_BLUE,
  EU_YELLOW,
  FONT_FAMILY,
  HEADING_COLOUR,
  RULE_COLOUR,
  STATUS_COLOURS,
  TEXT_COLOUR,
} from './palette.js';

/**
 * A one-page infographic of the network's year, as SVG (and PNG): activities by status, which
 * agency took part in which section, how much of the priorities the activities cover, the
 * meetings held and the products. It is drawn on a page of A4's proportions whose text stays
 * readable when the picture is scaled down to a phone's 390 pixels, and each figure comes with
 * its alternative text and its figures as a table, for a page to print beside it.
 */

/** The year's figures, counted by whoever assembles the report; labels are already worded. */
export interface InfographicData {
  year: number;
  /** The day the figures describe (YYYY-MM-DD). */
  asOf: string;
  /** `status` picks the colour (the scorecard's statuses); `label` is printed. */
  activitiesByStatus: readonly { status: string; label: string; count: number }[];
  /** The sections of the priorities, in order; `code` is short enough for a column head. */
  sections: readonly { code: string; title: string; lines: number; coveredLines: number }[];
  /** Per agency, the activities it led or joined in each section, in the order of `sections`. */
  agencies: readonly { name: string; involvement: readonly number[] }[];
  meetings: readonly { title: string; date: string }[];
  products: readonly { kind: string; count: number }[];
}

export interface InfographicFigure {
  id: 'activities' | 'involvement' | 'coverage' | 'meetings' | 'products';
  title: string;
  alt: string;
  table: ReportTable;
}

export interface Infographic {
  svg: string;
  figures: readonly InfographicFigure[];
}

// A4's proportions (1 : 1.414) at a width where the smallest text, 18 units, is still 11.7
// pixels high on a 390-pixel-wide phone.
const WIDTH = 600;
const HEIGHT = 848;
const PAD = 24;
const SMALL = 18;

const esc = escapeHtml;

function text(
  x: number,
  y: number,
  content: string,
  attributes: { size?: number; weight?: 'bold'; fill?: string; anchor?: 'middle' | 'end' } = {},
): string {
  return (
    `<text x="${String(x)}" y="${String(y)}" font-family="${FONT_FAMILY}" ` +
    `font-size="${String(attributes.size ?? SMALL)}" fill="${attributes.fill ?? TEXT_COLOUR}"` +
    (attributes.weight ? ` font-weight="${attributes.weight}"` : '') +
    (attributes.anchor ? ` text-anchor="${attributes.anchor}"` : '') +
    `>${esc(content)}</text>`
  );
}

function panel(figure: InfographicFigure, y: number, body: string): string {
  return (
    `<g id="figure-${figure.id}" role="img" aria-labelledby="${figure.id}-title ${figure.id}-desc">` +
    `<title id="${figure.id}-title">${esc(figure.title)}</title>` +
    `<desc id="${figure.id}-desc">${esc(figure.alt)}</desc>` +
    text(PAD, y, figure.title, { size: 22, weight: 'bold', fill: EU_BLUE }) +
    body +
    '</g>'
  );
}

/** The count of a matrix cell as a shade of EU blue, and a text colour that reads on it. */
function shade(count: number, most: number): { fill: string; ink: string } {
  if (count === 0) return { fill: '#f2f4f8', ink: TEXT_COLOUR };
  const share = count / Math.max(1, most);
  if (share <= 1 / 3) return { fill: '#c7d6ee', ink: HEADING_COLOUR };
  if (share <= 2 / 3) return { fill: '#5a8ad6', ink: '#ffffff' };
  return { fill: EU_BLUE, ink: '#ffffff' };
}

function figuresOf(data: InfographicData, t: Translate, locale: string): InfographicFigure[] {
  const n = (value: number): string => formatNumber(locale, value);
  const totalActivities = data.activitiesByStatus.reduce((sum, s) => sum + s.count, 0);
  const totalLines = data.sections.reduce((sum, s) => sum + s.lines, 0);
  const coveredLines = data.sections.reduce((sum, s) => sum + s.coveredLines, 0);
  const productCount = data.products.reduce((sum, p) => sum + p.count, 0);
  return [
    {
      id: 'activities',
      title: t('reports.output.infographic.activities'),
      alt: t('reports.output.infographic.activitiesAlt', {
        total: n(totalActivities),
        figures: data.activitiesByStatus.map((s) => `${s.label} ${n(s.count)}`).join(', '),
      }),
      table: {
        caption: t('reports.output.infographic.activities'),
        header: [t('reports.output.infographic.status'), t('reports.output.infographic.count')],
        rows: data.activitiesByStatus.map((s) => [s.label, n(s.count)]),
      },
    },
    {
      id: 'involvement',
      title: t('reports.output.infographic.involvement'),
      alt: t('reports.output.infographic.involvementAlt', {
        agencies: n(data.agencies.length),
        sections: n(data.sections.length),
        figures: data.agencies
          .map(
            (a) =>
              `${a.name}: ${data.sections.map((s, i) => `${s.code} ${n(a.involvement[i] ?? 0)}`).join(', ')}`,
          )
          .join('; '),
      }),
      table: {
        caption: t('reports.output.infographic.involvement'),
        header: [
          t('reports.output.infographic.agency'),
          ...data.sections.map((s) => `${s.code} ${s.title}`),
        ],
        rows: data.agencies.map((a) => [
          a.name,
          ...data.sections.map((_, i) => n(a.involvement[i] ?? 0)),
        ]),
      },
    },
    {
      id: 'coverage',
      title: t('reports.output.infographic.coverage'),
      alt: t('reports.output.infographic.coverageAlt', {
        covered: n(coveredLines),
        total: n(totalLines),
        figures: data.sections
          .map((s) => `${s.code} ${n(s.coveredLines)}/${n(s.lines)}`)
          .join(', '),
      }),
      table: {
        caption: t('reports.output.infographic.coverage'),
        header: [
          t('reports.output.infographic.section'),
          t('reports.output.infographic.lines'),
          t('reports.output.infographic.coveredLines'),
        ],
        rows: data.sections.map((s) => [`${s.code} ${s.title}`, n(s.lines), n(s.coveredLines)]),
      },
    },
    {
      id: 'meetings',
      title: t('reports.output.infographic.meetings'),
      alt: t('reports.output.infographic.meetingsAlt', {
        count: n(data.meetings.length),
        figures: data.meetings.map((m) => `${m.title} (${formatDate(locale, m.date)})`).join(', '),
      }),
      table: {
        caption: t('reports.output.infographic.meetings'),
        header: [t('reports.output.infographic.meeting'), t('reports.output.infographic.date')],
        rows: data.meetings.map((m) => [m.title, formatDate(locale, m.date)]),
      },
    },
    {
      id: 'products',
      title: t('reports.output.infographic.products'),
      alt: t('reports.output.infographic.productsAlt', {
        count: n(productCount),
        figures: data.products.map((p) => `${p.kind} ${n(p.count)}`).join(', '),
      }),
      table: {
        caption: t('reports.output.infographic.products'),
        header: [t('reports.output.infographic.kind'), t('reports.output.infographic.number')],
        rows: data.products.map((p) => [p.kind, n(p.count)]),
      },
    },
  ];
}

/** The infographic as a standalone SVG, and its figures with their alternative text and tables. */
export function infographicSvg(
  data: InfographicData,
  options: { locale?: string } = {},
): Infographic {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const n = (value: number): string => formatNumber(locale, value);
  const figures = figuresOf(data, t, locale);
  const [activities, involvement, coverage, meetings, products] = figures as [
    InfographicFigure,
    InfographicFigure,
    InfographicFigure,
    InfographicFigure,
    InfographicFigure,
  ];
  const inner = WIDTH - 2 * PAD;
  const parts: string[] = [];

  // Activities by status: one horizontal bar per status.
  const mostActivities = Math.max(1, ...data.activitiesByStatus.map((s) => s.count));
  const labelWidth = 150;
  const barSpace = inner - labelWidth - 60;
  let y = 132;
  const bars = data.activitiesByStatus
    .map((s, index) => {
      const top = y + index * 30;
      const width = Math.max(2, (s.count / mostActivities) * barSpace);
      return (
        text(PAD, top + 18, s.label) +
        `<rect x="${String(PAD + labelWidth)}" y="${String(top + 2)}" width="${width.toFixed(1)}" height="22" fill="${STATUS_COLOURS[s.status] ?? EU_BLUE}"/>` +
        text(PAD + labelWidth + width + 8, top + 19, n(s.count), { weight: 'bold' })
      );
    })
    .join('');
  parts.push(panel(activities, 120, bars));
  y = 132 + data.activitiesByStatus.length * 30 + 40;

  // Agencies by sections: a grid of counts, shaded by size.
  const nameWidth = 130;
  const columns = Math.max(1, data.sections.length);
  const cellWidth = (inner - nameWidth) / columns;
  const cellHeight = 26;
  const most = Math.max(1, ...data.agencies.flatMap((a) => [...a.involvement]));
  const gridTop = y + 16;
  const heads = data.sections
    .map((s, i) =>
      text(PAD + nameWidth + (i + 0.5) * cellWidth, gridTop + 18, s.code, {
        weight: 'bold',
        anchor: 'middle',
      }),
    )
    .join('');
  const rows = data.agencies
    .map((agency, row) => {
      const top = gridTop + 28 + row * cellHeight;
      const cells = data.sections
        .map((_, column) => {
          const count = agency.involvement[column] ?? 0;
          const { fill, ink } = shade(count, most);
          const x = PAD + nameWidth + column * cellWidth;
          return (
            `<rect x="${x.toFixed(1)}" y="${String(top)}" width="${(cellWidth - 2).toFixed(1)}" height="${String(cellHeight - 2)}" fill="${fill}"/>` +
            text(x + cellWidth / 2 - 1, top + 18, count === 0 ? '–' : n(count), {
              fill: ink,
              anchor: 'middle',
            })
          );
        })
        .join('');
      return text(PAD, top + 18, agency.name) + cells;
    })
    .join('');
  parts.push(panel(involvement, y, heads + rows));
  y = gridTop + 28 + data.agencies.length * cellHeight + 36;

  // Coverage: the share of lines with an activity, and a bar per section.
  const totalLines = data.sections.reduce((sum, s) => sum + s.lines, 0);
  const coveredLines = data.sections.reduce((sum, s) => sum + s.coveredLines, 0);
  const coverageBody =
    text(PAD, y + 44, `${n(coveredLines)} / ${n(totalLines)}`, {
      size: 36,
      weight: 'bold',
      fill: HEADING_COLOUR,
    }) +
    data.sections
      .map((s, i) => {
        const x = PAD + 170 + i * ((inner - 170) / columns);
        const width = (inner - 170) / columns - 8;
        const share = s.lines === 0 ? 0 : s.coveredLines / s.lines;
        return (
          `<rect x="${x.toFixed(1)}" y="${String(y + 16)}" width="${width.toFixed(1)}" height="30" fill="#f2f4f8" stroke="${RULE_COLOUR}"/>` +
          `<rect x="${x.toFixed(1)}" y="${String(y + 16)}" width="${(width * share).toFixed(1)}" height="30" fill="${EU_BLUE}"/>` +
          text(x + width / 2, y + 68, s.code, { anchor: 'middle' })
        );
      })
      .join('');
  parts.push(panel(coverage, y, coverageBody));
  y += 104;

  // Meetings and products: two tiles with a large number each.
  const half = (inner - 16) / 2;
  const productCount = data.products.reduce((sum, p) => sum + p.count, 0);
  const tile = (x: number, figure: InfographicFigure, count: number): string =>
    panel(
      figure,
      y,
      `<rect x="${x.toFixed(1)}" y="${String(y + 12)}" width="${half.toFixed(1)}" height="64" fill="${EU_BLUE}"/>` +
        text(x + 16, y + 60, n(count), { size: 40, weight: 'bold', fill: EU_YELLOW }),
    );
  parts.push(tile(PAD, meetings, data.meetings.length));
  // `panel` draws a title at the left margin: the second tile is moved as a whole.
  parts.push(
    `<g transform="translate(${(half + 16).toFixed(1)} 0)">` +
      tile(PAD, products, productCount) +
      '</g>',
  );

  const title = t('reports.output.infographic.title', { year: data.year });
  const subtitle = t('reports.output.infographic.subtitle', {
    date: formatDate(locale, data.asOf),
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(WIDTH)}" height="${String(HEIGHT)}" viewBox="0 0 ${String(WIDTH)} ${String(HEIGHT)}" role="img" aria-labelledby="infographic-title infographic-desc">` +
    `<title id="infographic-title">${esc(`${title}. ${subtitle}`)}</title>` +
    `<desc id="infographic-desc">${esc(figures.map((f) => `${f.title}: ${f.alt}`).join(' '))}</desc>` +
    `<rect width="${String(WIDTH)}" height="${String(HEIGHT)}" fill="#ffffff"/>` +
    `<rect width="${String(WIDTH)}" height="84" fill="${EU_BLUE}"/>` +
    text(PAD, 44, title, { size: 28, weight: 'bold', fill: '#ffffff' }) +
    text(PAD, 72, subtitle, { fill: EU_YELLOW }) +
    parts.join('') +
    '</svg>';
  return { svg, figures };
}

/** The infographic as PNG, 1240 pixels wide: A4's width at 150 dots per inch. */
export function infographicPng(data: InfographicData, options: { locale?: string } = {}): Buffer {
  return svgToPng(infographicSvg(data, options).svg, { width: 1240 });
}
