import { Type, type Static } from 'typebox';
import type { FieldError } from '../../app/errors.js';
import type { ActivityInput, ActivityView, ProgressInput } from './scorecard.model.js';

/**
 * Form bodies are text; a field may repeat (checkboxes) and rows of indicators and deliverables
 * arrive as numbered fields. The real limits are the service's; these caps keep a tampered
 * request small.
 */
export const FormBody = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 10_000 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
  ]),
  { maxProperties: 300 },
);
export type FormBody = Static<typeof FormBody>;

function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function many(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** Empty stays null; anything else is read as a number, and a non-number is NaN for the check. */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? null : Number(trimmed);
}

const MAX_ROWS = 30;

/** The text of the form's rows of indicators and deliverables, as shown in its inputs. */
export interface FormRows {
  indicators: { name: string; unit: string; target: string; value: string }[];
  deliverables: { title: string; url: string; date: string }[];
}

const numberText = (n: number | null) => (n === null ? '' : String(n));

/** The rows of a stored activity, for a fresh form. */
export function rowsOf(input: ActivityInput): FormRows {
  return {
    indicators: input.indicators.map((i) => ({
      name: i.name,
      unit: i.unit,
      target: numberText(i.target),
      value: numberText(i.value),
    })),
    deliverables: input.deliverables.map((d) => ({
      title: d.title,
      url: d.url ?? '',
      date: d.date ?? '',
    })),
  };
}

/**
 * The activity form as sent, read into the service's input, with the rows as typed to show them
 * again. Empty rows are dropped, so the rows shown again are numbered as the input's lists, and
 * an error on `indicators[1]` points at the second row shown.
 */
export function activityInputOf(
  body: FormBody,
  year: number,
): { input: ActivityInput; rows: FormRows } {
  const rows: FormRows = { indicators: [], deliverables: [] };
  for (let row = 0; row < MAX_ROWS; row += 1) {
    const n = String(row);
    const indicator = {
      name: one(body, `indicatorName${n}`),
      unit: one(body, `indicatorUnit${n}`),
      target: one(body, `indicatorTarget${n}`),
      value: one(body, `indicatorValue${n}`),
    };
    if (Object.values(indicator).some((v) => v.trim() !== '')) {
      rows.indicators.push(indicator);
    }
    const deliverable = {
      title: one(body, `deliverableTitle${n}`),
      url: one(body, `deliverableUrl${n}`),
      date: one(body, `deliverableDate${n}`),
    };
    if (Object.values(deliverable).some((v) => v.trim() !== '')) {
      rows.deliverables.push(deliverable);
    }
  }
  const input: ActivityInput = {
    year,
    title: one(body, 'title'),
    description: one(body, 'description'),
    lines: many(body, 'lines'),
    lead: one(body, 'lead'),
    participants: many(body, 'participants'),
    partners: many(body, 'partners'),
    kind: one(body, 'kind'),
    tags: one(body, 'tags')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    plannedStart: one(body, 'plannedStart'),
    plannedEnd: one(body, 'plannedEnd'),
    status: one(body, 'status'),
    assessment: one(body, 'assessment') || null,
    assessmentReason: one(body, 'assessmentReason'),
    releasedToObservers: one(body, 'releasedToObservers') === 'yes',
    indicators: rows.indicators.map((i) => ({
      name: i.name,
      unit: i.unit,
      target: numberOrNull(i.target),
      value: numberOrNull(i.value),
    })),
    deliverables: rows.deliverables.map((d) => ({
      title: d.title,
      url: d.url.trim() || null,
      date: d.date.trim() || null,
    })),
  };
  return { input, rows };
}

/** A progress form as sent: indicator values arrive as `indicator:<name>` fields. */
export function progressInputOf(body: FormBody, activity: ActivityView): ProgressInput {
  const indicators: Record<string, number> = {};
  activity.indicators.forEach((indicator, index) => {
    const value = one(body, `indicatorValue${String(index)}`).trim();
    if (value !== '') indicators[indicator.name] = numberOrNull(value) ?? Number.NaN;
  });
  return {
    postedOn: one(body, 'postedOn'),
    text: one(body, 'text'),
    status: one(body, 'status') || undefined,
    assessment: one(body, 'assessment') || undefined,
    assessmentReason: one(body, 'assessmentReason') || undefined,
    indicators,
  };
}

export function versionField(body: FormBody): string | undefined {
  return one(body, 'version') || undefined;
}

/**
 * The service names row fields like `indicators[2].name`; the form's inputs are
 * `indicatorName2`, numbered as the form shows them again. Errors are renamed so that each one points
 * at its input.
 */
export function formFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((error) => {
    const row = /^(indicators|deliverables)\[(\d+)\]\.(\w+)$/.exec(error.field);
    if (!row) return error;
    const [, list, index, name] = row as unknown as [string, string, string, string];
    const prefix = list === 'indicators' ? 'indicator' : 'deliverable';
    return { ...error, field: `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}${index}` };
  });
}
