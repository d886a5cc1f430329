import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type {
  ReportBlock,
  ReportDocument,
  ReportSection,
  ReportTable,
} from '../report-document.js';
import { chartTable, chartToSvg } from './charts.js';
import { svgToPng } from './png.js';
import { frontMatter, type FrontMatter, type OutputOptions } from './front-matter.js';
import { EU_BLUE, HEADING_COLOUR, RULE_COLOUR, TABLE_HEADER_FILL, TEXT_COLOUR } from './palette.js';

/**
 * A report as a tagged PDF (PDF/UA's way to be read aloud): every heading, paragraph, list,
 * table cell and figure is a structure element in reading order, figures carry their
 * alternative text, table header cells their scope, and what only decorates or repeats (rules,
 * cell backgrounds, the repeated header rows, the running header and footer) is marked as an
 * artifact that a screen reader skips. The sections are bookmarks for navigation.
 */

type Pdf = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;
// pdfkit writes a header cell's scope from `scope`, which its type definitions do not list yet.
type ElementOptions = PDFKit.Mixins.StructureElementOptions & { scope?: 'Column' | 'Row' };

const MARGIN = { top: 72, bottom: 72, left: 64, right: 64 };
const BODY_SIZE = 10.5;
const TABLE_SIZE = 8.5;
const CELL_PADDING = 4;
const CHART = { width: 640, height: 360 };

/**
 * Liberation Sans (Arial's metrics) where the machine has it, embedded so every character
 * prints; otherwise PDF's standard Helvetica, which needs no file but covers Western European
 * characters only.
 */
const LIBERATION = '/usr/share/fonts/truetype/liberation';
function registerFonts(pdf: Pdf): { body: string; bold: string } {
  const regular = `${LIBERATION}/LiberationSans-Regular.ttf`;
  const bold = `${LIBERATION}/LiberationSans-Bold.ttf`;
  if (existsSync(regular) && existsSync(bold)) {
    pdf.registerFont('Body', regular);
    pdf.registerFont('Bold', bold);
    return { body: 'Body', bold: 'Bold' };
  }
  return { body: 'Helvetica', bold: 'Helvetica-Bold' };
}

class TaggedWriter {
  private readonly fonts: { body: string; bold: string };
  readonly root: Element;

  constructor(
    readonly pdf: Pdf,
    readonly matter: FrontMatter,
  ) {
    this.fonts = registerFonts(pdf);
    this.root = pdf.struct('Document');
    pdf.addStructure(this.root);
  }

