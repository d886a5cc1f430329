import type { FieldError } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';
import { isCalendarDate } from '../dates.js';
import { cellName, type FieldSpec, type Row, type RowsSpec, type ValueOf } from './fields.js';

export type Fields = Readonly<Record<string, FieldSpec>>;
export type Values<F extends Fields> = { [K in keyof F]: ValueOf<F[K]> };
export type FieldName<F extends Fields> = keyof F & string;

/** A form body as it arrives: text, or a list where a name repeats. */
export type Body = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Hidden fields the kit adds to a form: the version, and what the form was opened on. */
export const VERSION_FIELD = 'version';
export const BASE_FIELD = '_base';
export const CONFLICTS_FIELD = '_conflicts';
export const keepField = (name: string) => `_keep-${name}`;

/** Where someone else saved a field while this user edited it. */
export interface FieldConflict {
  name: string;
  theirs: unknown;
  mine: unknown;
  /** Both changed it, differently: the user must choose which to keep. */
  choose: boolean;
}

/** Everything a bound form renders from. */
export interface FormState<F extends Fields> {
  values: Values<F>;
  errors: readonly FieldError[];
  /** The version the form saves over, when the record is versioned. */
  version?: number | undefined;
  /** The values the form was opened with; a stale save merges against them. */
  base?: Values<F> | undefined;
  /** After a stale save: what the other person changed, field by field. */
  conflicts?: readonly FieldConflict[] | undefined;
  /** The choice already made for a conflicting field ("theirs" or "mine"). */
  kept?: Readonly<Record<string, string>> | undefined;
}

export interface FormDefinition<F extends Fields> {
  readonly fields: F;
  readonly names: readonly FieldName<F>[];
  /** Values for an empty form, each field's empty value unless given. */
  initial(values?: Partial<Values<F>>): Values<F>;
  /** A fresh form on a stored record: the values are also the base a stale save merges against. */
  opened(values: Values<F>, version?: number): FormState<F>;
  /** Reads a body: values, the form's own errors, and the hidden merge fields. */
  read(body: Body, t: Translate): FormState<F>;
  /** Renames a service's field name to the form input it belongs to. */
  inputOf(serviceField: string): string;
}

function one(body: Body, name: string): string {
  const value = body[name];
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value[0] ?? '');
}

function list(body: Body, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((v) => v !== '');
}

function emptyValue(spec: FieldSpec): unknown {
  if (spec.kind === 'flag') return false;
  if (spec.kind === 'many' || spec.kind === 'rows') return [];
  return '';
}

function readRows(spec: RowsSpec, body: Body): Row[] {
  const found: Row[] = [];
  for (let row = 0; row < spec.max; row += 1) {
    const cells: Row = {};
    for (const column of Object.keys(spec.columns))
      cells[column] = one(body, cellName(spec, column, row));
    if (Object.values(cells).some((cell) => cell.trim() !== '')) found.push(cells);
  }
  return found;
}

function readValue(spec: FieldSpec, body: Body, name: string): unknown {
  switch (spec.kind) {
    case 'flag':
      return one(body, name) === spec.on;
    case 'many':
      return list(body, name);
    case 'rows':
      return readRows(spec, body);
    default:
      return one(body, name);
  }
}

/** The form's own rules: what only the form knows. Required fields and limits are the service's. */
function formErrors(spec: FieldSpec, value: unknown, name: string, t: Translate): FieldError[] {
  const label = t(spec.label);
  if (spec.kind === 'date' && typeof value === 'string' && value.trim() !== '') {
    if (!isCalendarDate(value.trim()))
      return [{ field: name, message: t('form.error.date', { label }) }];
  }
  if (spec.kind === 'choice' && spec.options && typeof value === 'string' && value !== '') {
    if (!spec.options.some((option) => option.value === value))
      return [{ field: name, message: t('form.error.choice', { label }) }];
  }
  return [];
}

/** Two values of a field are the same when they show the same (order of a list aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  const normal = (value: unknown): string => {
    if (typeof value === 'string') return JSON.stringify(value.trim());
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      return JSON.stringify([...value].sort());
    return JSON.stringify(value);
  };
  return normal(a) === normal(b);
}

/**
 * A save on a stale version, merged with what is stored now. Every field this user did not change
 * takes the stored value, so nobody's change is reverted; a field only this user changed keeps
 * theirs; a field both changed differently is a conflict the user must settle. Without a base
 * (a form not opened through the kit) every differing field is such a conflict.
 */
