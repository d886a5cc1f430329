/**
 * The colours and font of the report outputs: ECL's EU blue and greys, and the colours the
 * scorecard's charts give to activity statuses, so a report looks like the platform. Every
 * colour that marks a bar or a cell has at least 3:1 contrast with white (WCAG 1.4.11).
 */

/** ECL's EU primary blue. */
export const EU_BLUE = '#004494';
/** ECL's EU yellow: for accents on blue only, too light to mark anything on white. */
export const EU_YELLOW = '#ffd617';
export const TEXT_COLOUR = '#404040';
export const HEADING_COLOUR = '#262626';
export const RULE_COLOUR = '#cfcfcf';
export const TABLE_HEADER_FILL = '#e3e8f2';

/** Arial, ECL's print fallback; Liberation Sans has Arial's metrics where Arial is missing. */
export const FONT_FAMILY = 'Arial, Liberation Sans, Helvetica, sans-serif';
/** The one font named in Word documents. */
export const DOCX_FONT = 'Arial';

export const SERIES_COLOURS: readonly string[] = [
  EU_BLUE,
  '#b26a00',
  '#2e7d32',
  '#8e44ad',
  '#c62828',
  '#5a8ad6',
  '#0b2454',
  '#6b6b6b',
];

/** As on the scorecard's pages. */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  planned: '#5a8ad6',
  ongoing: '#1f4fa3',
  completed: '#0b2454',
  postponed: '#8e44ad',
  cancelled: '#6b6b6b',
};
