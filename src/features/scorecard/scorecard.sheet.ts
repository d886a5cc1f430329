import { CSV_BYTE_ORDER_MARK, csvRow, type CsvSeparator } from '../../app/csv.js';
import type { FieldError } from '../../app/errors.js';
import {
  CodeLabels,
  dayCell,
  dayOf,
  wholeNumberOf,
  yesNoCell,
} from '../../app/spreadsheet/cells.js';
import {
  decodeList,
  encodeList,
  escapeText,
  lastUnescaped,
  splitUnescaped,
  unescapeText,
} from '../../app/spreadsheet/list-text.js';
import {
  cellsInOrder,
  headerOf,
  idAndVersionOf,
  idColumn,
  readRegisterRows,
  readYesNo,
  rowErrorOf as rowErrorOfField,
  type RegisterColumn,
  type RowError,
  type SheetRegister,
  type UploadedRow,
  updatedAtColumn,
  versionColumn,
} from '../../app/spreadsheet/register.js';
import type { CellValue, SheetColumn } from '../../app/xlsx.js';
import { en } from '../../app/i18n/messages.en.js';
import { activityKinds, activityStatuses, assessments } from '../../db/schema.js';
import type {
  ActivityInput,
  ActivityView,
  DeliverableInput,
  IndicatorInput,
  ProgressChanges,
} from './scorecard.model.js';

/**
 * The scorecard as a table: one row per activity, the same columns in the .xlsx export, the
 * .csv export and the .xlsx import. Lists and rows of indicators and deliverables are written
 * as text that reads naturally and parses back exactly (docs/scorecard-spreadsheet.md):
 *
 * - lists (lines, agencies, tags): items joined by "; "
 * - indicators: "Name [unit]: value / target; ...", the unit and its brackets left out when
 *   empty, an unknown value or target left empty ("Cases [count]: / 20")
 * - deliverables: "Title | web address | YYYY-MM-DD; ...", empty trailing parts left out
 *
 * A backslash makes the next character plain text, so names may contain the separators:
 * "Share of cases \; all [%]: 5 / 10". Numbers are written as JavaScript writes them
 * (0.1, 1e+21), which reads back to the same number.
 */

export { decodeList, encodeList };

/**
 * The words a sheet shows for status, assessment and kind: the labels of the pages ("Completed",
 * not "completed"), offered as a drop-down list in the .xlsx. An import reads a label or a code.
 */
const choices = {
  status: new CodeLabels(activityStatuses, (code) => en[`scorecard.status.${code}`]),
  assessment: new CodeLabels(assessments, (code) => en[`scorecard.assessment.${code}`]),
  kind: new CodeLabels(activityKinds, (code) => en[`scorecard.kind.${code}`]),
} as const;

const columnDefinitions = [
  idColumn,
  versionColumn,
  { key: 'year', header: 'Year', width: 7, kind: 'number' },
  { key: 'title', header: 'Title', width: 50, kind: 'text' },
  { key: 'description', header: 'Description', width: 60, kind: 'text' },
  { key: 'lines', header: 'Lines', width: 16, kind: 'text' },
  { key: 'lead', header: 'Lead', width: 12, kind: 'text' },
  { key: 'participants', header: 'Participants', width: 30, kind: 'text' },
  { key: 'partners', header: 'Partners', width: 24, kind: 'text' },
  { key: 'kind', header: 'Kind', width: 22, kind: 'text', choices: choices.kind.choices },
  { key: 'tags', header: 'Tags', width: 28, kind: 'text' },
  { key: 'plannedStart', header: 'Planned start', width: 14, kind: 'date' },
  { key: 'plannedEnd', header: 'Planned end', width: 14, kind: 'date' },
  { key: 'status', header: 'Status', width: 12, kind: 'text', choices: choices.status.choices },
  {
    key: 'assessment',
    header: 'Assessment',
    width: 16,
    kind: 'text',
    choices: choices.assessment.choices,
  },
  { key: 'assessmentReason', header: 'Assessment reason', width: 40, kind: 'text' },
  { key: 'releasedToObservers', header: 'Released to observers', width: 12, kind: 'text' },
  { key: 'indicators', header: 'Indicators', width: 50, kind: 'text' },
  { key: 'deliverables', header: 'Deliverables', width: 60, kind: 'text' },
  updatedAtColumn,
] as const satisfies readonly RegisterColumn<string>[];

