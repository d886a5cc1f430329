import type { MessageKey } from '../i18n/i18n.js';

/** What every kind of field declares: its label and help from the catalogue, and its rules. */
interface FieldBase {
  label: MessageKey;
  hint?: MessageKey;
  /** Numbers the hint names, such as a password's least length. */
  hintParams?: Readonly<Record<string, string | number>>;
  /** Marks the field as required; the rule itself and its message belong to the service. */
  required?: boolean;
}

export interface TextSpec extends FieldBase {
  kind: 'text';
  max?: number;
}

export interface DateSpec extends FieldBase {
  kind: 'date';
}

/** One value among choices; fixed choices are checked here, others by the service. */
export interface ChoiceSpec extends FieldBase {
  kind: 'choice';
  options?: readonly { value: string; label: MessageKey }[];
}

/** A single checkbox: true when the form sends `on`. */
export interface FlagSpec extends FieldBase {
  kind: 'flag';
  on: string;
}

/** Several values (checkboxes, a multiple select, a picker). */
export interface ManySpec extends FieldBase {
  kind: 'many';
}

/**
 * Repeated rows of text inputs (indicators, deliverables): the cells are named
 * `<prefix><Column><row>`, as `indicatorName0`. Rows left empty are dropped.
 */
export interface RowsSpec<C extends string = string> extends FieldBase {
  kind: 'rows';
  prefix: string;
  columns: Readonly<Record<C, { label: MessageKey; type?: 'text' | 'date' | 'url' }>>;
  /** The first column's label takes the row number as `{n}`. */
  max: number;
}

export type FieldSpec = TextSpec | DateSpec | ChoiceSpec | FlagSpec | ManySpec | RowsSpec;

export type Row<C extends string = string> = Record<C, string>;

/** The value a field holds in the form, as the user sees and sends it. */
export type ValueOf<S extends FieldSpec> = S extends FlagSpec
  ? boolean
  : S extends ManySpec
    ? string[]
    : S extends RowsSpec<infer C>
      ? Row<C>[]
      : string;

type Options<S extends FieldBase> = Omit<S, 'kind'>;

export const text = (options: Options<TextSpec>): TextSpec => ({ kind: 'text', ...options });
export const date = (options: Options<DateSpec>): DateSpec => ({ kind: 'date', ...options });
export const choice = (options: Options<ChoiceSpec>): ChoiceSpec => ({
  kind: 'choice',
  ...options,
});
export const flag = (options: Omit<Options<FlagSpec>, 'on'> & { on?: string }): FlagSpec => ({
  kind: 'flag',
  ...options,
  on: options.on ?? 'on',
});
export const many = (options: Options<ManySpec>): ManySpec => ({ kind: 'many', ...options });
export const rows = <C extends string>(options: Options<RowsSpec<C>>): RowsSpec<C> => ({
  kind: 'rows',
  ...options,
});

/** The name of a row's cell, as `indicatorName0`. */
export function cellName(spec: RowsSpec, column: string, row: number): string {
  return `${spec.prefix}${column.charAt(0).toUpperCase()}${column.slice(1)}${String(row)}`;
}
