import type { ReportDocument } from '../report-document.js';
import type { OutputOptions } from './front-matter.js';

/**
 * The Word and PDF outputs, loaded at their first use: their libraries (docx, pdfkit, echarts)
 * hold about 45 MB of memory that a platform process which never renders a report need not.
 */
export async function reportToDocx(doc: ReportDocument, options?: OutputOptions): Promise<Buffer> {
  const output = await import('./docx.js');
  return output.reportToDocx(doc, options);
}

export async function reportToPdf(doc: ReportDocument, options?: OutputOptions): Promise<Buffer> {
  const output = await import('./pdf.js');
  return output.reportToPdf(doc, options);
}
