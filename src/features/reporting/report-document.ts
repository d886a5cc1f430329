/**
 * A report as its outputs read it: the one shape that the assembly of a report produces and that
 * every output (Word, PDF, printable HTML, infographic) renders. Keeping the outputs on this shape
 * alone means an output never reads the database, so a finalised report renders the same from its
 * frozen snapshot years later.
 */

/** An EU classification or handling marking, as the document pages name it. */
export interface ReportMarking {
  /** The marking as printed in the header and footer of every page, e.g. "LIMITE". */
  label: string;
  /** Whether the report may be given to the public as it is. */
  public: boolean;
}

/** One series of a chart: a label and a value for each category. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
}

/** A chart with its data: an output draws it and also prints the data as a table. */
export interface ReportChart {
  kind: 'bar' | 'stacked-bar' | 'donut';
  title: string;
  /** The alternative text a screen reader reads for the picture. */
  alt: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
}

export interface ReportTable {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/** What a section holds, in reading order. */
export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'chart'; chart: ReportChart };

export interface ReportSection {
  /** The section's number as printed, e.g. "2.1"; outputs number nothing themselves. */
  number: string;
  title: string;
  /** Generated from data (frozen when finalised) or written by people. */
  origin: 'data' | 'written';
  blocks: readonly ReportBlock[];
  subsections: readonly ReportSection[];
}

export interface ReportDocument {
  title: string;
  /** Who the report goes to, e.g. "Council of the EU, COSI". */
  recipient: string;
  /** The network's chair for the year, as named on the report's date. */
  chair: string;
  /** The day the data sections describe (YYYY-MM-DD). */
  asOf: string;
  /** The day the report was produced or finalised (YYYY-MM-DD). */
  issuedOn: string;
  /** Draft, final, or the public version that leaves out what is not public. */
  edition: 'draft' | 'final' | 'public';
  marking: ReportMarking | null;
  /** Said at the start of a public version: what was left out and why. */
  omissionNote: string | null;
  sections: readonly ReportSection[];
}
