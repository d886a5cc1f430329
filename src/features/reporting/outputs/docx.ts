import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type IRunOptions,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import type {
  ReportBlock,
  ReportDocument,
  ReportSection,
  ReportTable,
} from '../report-document.js';
import { chartTable, chartToSvg } from './charts.js';
import { svgToPng } from './png.js';
import {
  frontMatter,
  pageNumberParts,
  type FrontMatter,
  type OutputOptions,
} from './front-matter.js';
import {
  DOCX_FONT,
  EU_BLUE,
  HEADING_COLOUR,
  RULE_COLOUR,
  TABLE_HEADER_FILL,
  TEXT_COLOUR,
} from './palette.js';

/**
 * A report as a Word document with the EU look: one sans-serif font (Arial, ECL's print
 * fallback), Word's own Title, Heading 1-3 and Caption styles (so the navigation pane and the
 * table of contents work), the sections numbered as the report numbers them, tables whose
 * header row repeats on every page, charts as PNG pictures with alternative text followed by
 * their figures, and the marking in the header and footer of every page.
 */

// A4 with 2.5 cm margins, in twentieths of a point.
const PAGE = { width: 11906, height: 16838, margin: 1418 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
// Pictures are placed at the text width (in pixels at 96 per inch) and drawn at twice that.
const CHART_WIDTH_PX = 600;
const CHART_HEIGHT_PX = 338;

const colour = (hex: string): string => hex.replace('#', '');
const pt = (points: number): number => points * 2; // Word counts font sizes in half-points.

// TextRun also takes a string, and lint then reads `bold` as String.prototype.bold: typing the
// options first keeps it on the run's options.
const run = (options: IRunOptions): TextRun => new TextRun(options);

const styles = {
  default: {
    document: {
      run: { font: DOCX_FONT, size: pt(11), color: colour(TEXT_COLOUR) },
      paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
    },
    title: {
      run: { font: DOCX_FONT, size: pt(26), bold: true, color: colour(EU_BLUE) },
      paragraph: { spacing: { before: 2400, after: 480 } },
    },
    heading1: {
      run: { font: DOCX_FONT, size: pt(16), bold: true, color: colour(EU_BLUE) },
      paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true },
    },
    heading2: {
      run: { font: DOCX_FONT, size: pt(13), bold: true, color: colour(HEADING_COLOUR) },
      paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true },
    },
    heading3: {
      run: { font: DOCX_FONT, size: pt(11), bold: true, color: colour(HEADING_COLOUR) },
      paragraph: { spacing: { before: 200, after: 100 }, keepNext: true, keepLines: true },
    },
  },
  paragraphStyles: [
    {
      id: 'Caption',
      name: 'caption',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: DOCX_FONT, size: pt(9), bold: true, color: colour(HEADING_COLOUR) },
      paragraph: { spacing: { before: 120, after: 80 }, keepNext: true },
    },
    {
      id: 'Marking',
      name: 'Marking',
      basedOn: 'Normal',
      run: { font: DOCX_FONT, size: pt(10), bold: true, color: colour(HEADING_COLOUR) },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 } },
    },
  ],
};

const headingLevels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];

function headingOf(section: ReportSection, depth: number): Paragraph {
  return new Paragraph({
    text: `${section.number} ${section.title}`,
    heading: headingLevels[Math.min(depth, headingLevels.length - 1)],
  });
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: colour(RULE_COLOUR) };
const cellBorders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function cell(text: string, header: boolean, width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: cellBorders,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(header
      ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: colour(TABLE_HEADER_FILL) } }
      : {}),
    children: [
      new Paragraph({
        spacing: { after: 0 },
        children: [run({ text, bold: header, size: pt(9.5) })],
      }),
    ],
  });
}

function tableOf(table: ReportTable): FileChild[] {
  const columns = Math.max(1, table.header.length);
  const width = Math.floor(TEXT_WIDTH / columns);
  return [
    new Paragraph({ text: table.caption, style: 'Caption' }),
    new Table({
      width: { size: width * columns, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => width),
      rows: [
        // The header row repeats at the top of every page the table runs onto.
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: table.header.map((text) => cell(text, true, width)),
        }),
        ...table.rows.map(
          (row) =>
            new TableRow({
              cantSplit: true,
              children: Array.from({ length: columns }, (_, index) =>
                cell(row[index] ?? '', false, width),
              ),
            }),
        ),
      ],
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

function blockOf(block: ReportBlock, matter: FrontMatter): FileChild[] {
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ text: block.text })];
    case 'list':
      return block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }));
    case 'table':
      return tableOf(block.table);
    case 'chart': {
      const png = svgToPng(
        chartToSvg(block.chart, {
          width: CHART_WIDTH_PX,
          height: CHART_HEIGHT_PX,
          locale: matter.locale,
        }),
        { width: CHART_WIDTH_PX * 2 },
      );
      return [
        new Paragraph({ text: block.chart.title, style: 'Caption' }),
        new Paragraph({
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX },
              altText: {
                name: block.chart.title,
                title: block.chart.title,
                description: block.chart.alt,
              },
            }),
          ],
        }),
        ...tableOf(chartTable(block.chart, matter.locale)),
      ];
    }
  }
}