  private get width(): number {
    return this.pdf.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.pdf.page.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  private room(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  /** Draws content as one structure element of `type` under `parent`. */
  tag(parent: Element, type: string, draw: () => void, options: ElementOptions = {}): Element {
    const element = this.pdf.struct(type, options);
    parent.add(element);
    const content = this.pdf.markStructureContent(type);
    draw();
    this.pdf.endMarkedContent();
    element.add(content);
    element.end();
    return element;
  }

  /** Draws what a screen reader should skip. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.pdf.markContent('Artifact', { type });
    draw();
    this.pdf.endMarkedContent();
  }

  text(
    parent: Element,
    type: string,
    text: string,
    style: { size?: number; bold?: boolean; colour?: string; gap?: number; indent?: number } = {},
  ): void {
    const size = style.size ?? BODY_SIZE;
    this.pdf
      .font(style.bold ? this.fonts.bold : this.fonts.body)
      .fontSize(size)
      .fillColor(style.colour ?? TEXT_COLOUR);
    const indent = style.indent ?? 0;
    const options = { width: this.width - indent, lineGap: 2 };
    this.room(Math.min(this.pdf.heightOfString(text, options), size * 3));
    this.tag(parent, type, () => {
      this.pdf.text(text, MARGIN.left + indent, this.pdf.y, options);
    });
    this.pdf.moveDown(style.gap ?? 0.5);
  }

  titlePage(doc: ReportDocument): void {
    this.pdf.y = 200;
    this.text(this.root, 'P', doc.title, { size: 24, bold: true, colour: EU_BLUE, gap: 1.2 });
    for (const { label, value } of this.matter.facts) {
      this.text(this.root, 'P', `${label}: ${value}`, { gap: 0.3 });
    }
    if (doc.edition === 'public' && doc.omissionNote) {
      this.pdf.moveDown(1.5);
      const top = this.pdf.y - 8;
      this.text(this.root, 'P', doc.omissionNote, { gap: 0 });
      const bottom = this.pdf.y + 8;
      this.artifact(() => {
        this.pdf
          .lineWidth(1)
          .strokeColor(EU_BLUE)
          .moveTo(MARGIN.left, top)
          .lineTo(MARGIN.left + this.width, top)
          .moveTo(MARGIN.left, bottom)
          .lineTo(MARGIN.left + this.width, bottom)
          .stroke();
      });
    }
  }

  section(
    parent: Element,
    section: ReportSection,
    depth: number,
    outline: PDFKit.PDFOutline,
  ): void {
    const sect = this.pdf.struct('Sect');
    parent.add(sect);
    const heading = `${section.number} ${section.title}`;
    this.room(depth === 0 ? 120 : 80);
    if (this.pdf.y > MARGIN.top) this.pdf.moveDown(depth === 0 ? 1 : 0.5);
    const entry = outline.addItem(heading);
    const size = [16, 13, 11][Math.min(depth, 2)] ?? 11;
    this.text(sect, `H${String(Math.min(depth + 1, 3))}`, heading, {
      size,
      bold: true,
      colour: depth === 0 ? EU_BLUE : HEADING_COLOUR,
      gap: 0.4,
    });
    for (const block of section.blocks) this.block(sect, block);
    for (const sub of section.subsections) this.section(sect, sub, depth + 1, entry);
    sect.end();
  }

  block(parent: Element, block: ReportBlock): void {
    switch (block.kind) {
      case 'paragraph':
        this.text(parent, 'P', block.text);
        return;
      case 'list': {
        const list = this.pdf.struct('L');
        parent.add(list);
        for (const item of block.items) {
          const li = this.pdf.struct('LI');
          list.add(li);
          const top = this.pdf.y;
          this.tag(li, 'Lbl', () => {
            this.pdf.font(this.fonts.body).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
            this.pdf.text('•', MARGIN.left + 6, top, { lineBreak: false });
          });
          this.pdf.y = top;
          this.text(li, 'LBody', item, { indent: 18, gap: 0.2 });
          li.end();
        }
        list.end();
        this.pdf.moveDown(0.3);
        return;
      }
      case 'table':
        this.table(parent, block.table);
        return;
      case 'chart': {
        const { chart } = block;
        const png = svgToPng(chartToSvg(chart, { ...CHART, locale: this.matter.locale }), {
          width: CHART.width * 2,
        });
        const width = this.width;
        const height = (width * CHART.height) / CHART.width;
        this.room(height + 40);
        this.text(parent, 'Caption', chart.title, { size: 9, bold: true, gap: 0.2 });
        const top = this.pdf.y;
        this.tag(
          parent,
          'Figure',
          () => {
            this.pdf.image(png, MARGIN.left, top, { width, height });
          },
          { alt: chart.alt },
        );
        this.pdf.y = top + height + 8;
        this.table(parent, chartTable(chart, this.matter.locale));
        return;
      }
    }
  }

  /** One table row; the header row is tagged once and drawn as an artifact on later pages. */
  private row(
    table: Element | null,
    cells: readonly string[],
    columns: number,
    header: boolean,
  ): void {
    const columnWidth = this.width / columns;
    const font = header ? this.fonts.bold : this.fonts.body;
    this.pdf.font(font).fontSize(TABLE_SIZE);
    const textWidth = columnWidth - 2 * CELL_PADDING;
    const height =
      Math.max(
        ...Array.from({ length: columns }, (_, index) =>
          this.pdf.heightOfString(cells[index] ?? '', { width: textWidth }),
        ),
      ) +
      2 * CELL_PADDING;
    this.room(height);
    const top = this.pdf.y;
    this.artifact(() => {
      for (let index = 0; index < columns; index += 1) {
        const x = MARGIN.left + index * columnWidth;
        if (header) this.pdf.rect(x, top, columnWidth, height).fill(TABLE_HEADER_FILL);
        this.pdf.lineWidth(0.5).rect(x, top, columnWidth, height).stroke(RULE_COLOUR);
      }
    });
    const drawCell = (index: number) => () => {
      this.pdf.font(font).fontSize(TABLE_SIZE).fillColor(TEXT_COLOUR);
      this.pdf.text(
        cells[index] ?? '',
        MARGIN.left + index * columnWidth + CELL_PADDING,
        top + CELL_PADDING,
        { width: textWidth },
      );
    };
    if (table) {
      const tr = this.pdf.struct('TR');
      table.add(tr);
      for (let index = 0; index < columns; index += 1) {
        this.tag(tr, header ? 'TH' : 'TD', drawCell(index), header ? { scope: 'Column' } : {});
      }
      tr.end();
    } else {
      this.artifact(() => {
        for (let index = 0; index < columns; index += 1) drawCell(index)();
      }, 'Pagination');
    }
    this.pdf.y = top + height;
  }

  table(parent: Element, table: ReportTable): void {
    const columns = Math.max(1, table.header.length);
    const element = this.pdf.struct('Table');
    parent.add(element);
    this.room(60);
    this.text(element, 'Caption', table.caption, { size: 9, bold: true, gap: 0.2 });
    this.row(element, table.header, columns, true);
    for (const cells of table.rows) {
      this.pdf.font(this.fonts.body).fontSize(TABLE_SIZE);
      const height =
        Math.max(
          ...cells.map((cell) =>
            this.pdf.heightOfString(cell, { width: this.width / columns - 2 * CELL_PADDING }),
          ),
        ) +
        2 * CELL_PADDING;
      if (this.pdf.y + height > this.bottom) {
        this.pdf.addPage();
        this.row(null, table.header, columns, true);
      }
      this.row(element, cells, columns, false);
    }
    element.end();
    this.pdf.moveDown(0.8);
  }

  /** The marking at the top and bottom of every page, and the page number, as artifacts. */
  runningHeadAndFoot(): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.pdf.switchToPage(index);
      const { width, height } = this.pdf.page;
      // Text below the bottom margin would start a new page: the margin is lifted while the
      // footer is written.
      const margins = this.pdf.page.margins;
      this.pdf.page.margins = { ...margins, bottom: 0 };
      this.artifact(() => {
        this.pdf.font(this.fonts.bold).fontSize(9).fillColor(HEADING_COLOUR);
        if (this.matter.marking) {
          this.pdf.text(this.matter.marking, MARGIN.left, 36, {
            width: width - MARGIN.left - MARGIN.right,
            align: 'center',
            lineBreak: false,
          });
          this.pdf.text(this.matter.marking, MARGIN.left, height - 48, {
            width: width - MARGIN.left - MARGIN.right,
            align: 'center',
            lineBreak: false,
          });
        }
        this.pdf.font(this.fonts.body).fontSize(8);
        this.pdf.text(
          this.matter.t('reports.output.page', { page: index + 1, pages: count }),
          MARGIN.left,
          height - 34,
          { width: width - MARGIN.left - MARGIN.right, align: 'right', lineBreak: false },
        );
      }, 'Pagination');
      this.pdf.page.margins = margins;
    }
  }
}

/** The report as a tagged PDF file. Pure: reads nothing but the report (and a system font). */
export async function reportToPdf(
  doc: ReportDocument,
  options: OutputOptions = {},
): Promise<Buffer> {
  const matter = frontMatter(doc, options);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    tagged: true,
    lang: matter.locale,
    displayTitle: true,
    pdfVersion: '1.7',
    bufferPages: true,
    info: { Title: doc.title, Author: doc.chair, Subject: doc.recipient },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  const writer = new TaggedWriter(pdf, matter);
  writer.titlePage(doc);
  pdf.addPage();
  for (const section of doc.sections) writer.section(writer.root, section, 0, pdf.outline);
  writer.runningHeadAndFoot();
  writer.root.end();
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
