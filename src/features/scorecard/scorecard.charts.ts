import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml, raw, type Html } from '../../app/html/jsx.js';

/**
 * Charts drawn on the server as SVG with Apache ECharts, so pages need no script and load
 * nothing from elsewhere. An SVG has no text a screen reader can use: every chart is an image
 * with a label, and the page shows the same figures in a table beside it.
 */

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption
>;

export interface ChartSeries {
  name: string;
  colour: string;
  values: number[];
}

export interface ChartFrame {
  /** What the chart shows, read out in place of the picture. */
  label: string;
  width: number;
  height: number;
}

const FONT = 'Arial, sans-serif';
const TEXT_COLOUR = '#404040';

// ECharts writes its own SVG. Only what is listed here passes into a page: the elements and
// attributes of shapes and text, with font settings moved out of style attributes, which the
// content security policy (style-src 'self') refuses.
const ELEMENTS = new Set([
  'svg',
  'g',
  'rect',
  'path',
  'text',
  'tspan',
  'defs',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
]);
const ATTRIBUTES = new Set([
  'id',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'width',
  'height',
  'd',
  'points',
  'transform',
  'viewBox',
  'xmlns',
  'xmlns:xlink',
  'version',
  'baseProfile',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-miterlimit',
  'opacity',
  'paint-order',
  'clip-path',
  'dominant-baseline',
  'text-anchor',
  'xml:space',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
]);
const FONT_PROPERTIES = new Set(['font-size', 'font-family', 'font-weight', 'font-style']);

const TOKEN =
  /<(\/?)([A-Za-z][\w:-]*)((?:\s+[A-Za-z_:][\w:.-]*(?:="[^"]*")?)*)\s*(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|[^<]+/y;
const ATTRIBUTE = /\s+([A-Za-z_:][\w:.-]*)(?:="([^"]*)")?/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function attributesOf(source: string, root: boolean): string {
  const out: string[] = [];
  for (const [, name = '', value = ''] of source.matchAll(ATTRIBUTE)) {
    if (name === 'style') {
      for (const declaration of value.split(';')) {
        const [property = '', ...rest] = declaration.split(':');
        const key = property.trim();
        if (FONT_PROPERTIES.has(key)) out.push(` ${key}="${escapeHtml(rest.join(':').trim())}"`);
      }
    } else if (ATTRIBUTES.has(name) && !(root && (name === 'width' || name === 'height'))) {
      out.push(` ${name}="${escapeHtml(value)}"`);
    }
  }
  return out.join('');
}

/**
 * Rebuilds ECharts' SVG from the elements and attributes allowed above, escaping every value
 * and text again, and labels it as an image. Anything it cannot read is an error, never passed.
 */
export function safeSvg(markup: string, label: string): Html {
  const out: string[] = [];
  const open: { name: string; kept: boolean }[] = [];
  let skipping = 0;
  const token = new RegExp(TOKEN.source, 'y');
  while (token.lastIndex < markup.length) {
    const at = token.lastIndex;
    const match = token.exec(markup);
    if (!match) throw new Error(`unreadable chart markup at ${String(at)}`);
    const [text, closing, name, attributes = '', selfClosing] = match;
    if (name === undefined) {
      if (skipping === 0 && !text.startsWith('<![CDATA[')) {
        out.push(escapeHtml(text.replace(ENTITY, (_, entity: string) => ENTITIES[entity] ?? '')));
      }
      continue;
    }
    if (closing) {
      const element = open.pop();
      if (element?.name !== name) throw new Error(`unbalanced chart markup: </${name}>`);
      if (!element.kept) skipping -= 1;
      else if (skipping === 0) out.push(`</${name}>`);
      continue;
    }
    const kept = skipping === 0 && ELEMENTS.has(name);
    if (kept) {
      const root = open.length === 0;
      const extra = root
        ? ` width="100%" role="img" aria-label="${escapeHtml(label)}" focusable="false"`
        : '';
      out.push(`<${name}${attributesOf(attributes, root)}${extra}>`);
      if (selfClosing) out.push(`</${name}>`);
    }
    if (!selfClosing) {
      open.push({ name, kept });
      if (!kept) skipping += 1;
    }
  }
  if (open.length > 0) throw new Error('unbalanced chart markup: unclosed elements');
  return raw(out.join(''));
}

function render(option: ChartOption, frame: ChartFrame): Html {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: frame.width,
    height: frame.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13, color: TEXT_COLOUR },
      ...option,
    });
    // Hover styles arrive in a <style> element, which safeSvg drops: a static chart needs none.
    return safeSvg(chart.renderToSVGString(), frame.label);
  } finally {
    chart.dispose();
  }
}

const axisLabel = { color: TEXT_COLOUR, fontFamily: FONT, fontSize: 13 };

function frameOf(categories: readonly string[], series: readonly ChartSeries[]): ChartOption {
  return {
    legend: {
      top: 0,
      data: series.map((s) => s.name),
      textStyle: axisLabel,
      itemGap: 16,
    },
    // The default outer bounds keep the axis labels inside the picture.
    grid: { top: 56, left: 16, right: 24, bottom: 16 },
    xAxis: { type: 'category', data: [...categories], axisLabel: { ...axisLabel, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
  };
}

/** Bars per category, one colour per series; stacked, the bars of a category add up. */
export function barChart(
  categories: readonly string[],
  series: readonly ChartSeries[],
  options: ChartFrame & { stacked: boolean },
): Html {
  return render(
    {
      ...frameOf(categories, series),
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.colour },
        ...(options.stacked ? { stack: 'total' } : {}),
      })),
    },
    options,
  );
}

/** One line per series across the categories, with a marker at each point. */
export function lineChart(
  categories: readonly string[],
  series: readonly ChartSeries[],
  frame: ChartFrame,
): Html {
  return render(
    {
      ...frameOf(categories, series),
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.colour },
        lineStyle: { color: s.colour, width: 2 },
        symbolSize: 7,
      })),
    },
    frame,
  );
}