export type ColumnKey = (typeof columnDefinitions)[number]['key'];
export const scorecardColumns: readonly RegisterColumn<ColumnKey>[] = columnDefinitions;

export const scorecardRegister: SheetRegister<ColumnKey> = {
  noun: 'activity',
  plural: 'activities',
  columns: scorecardColumns,
  // More activities than a network ever plans in a year, with room to spare.
  maxRows: 10_000,
};

const header = (key: ColumnKey): string => headerOf(scorecardRegister, key);

const INDICATOR_SPECIALS = ';[]:';
const DELIVERABLE_SPECIALS = ';|';

const numberText = (value: number | null): string => (value === null ? '' : String(value));

export function encodeIndicators(indicators: readonly IndicatorInput[]): string {
  return indicators
    .map((indicator) => {
      const name = escapeText(indicator.name, INDICATOR_SPECIALS);
      const unit = indicator.unit ? ` [${escapeText(indicator.unit, INDICATOR_SPECIALS)}]` : '';
      const values = `${numberText(indicator.value)} / ${numberText(indicator.target)}`.trim();
      return `${name}${unit}: ${values}`;
    })
    .join('; ');
}

/** Empty is unknown; a decimal comma is read as a point; anything else is NaN for the check. */
function numberOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i.test(trimmed)
    ? Number(trimmed.replace(',', '.'))
    : Number.NaN;
}

export function decodeIndicators(text: string): {
  indicators: IndicatorInput[];
  /** The place in the cell of each indicator read, counting from 1. */
  numbers: number[];
  errors: string[];
} {
  const indicators: IndicatorInput[] = [];
  const numbers: number[] = [];
  const errors: string[] = [];
  splitUnescaped(text, ';')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .forEach((item, index) => {
      const colon = lastUnescaped(item, ':');
      if (colon < 0) {
        errors.push(
          `Indicator ${String(index + 1)}: write it as Name [unit]: value / target, such as "Cases [count]: 4 / 20".`,
        );
        return;
      }
      let label = item.slice(0, colon).trim();
      let unit = '';
      const open = lastUnescaped(label, '[');
      if (open >= 0 && lastUnescaped(label, ']') === label.length - 1) {
        unit = unescapeText(label.slice(open + 1, -1).trim());
        label = label.slice(0, open).trim();
      }
      const [value = '', target = '', ...rest] = item.slice(colon + 1).split('/');
      if (rest.length > 0) {
        errors.push(
          `Indicator ${String(index + 1)}: write one value and one target, such as 4 / 20.`,
        );
        return;
      }
      // In the order of the stored indicators: changes are found by comparing their JSON.
      indicators.push({
        name: unescapeText(label),
        unit,
        target: numberOf(target),
        value: numberOf(value),
      });
      numbers.push(index + 1);
    });
  return { indicators, numbers, errors };
}

export function encodeDeliverables(deliverables: readonly DeliverableInput[]): string {
  return deliverables
    .map((deliverable) => {
      const parts = [deliverable.title, deliverable.url ?? '', deliverable.date ?? ''].map((p) =>
        escapeText(p, DELIVERABLE_SPECIALS),
      );
      while (parts.length > 1 && parts.at(-1) === '') parts.pop();
      return parts.join(' | ');
    })
    .join('; ');
}

export function decodeDeliverables(text: string): {
  deliverables: DeliverableInput[];
  /** The place in the cell of each deliverable read, counting from 1. */
  numbers: number[];
  errors: string[];
} {
  const deliverables: DeliverableInput[] = [];
  const numbers: number[] = [];
  const errors: string[] = [];
  splitUnescaped(text, ';')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .forEach((item, index) => {
      const [title = '', url = '', date = '', ...rest] = splitUnescaped(item, '|').map((part) =>
        unescapeText(part.trim()),
      );
      if (rest.length > 0) {
        errors.push(
          `Deliverable ${String(index + 1)}: write it as Title | web address | YYYY-MM-DD.`,
        );
        return;
      }
      deliverables.push({ title, url: url || null, date: date || null });
      numbers.push(index + 1);
    });
  return { deliverables, numbers, errors };
}

