import { BarChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml } from '../../../app/html/jsx.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { translator } from '../../../app/i18n/i18n.js';
import type { ReportChart, ReportTable } from '../report-document.js';
import { FONT_FAMILY, SERIES_COLOURS, TEXT_COLOUR } from './palette.js';

/**
 * A report's charts, drawn on the server with Apache ECharts as SVG (for pages and the
 * infographic) and turned into PNG for Word and PDF, which have no dependable SVG support.
 * A picture has no figures a screen reader can use, so the SVG carries a <title> and a <desc>
 * with the figures, and every output prints the same figures as a table (`chartTable`).
 */

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption
>;

export interface ChartOptions {
  /** Pixels; the SVG scales to its container through its viewBox. */
  width?: number;
  height?: number;
  locale?: string;
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 360;

const textStyle = { color: TEXT_COLOUR, fontFamily: FONT_FAMILY, fontSize: 13 };

function colourOf(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? TEXT_COLOUR;
}

function optionOf(chart: ReportChart): ChartOption {
  const legend: LegendComponentOption = { top: 0, textStyle, itemGap: 16 };
  if (chart.kind === 'donut') {
    // A donut shows one series, its parts being the categories.
    const values = chart.series[0]?.values ?? [];
    return {
      legend: { ...legend, data: [...chart.categories] },
      series: [
        {
          type: 'pie',
          radius: ['42%', '68%'],
          center: ['50%', '56%'],
          label: { ...textStyle, formatter: '{b}: {c}' },
          data: chart.categories.map((name, index) => ({
            name,
            value: values[index] ?? 0,
            itemStyle: { color: colourOf(index) },
          })),
        },
      ],
    };
  }
  return {
    legend: { ...legend, data: chart.series.map((s) => s.name) },
    grid: { top: 56, left: 16, right: 24, bottom: 16 },
    xAxis: {
      type: 'category',
      data: [...chart.categories],
      axisLabel: { ...textStyle, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: textStyle },
    series: chart.series.map((s, index) => ({
      type: 'bar',
      name: s.name,
      data: [...s.values],
      itemStyle: { color: colourOf(index) },
      ...(chart.kind === 'stacked-bar' ? { stack: 'total' } : {}),
    })),
  };
}

/** "Europol: led 3, joined 5; Eurojust: led 1, joined 2": the figures as a sentence. */
function figuresOf(chart: ReportChart, locale: string): string {
  const series = chart.kind === 'donut' ? chart.series.slice(0, 1) : chart.series;
  return chart.categories
    .map((category, index) => {
      const values = series.map((s) => {
        const value = formatNumber(locale, s.values[index] ?? 0);
        return series.length > 1 ? `${s.name} ${value}` : value;
      });
      return `${category}: ${values.join(', ')}`;
    })
    .join('; ');
}

/**
 * The chart as a standalone SVG document: sized in pixels, scalable through its viewBox, with
 * a <title> (the chart's title) and a <desc> (its alternative text and its figures).
 */
export function chartToSvg(chart: ReportChart, options: ChartOptions = {}): string {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const instance = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
  });
  let markup: string;
  try {
    instance.setOption({ animation: false, textStyle, ...optionOf(chart) });
    markup = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  const description = t('reports.output.chartDescription', {
    alt: chart.alt,
    figures: figuresOf(chart, locale),
  });
  const start = markup.indexOf('>', markup.indexOf('<svg')) + 1;
  if (start <= 0) throw new Error('the chart library wrote no SVG');
  const opening = markup
    .slice(0, start - 1)
    .replace('<svg', '<svg role="img" aria-labelledby="chart-title chart-desc"');
  return (
    `${opening}>` +
    `<title id="chart-title">${escapeHtml(chart.title)}</title>` +
    `<desc id="chart-desc">${escapeHtml(description)}</desc>` +
    markup.slice(start)
  );
}

/** The chart's figures as a table, which every output prints beside the picture. */
export function chartTable(chart: ReportChart, locale = 'en'): ReportTable {
  const t = translator(locale);
  const series = chart.kind === 'donut' ? chart.series.slice(0, 1) : chart.series;
  return {
    caption: t('reports.output.chartData', { title: chart.title }),
    header: [t('reports.output.chartCategory'), ...series.map((s) => s.name)],
    rows: chart.categories.map((category, index) => [
      category,
      ...series.map((s) => formatNumber(locale, s.values[index] ?? 0)),
    ]),
  };
}
