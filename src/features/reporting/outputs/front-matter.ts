import { formatDate } from '../../../app/i18n/format.js';
import { translator, type Translate } from '../../../app/i18n/i18n.js';
import type { ReportDocument } from '../report-document.js';

/** What every output of a report is told besides the report itself. */
export interface OutputOptions {
  /** The language of the outputs' own words (labels, page numbers); default English. */
  locale?: string;
}

export interface FrontMatter {
  t: Translate;
  locale: string;
  /** The title page's lines after the title, as label and value. */
  facts: readonly { label: string; value: string }[];
  /** The marking printed in the header and footer of every page, or null for none. */
  marking: string | null;
}

/** The title page's facts, worded once for Word and PDF alike. */
export function frontMatter(doc: ReportDocument, options: OutputOptions = {}): FrontMatter {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  return {
    t,
    locale,
    facts: [
      { label: t('reports.output.recipient'), value: doc.recipient },
      { label: t('reports.output.chair'), value: doc.chair },
      { label: t('reports.output.asOf'), value: formatDate(locale, doc.asOf) },
      { label: t('reports.output.issuedOn'), value: formatDate(locale, doc.issuedOn) },
      { label: t('reports.output.edition'), value: t(`reports.output.edition.${doc.edition}`) },
    ],
    marking: doc.marking?.label ?? null,
  };
}

/**
 * "Page {page} of {pages}" cut at its placeholders, so that Word can put its page fields where
 * the translation puts the numbers, whatever their order in the language.
 */
export function pageNumberParts(t: Translate): { text: string; field: 'page' | 'pages' | null }[] {
  const template = t('reports.output.page');
  return template
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) =>
      part === '{page}'
        ? { text: '', field: 'page' }
        : part === '{pages}'
          ? { text: '', field: 'pages' }
          : { text: part, field: null },
    );
}