/** An activity as the cells of its row, in the order of `scorecardColumns`. */
export function activityCells(activity: ActivityView): CellValue[] {
  return cellsInOrder(scorecardRegister, activityValues(activity));
}

function activityValues(activity: ActivityView): Record<ColumnKey, CellValue> {
  return {
    id: activity.id,
    version: activity.version,
    year: activity.year,
    title: activity.title,
    description: activity.description,
    lines: encodeList(activity.lines.map((l) => l.code)),
    lead: activity.lead.acronym,
    participants: encodeList(activity.participants.map((o) => o.acronym)),
    partners: encodeList(activity.partners.map((o) => o.acronym)),
    kind: choices.kind.labelOf(activity.kind),
    tags: encodeList(activity.tags),
    plannedStart: dayCell(activity.plannedStart),
    plannedEnd: dayCell(activity.plannedEnd),
    status: choices.status.labelOf(activity.status),
    assessment:
      activity.assessment === null ? null : choices.assessment.labelOf(activity.assessment),
    assessmentReason: activity.assessmentReason,
    releasedToObservers: yesNoCell(activity.releasedToObservers),
    indicators: encodeIndicators(activity.indicators),
    deliverables: encodeDeliverables(activity.deliverables),
    updatedAt: new Date(activity.updatedAt),
  };
}

/**
 * The progress updates of the exported activities, on the .xlsx's second sheet: one row per
 * update, with what it reported. The sheet is for reading; an import does not read it.
 */
export const progressColumns: readonly SheetColumn[] = [
  { header: 'Activity ID', width: 38, kind: 'text' },
  { header: 'Activity title', width: 50, kind: 'text' },
  { header: 'Date', width: 12, kind: 'date' },
  { header: 'Agency', width: 12, kind: 'text' },
  { header: 'Author', width: 24, kind: 'text' },
  { header: 'Text', width: 80, kind: 'text' },
  { header: 'Status reported', width: 14, kind: 'text' },
  { header: 'Assessment reported', width: 18, kind: 'text' },
  { header: 'Assessment reason', width: 40, kind: 'text' },
  { header: 'Indicator values', width: 40, kind: 'text' },
  { header: 'Recorded (UTC)', width: 18, kind: 'datetime' },
];

/** A progress update with the activity it reports on, as the progress history holds it. */
export interface ProgressRow {
  activityId: string;
  activityTitle: string;
  postedOn: string;
  organisation: string;
  /** Null for updates the platform was given without a user, such as the demo's history. */
  author: string | null;
  text: string;
  changes: ProgressChanges;
  createdAt: string;
}

/**
 * An update as the cells of its row, in the order of `progressColumns`. Status and assessment
 * are filled when the update changed them; indicator values read "Name: value; ...", escaped as
 * on the first sheet.
 */
export function progressCells(update: ProgressRow): CellValue[] {
  const { status, assessment, assessmentReason, indicators } = update.changes;
  return [
    update.activityId,
    update.activityTitle,
    dayCell(update.postedOn),
    update.organisation,
    update.author,
    update.text,
    status ? choices.status.labelOf(status.after) : null,
    assessment ? choices.assessment.labelOf(assessment.after) : null,
    assessmentReason?.after ?? null,
    Object.entries(indicators ?? {})
      .map(
        ([name, change]) => `${escapeText(name, INDICATOR_SPECIALS)}: ${numberText(change.after)}`,
      )
      .join('; '),
    new Date(update.createdAt),
  ];
}

/**
 * The same rows as CSV text: days as YYYY-MM-DD, the time of the last update in ISO form, after
 * the byte order mark that makes Excel read UTF-8.
 */
export function scorecardCsv(
  activities: readonly ActivityView[],
  separator: CsvSeparator = ',',
): string {
  const lines = [
    csvRow(
      scorecardColumns.map((c) => c.header),
      separator,
    ),
  ];
  for (const activity of activities) {
    const cells = activityCells(activity).map((value, index) =>
      value instanceof Date
        ? scorecardColumns[index]?.kind === 'date'
          ? value.toISOString().slice(0, 10)
          : value.toISOString()
        : value,
    );
    lines.push(csvRow(cells, separator));
  }
  return CSV_BYTE_ORDER_MARK + lines.join('');
}