export function mergeStale<F extends Fields>(
  form: FormDefinition<F>,
  mine: Values<F>,
  base: Values<F> | undefined,
  stored: Values<F>,
): { values: Values<F>; conflicts: FieldConflict[] } {
  const values = { ...stored };
  const conflicts: FieldConflict[] = [];
  for (const name of form.names) {
    const mineValue = mine[name];
    const storedValue = stored[name];
    const mineChanged = base === undefined || !sameValue(mineValue, base[name]);
    const theirsChanged = base !== undefined && !sameValue(storedValue, base[name]);
    if (!mineChanged) {
      if (theirsChanged)
        conflicts.push({ name, theirs: storedValue, mine: mineValue, choose: false });
      continue;
    }
    values[name] = mineValue;
    if (sameValue(mineValue, storedValue)) continue;
    if (base === undefined || theirsChanged)
      conflicts.push({ name, theirs: storedValue, mine: mineValue, choose: true });
  }
  return { values, conflicts };
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** Whether a value from the hidden copy of a form has the shape its field's values have. */
function hasShape(spec: FieldSpec, value: unknown): boolean {
  if (spec.kind === 'flag') return typeof value === 'boolean';
  if (spec.kind === 'many') return Array.isArray(value) && value.every(isText);
  if (spec.kind === 'rows')
    return (
      Array.isArray(value) &&
      value.every(
        (row: unknown) =>
          typeof row === 'object' &&
          row !== null &&
          !Array.isArray(row) &&
          Object.keys(spec.columns).every((column) =>
            isText((row as Record<string, unknown>)[column]),
          ),
      )
    );
  return isText(value);
}

function parseBase<F extends Fields>(form: FormDefinition<F>, text: string): Values<F> | undefined {
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    // Only the declared fields, each of the shape it has in a form; anything else is dropped.
    const base = form.initial();
    for (const name of form.names) {
      const value = record[name];
      if (hasShape(form.fields[name] as FieldSpec, value))
        base[name] = value as Values<F>[typeof name];
    }
    return base;
  } catch {
    return undefined;
  }
}

/** Declares a form once: its fields, their labels, help and rules. */
export function defineForm<F extends Fields>(declaration: {
  fields: F;
  /** Service field names that differ from the form's: service name -> form field. */
  fromService?: Readonly<Record<string, FieldName<F>>>;
}): FormDefinition<F> {
  const { fields } = declaration;
  const names = Object.keys(fields) as FieldName<F>[];
  const form: FormDefinition<F> = {
    fields,
    names,
    initial(values = {}) {
      const result = {} as Record<string, unknown>;
      for (const name of names)
        result[name] = values[name] ?? emptyValue(fields[name] as FieldSpec);
      return result as Values<F>;
    },
    opened(values, version) {
      return { values, errors: [], version, base: values };
    },
    read(body, t) {
      const values = {} as Record<string, unknown>;
      const errors: FieldError[] = [];
      for (const name of names) {
        const spec = fields[name] as FieldSpec;
        values[name] = readValue(spec, body, name);
        errors.push(...formErrors(spec, values[name], name, t));
      }
      const versionText = one(body, VERSION_FIELD);
      const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined;
      const base = parseBase(form, one(body, BASE_FIELD));
      const pending = one(body, CONFLICTS_FIELD)
        .split(',')
        .filter((name): name is FieldName<F> => (names as readonly string[]).includes(name));
      const kept: Record<string, string> = {};
      // A conflict settled in favour of the stored value takes it back from the base the
      // conflict was shown on, which is what was stored then.
      for (const name of pending) {
        const choice = one(body, keepField(name));
        if (choice === 'theirs' || choice === 'mine') kept[name] = choice;
        if (choice === 'theirs' && base) values[name] = base[name];
        if (choice !== 'theirs' && choice !== 'mine')
          errors.push({
            field: keepField(name),
            message: t('form.conflict.choose', { label: t((fields[name] as FieldSpec).label) }),
          });
      }
      const conflicts = pending.map((name) => ({
        name,
        theirs: base?.[name],
        mine: values[name],
        choose: true,
      }));
      return {
        values: values as Values<F>,
        errors,
        version: versionText === '' ? undefined : (version ?? -1),
        base,
        conflicts: conflicts.length > 0 ? conflicts : undefined,
        kept,
      };
    },
    inputOf(serviceField) {
      const renamed = declaration.fromService?.[serviceField];
      if (renamed) return renamed;
      // Rows: the service says `indicators[2].name`, the input is `indicatorName2`.
      const cell = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(serviceField);
      if (cell) {
        const [, list, index, column] = cell as unknown as [string, string, string, string];
        const spec = fields[list];
        if (spec?.kind === 'rows') return cellName(spec, column, Number(index));
      }
      return serviceField;
    },
  };
  return form;
}