function sectionOf(section: ReportSection, depth: number, matter: FrontMatter): FileChild[] {
  return [
    headingOf(section, depth),
    ...section.blocks.flatMap((block) => blockOf(block, matter)),
    ...section.subsections.flatMap((sub) => sectionOf(sub, depth + 1, matter)),
  ];
}

function titlePage(doc: ReportDocument, matter: FrontMatter): FileChild[] {
  const facts = matter.facts.map(
    ({ label, value }) =>
      new Paragraph({
        spacing: { after: 80 },
        children: [run({ text: `${label}: `, bold: true }), run({ text: value })],
      }),
  );
  const omission =
    doc.edition === 'public' && doc.omissionNote
      ? [
          new Paragraph({
            spacing: { before: 480 },
            border: {
              top: { style: BorderStyle.SINGLE, size: 8, color: colour(EU_BLUE), space: 6 },
              bottom: { style: BorderStyle.SINGLE, size: 8, color: colour(EU_BLUE), space: 6 },
            },
            children: [run({ text: doc.omissionNote, italics: true })],
          }),
        ]
      : [];
  return [
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
    ...facts,
    ...omission,
    new Paragraph({ children: [new PageBreak()] }),
    // Not a heading style, so the table of contents does not list itself.
    new Paragraph({
      spacing: { after: 240 },
      children: [
        run({
          text: matter.t('reports.output.contents'),
          bold: true,
          size: pt(16),
          color: colour(EU_BLUE),
        }),
      ],
    }),
    new TableOfContents(matter.t('reports.output.contents'), {
      hyperlink: true,
      headingStyleRange: '1-3',
    }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function markingParagraph(marking: string | null): Paragraph {
  return new Paragraph({ style: 'Marking', children: marking ? [new TextRun(marking)] : [] });
}

function pageNumberParagraph(matter: FrontMatter): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { after: 0 },
    children: pageNumberParts(matter.t).map(({ text, field }) =>
      field === 'page'
        ? run({ children: [PageNumber.CURRENT], size: pt(9) })
        : field === 'pages'
          ? run({ children: [PageNumber.TOTAL_PAGES], size: pt(9) })
          : run({ text, size: pt(9) }),
    ),
  });
}

const PAGE_NUMBERS_UP_TO_ROWS = 500;

function tableRows(sections: readonly ReportSection[]): number {
  return sections.reduce(
    (sum, section) =>
      sum +
      section.blocks.reduce(
        (rows, block) =>
          rows +
          (block.kind === 'table'
            ? block.table.rows.length
            : block.kind === 'chart'
              ? block.chart.categories.length
              : 0),
        0,
      ) +
      tableRows(section.subsections),
    0,
  );
}

/** The report as a .docx file. Pure: reads nothing but the report. */
export async function reportToDocx(
  doc: ReportDocument,
  options: OutputOptions = {},
): Promise<Buffer> {
  const matter = frontMatter(doc, options);
  const document = new Document({
    title: doc.title,
    subject: doc.recipient,
    creator: doc.chair,
    description: matter.facts.map(({ label, value }) => `${label}: ${value}`).join('; '),
    styles,
    // The table of contents is written with its page numbers, so it reads right before Word
    // updates it and in applications that never do. Laying out the pages costs about a minute
    // per thousand table rows, so a long report leaves the numbers for Word to fill in.
    ...(tableRows(doc.sections) <= PAGE_NUMBERS_UP_TO_ROWS
      ? { pageNumbers: estimatePageNumbers }
      : {}),
    theme: { fonts: { headings: DOCX_FONT, body: DOCX_FONT } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
              header: 567,
              footer: 567,
            },
          },
        },
        headers: { default: new Header({ children: [markingParagraph(matter.marking)] }) },
        footers: {
          default: new Footer({
            children: [markingParagraph(matter.marking), pageNumberParagraph(matter)],
          }),
        },
        children: [
          ...titlePage(doc, matter),
          ...doc.sections.flatMap((section) => sectionOf(section, 0, matter)),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