/** One data row of an uploaded sheet, read into an activity's input. */
export interface SheetRow {
  row: number;
  id: string | null;
  version: number | null;
  /** Null when the year cannot be read: the rest cannot be checked without it. */
  input: ActivityInput | null;
  errors: RowError[];
  /** Where each indicator and deliverable of the input is in its cell, for error messages. */
  itemNumbers: ItemNumbers;
}

export interface ItemNumbers {
  indicators: number[];
  deliverables: number[];
}

const fieldColumns: Record<string, ColumnKey> = {
  year: 'year',
  title: 'title',
  description: 'description',
  lines: 'lines',
  lead: 'lead',
  participants: 'participants',
  partners: 'partners',
  kind: 'kind',
  tags: 'tags',
  plannedStart: 'plannedStart',
  plannedEnd: 'plannedEnd',
  status: 'status',
  assessment: 'assessment',
  assessmentReason: 'assessmentReason',
  indicators: 'indicators',
  deliverables: 'deliverables',
};

/**
 * Names the column of a field error from the service's checks. Errors in one indicator or
 * deliverable say which one: "Indicator 2, value: Enter a number."
 */
export function rowErrorOf(row: number, error: FieldError, itemNumbers?: ItemNumbers): RowError {
  const item = /^(indicators|deliverables)\[(\d+)\]\.(\w+)$/.exec(error.field);
  if (item) {
    const [, list = '', index = '0', part = ''] = item;
    const isIndicator = list === 'indicators';
    const numbers = itemNumbers?.[isIndicator ? 'indicators' : 'deliverables'] ?? [];
    const number = numbers[Number(index)] ?? Number(index) + 1;
    return {
      row,
      column: header(isIndicator ? 'indicators' : 'deliverables'),
      message: `${isIndicator ? 'Indicator' : 'Deliverable'} ${String(number)}, ${part}: ${error.message}`,
    };
  }
  return rowErrorOfField(scorecardRegister, fieldColumns, row, error);
}

/**
 * Reads the rows of an uploaded sheet. The first row names the columns, in any order; other
 * columns are ignored; rows with nothing in them are skipped.
 */
export function readSheetRows(rows: readonly (readonly CellValue[])[]): {
  rows: SheetRow[];
  errors: RowError[];
} {
  return readRegisterRows(scorecardRegister, rows, readRow);
}

function readRow(uploaded: UploadedRow<ColumnKey>): SheetRow {
  const { row, cell, text, fail, errors } = uploaded;
  const { id, version } = idAndVersionOf(scorecardRegister, uploaded);
  const year = wholeNumberOf(cell('year'));
  if (year === null) fail('year', 'Write the year, such as 2017.');
  const released = readYesNo(uploaded, 'releasedToObservers');
  const indicators = decodeIndicators(text('indicators'));
  for (const message of indicators.errors) fail('indicators', message);
  const deliverables = decodeDeliverables(text('deliverables'));
  for (const message of deliverables.errors) fail('deliverables', message);

  const input: ActivityInput | null =
    year === null
      ? null
      : {
          year,
          title: text('title'),
          description: text('description'),
          lines: decodeList(text('lines')),
          lead: text('lead').trim(),
          participants: decodeList(text('participants')),
          partners: decodeList(text('partners')),
          kind: choices.kind.codeOf(text('kind')),
          tags: decodeList(text('tags')),
          plannedStart: dayOf(cell('plannedStart')),
          plannedEnd: dayOf(cell('plannedEnd')),
          status: choices.status.codeOf(text('status')),
          assessment: text('assessment').trim()
            ? choices.assessment.codeOf(text('assessment'))
            : null,
          assessmentReason: text('assessmentReason'),
          releasedToObservers: released,
          indicators: indicators.indicators,
          deliverables: deliverables.deliverables,
        };
  return {
    row,
    id,
    version,
    input,
    errors,
    itemNumbers: { indicators: indicators.numbers, deliverables: deliverables.numbers },
  };
}
