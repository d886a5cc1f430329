import { h, type Child, type Html } from '../html/jsx.js';
import type { PageContext } from '../html/page-context.js';
import {
  DateField,
  Checkbox,
  CheckboxGroup,
  CsrfField,
  FileField,
  FormErrors,
  Notification,
  Radio,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  type ChoiceOption,
} from '../html/components.js';
import type { MessageKey } from '../i18n/i18n.js';
import { cellName, type FieldSpec, type Row, type RowsSpec } from './fields.js';
import {
  BASE_FIELD,
  CONFLICTS_FIELD,
  VERSION_FIELD,
  keepField,
  type FieldConflict,
  type Fields,
  type FormDefinition,
  type FormState,
} from './define-form.js';

/** The names of a form's fields of one kind: a misspelt or mismatched name does not compile. */
type NamesOf<F extends Fields, K extends FieldSpec['kind']> = {
  [N in keyof F]: F[N] extends { kind: K } ? N : never;
}[keyof F] &
  string;

/** A choice in a picker, optionally in a group ("1. Migration, asylum and borders"). */
export interface PickerOption extends ChoiceOption {
  group?: string;
}

export interface BindOptions<F extends Fields> {
  /** Choices known only when the page renders (agencies, priority lines, linked records). */
  choices?: Partial<Record<keyof F & string, readonly PickerOption[]>>;
}

export interface BoundForm<F extends Fields> {
  /** The form element: CSRF token, version, merge fields, the error summary and the merge view. */
  Form(props: { action: string; multipart?: boolean; children?: Child }): Html;
  /** A titled group of fields: long forms read as sections. */
  Section(props: { title: MessageKey; hint?: MessageKey; children?: Child }): Html;
  /** A password input is never given its value back: a secret is not written into a page. */
  Text(props: {
    name: NamesOf<F, 'text'>;
    type?: 'text' | 'email' | 'url' | 'number' | 'password';
    autocomplete?: string;
  }): Html;
  TextArea(props: { name: NamesOf<F, 'text'>; rows?: number }): Html;
  Date(props: { name: NamesOf<F, 'date'> }): Html;
  Select(props: { name: NamesOf<F, 'choice'>; placeholder?: MessageKey }): Html;
  Radios(props: { name: NamesOf<F, 'choice'> }): Html;
  Checkbox(props: { name: NamesOf<F, 'flag'> }): Html;
  Checkboxes(props: { name: NamesOf<F, 'many'>; columns?: 'narrow' | 'wide' }): Html;
  /**
   * A long list to choose from, several (checkboxes) or one (radios): searchable with scripts, a
   * grouped list without.
   */
  Picker(props: { name: NamesOf<F, 'many'> | NamesOf<F, 'choice'> }): Html;
  Rows(props: { name: NamesOf<F, 'rows'>; extra?: number }): Html;
  File(props: { name: string; label: MessageKey; hint?: string; required?: boolean }): Html;
}

const PICKER_SCRIPT = '/assets/form-picker.js';

/** A form's declaration bound to a page and a state: components that find everything by name. */
export function bindForm<F extends Fields>(
  form: FormDefinition<F>,
  ctx: PageContext,
  state: FormState<F>,
  options: BindOptions<F> = {},
): BoundForm<F> {
  const { t } = ctx;
  const errors = state.errors;
  const spec = (name: string) => form.fields[name] as FieldSpec;
  const label = (name: string) => t(spec(name).label);
  const hint = (name: string) => {
    const { hint: key, hintParams } = spec(name);
    return key ? t(key, hintParams) : undefined;
  };
  const text = (name: string) => {
    const value: unknown = state.values[name];
    return typeof value === 'string' ? value : '';
  };
  const choicesOf = (name: string): readonly PickerOption[] => {
    const given = options.choices?.[name];
    if (given) return given;
    const fieldSpec = spec(name);
    return fieldSpec.kind === 'choice' && fieldSpec.options
      ? fieldSpec.options.map((o) => ({ value: o.value, label: t(o.label) }))
      : [];
  };

  /** A field's value in words, for the merge view. */
  function shown(name: string, value: unknown): string {
    const fieldSpec = spec(name);
    const labelOf = (v: string) => choicesOf(name).find((o) => o.value === v)?.label ?? v;
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (fieldSpec.kind === 'rows' && Array.isArray(value)) {
      const rowList = value as Row[];
      return rowList
        .map((row) =>
          Object.values(row)
            .filter((c) => c !== '')
            .join(', '),
        )
        .join('; ');
    }
    if (Array.isArray(value)) return (value as string[]).map(labelOf).join('; ');
    if (typeof value === 'string') return fieldSpec.kind === 'choice' ? labelOf(value) : value;
    return '';
  }

  function MergeView({ conflicts }: { conflicts: readonly FieldConflict[] }): Html {
    const words = (name: string, value: unknown) => {
      const result = shown(name, value);
      return result.trim() === '' ? <em>{t('form.conflict.empty')}</em> : result;
    };
    // One block per field rather than a table: on a phone a table's columns would stack under
    // their header names, so the field's name would read as a column header, not as a heading.
    return (
      <Notification variant="warning" title={t('form.conflict.title')}>
        <p>{t('form.conflict.text')}</p>
        <section class="jh-merge" aria-label={t('form.conflict.caption')}>
          {conflicts.map((conflict) => (
            <div class={`jh-merge__field${conflict.choose ? ' jh-merge__conflict' : ''}`}>
              <h2 class="jh-merge__label">{label(conflict.name)}</h2>
              <dl class="jh-merge__values">
                <div>
                  <dt>{t('form.conflict.theirs')}</dt>
                  <dd>{words(conflict.name, conflict.theirs)}</dd>
                </div>
                <div>
                  <dt>{t('form.conflict.mine')}</dt>
                  <dd>
                    {conflict.choose
                      ? words(conflict.name, conflict.mine)
                      : t('form.conflict.unchanged')}
                  </dd>
                </div>
              </dl>
              {conflict.choose ? (
                <RadioGroup
                  name={keepField(conflict.name)}
                  label={t('form.conflict.keepFor', { label: label(conflict.name) })}
                  value={state.kept?.[conflict.name] ?? ''}
                  errors={errors}
                  options={[
                    { value: 'theirs', label: t('form.conflict.keepTheirs') },
                    { value: 'mine', label: t('form.conflict.keepMine') },
                  ]}
                />
              ) : (
                <p class="jh-merge__kept">{t('form.conflict.kept')}</p>
              )}
            </div>
          ))}
        </section>
      </Notification>
    );
  }

  const pending = (state.conflicts ?? []).filter((c) => c.choose).map((c) => c.name);

  return {
    Form({ action, multipart, children }) {
      return (
        <form
          method="post"
          action={action}
          class="jh-form"
          novalidate
          enctype={multipart ? 'multipart/form-data' : undefined}
        >
          <CsrfField ctx={ctx} />
          {state.version !== undefined ? (
            <input type="hidden" name={VERSION_FIELD} value={String(state.version)} />
          ) : null}
          {state.base ? (
            <input type="hidden" name={BASE_FIELD} value={JSON.stringify(state.base)} />
          ) : null}
          {pending.length > 0 ? (
            <input type="hidden" name={CONFLICTS_FIELD} value={pending.join(',')} />
          ) : null}
          <FormErrors ctx={ctx} errors={errors} />
          {state.conflicts && state.conflicts.length > 0 ? (
            <MergeView conflicts={state.conflicts} />
          ) : null}
          {children}
        </form>
      );
    },
    Section({ title, hint: sectionHint, children }) {
      return (
        <fieldset class="ecl-u-mb-xl jh-fieldset jh-form-section">
          <legend class="ecl-u-type-heading-3">{t(title)}</legend>
          {sectionHint ? <p class="ecl-help-block">{t(sectionHint)}</p> : null}
          {children}
        </fieldset>
      );
    },
    Text({ name, type, autocomplete }) {
      const fieldSpec = spec(name);
      return (
        <TextField
          name={name}
          type={type}
          label={label(name)}
          hint={hint(name)}
          value={type === 'password' ? undefined : text(name)}
          errors={errors}
          required={fieldSpec.required}
          maxlength={fieldSpec.kind === 'text' ? fieldSpec.max : undefined}
          autocomplete={autocomplete}
        />
      );
    },
    TextArea({ name, rows: height }) {
      return (
        <TextArea
          name={name}
          label={label(name)}
          hint={hint(name)}
          value={text(name)}
          errors={errors}
          required={spec(name).required}
          rows={height}
        />
      );
    },
    Date({ name }) {
      return (
        <DateField
          ctx={ctx}
          name={name}
          label={label(name)}
          hint={hint(name)}
          value={text(name)}
          errors={errors}
          required={spec(name).required}
        />
      );
    },
    Select({ name, placeholder }) {
      return (
        <SelectField
          name={name}
          label={label(name)}
          hint={hint(name)}
          value={text(name)}
          errors={errors}
          required={spec(name).required}
          options={[
            ...(placeholder ? [{ value: '', label: t(placeholder) }] : []),
            ...choicesOf(name),
          ]}
        />
      );
    },
    Radios({ name }) {
      return (
        <RadioGroup
          name={name}
          label={label(name)}
          hint={hint(name)}
          value={text(name)}
          errors={errors}
          options={choicesOf(name)}
        />
      );
    },
    Checkbox({ name }) {
      const fieldSpec = spec(name);
      return (
        <div class="ecl-form-group ecl-u-mb-l">
          <Checkbox
            name={name}
            value={fieldSpec.kind === 'flag' ? fieldSpec.on : 'on'}
            label={label(name)}
            checked={state.values[name] === true}
            invalid={errors.some((e) => e.field === name)}
            single
          />
        </div>
      );
    },
    Checkboxes({ name, columns }) {
      return (
        <CheckboxGroup
          name={name}
          label={label(name)}
          hint={hint(name)}
          values={state.values[name] as string[]}
          errors={errors}
          options={choicesOf(name)}
          columns={columns}
        />
      );
    },
    Picker({ name }) {
      const choices = choicesOf(name);
      const value = state.values[name];
      const single = spec(name).kind === 'choice';
      const chosen = Array.isArray(value) ? (value as string[]) : value ? [value as string] : [];
      const groups = [...new Set(choices.map((c) => c.group ?? ''))];
      const error = errors.find((e) => e.field === name)?.message;
      let index = 0;
      const box = (option: PickerOption) => {
        const id = `field-${name}-${String(index)}`;
        index += 1;
        return single ? (
          <Radio
            id={id}
            name={name}
            value={option.value}
            label={option.label}
            checked={chosen.includes(option.value)}
            invalid={error !== undefined}
          />
        ) : (
          <Checkbox
            id={id}
            name={name}
            value={option.value}
            label={option.label}
            checked={chosen.includes(option.value)}
            invalid={error !== undefined}
            summaryName={option.short}
          />
        );
      };
      const describedBy = [hint(name) ? `hint-${name}` : '', error ? `error-${name}` : '']
        .filter((id) => id !== '')
        .join(' ');
      return (
        <fieldset
          class={`ecl-form-group ecl-u-mb-l jh-picker${error ? ' ecl-form-group--invalid' : ''}`}
          id={`field-${name}`}
          aria-describedby={describedBy || undefined}
          data-picker
        >
          <legend class="ecl-form-label">{label(name)}</legend>
          {hint(name) ? (
            <div class="ecl-help-block" id={`hint-${name}`}>
              {hint(name)}
            </div>
          ) : null}
          {error ? (
            <div class="ecl-feedback-message" id={`error-${name}`}>
              {error}
            </div>
          ) : null}
          <div class="jh-picker__search" hidden data-picker-search>
            <label class="ecl-form-label" for={`search-${name}`}>
              {t('form.picker.search', { label: label(name) })}
            </label>
            <input
              type="search"
              id={`search-${name}`}
              class="ecl-text-input ecl-text-input--l"
              autocomplete="off"
            />
            <p class="ecl-help-block" aria-live="polite" data-picker-count>
              {t('form.picker.chosen', { count: chosen.length })}
            </p>
          </div>
          <div class="jh-picker__list">
            {groups.map((group) =>
              group === '' ? (
                choices.filter((c) => (c.group ?? '') === '').map(box)
              ) : (
                <div class="jh-picker__group" data-picker-group>
                  <p class="ecl-u-type-paragraph ecl-u-type-bold ecl-u-mt-s ecl-u-mb-xs">{group}</p>
                  {choices.filter((c) => c.group === group).map(box)}
                </div>
              ),
            )}
          </div>
          <script type="module" src={PICKER_SCRIPT}></script>
        </fieldset>
      );
    },
    Rows({ name, extra = 2 }) {
      const fieldSpec = spec(name) as RowsSpec;
      const filled = state.values[name] as Row[];
      const columns = Object.entries(fieldSpec.columns);
      const emptyRow: Row = Object.fromEntries(columns.map(([column]) => [column, '']));
      // Empty rows after the filled ones: without scripts, that is how a row is added.
      const shownRows = [...filled, ...Array.from({ length: extra }, () => emptyRow)].slice(
        0,
        fieldSpec.max,
      );
      return (
        <fieldset class="ecl-u-mb-l jh-fieldset">
          <legend class="ecl-u-type-heading-4">{label(name)}</legend>
          {hint(name) ? <p class="ecl-help-block">{hint(name)}</p> : null}
          {shownRows.map((row, index) => (
            <div class="jh-row-fields">
              {columns.map(([column, cell], position) => (
                <TextField
                  name={cellName(fieldSpec, column, index)}
                  type={cell.type}
                  label={position === 0 ? t(cell.label, { n: index + 1 }) : t(cell.label)}
                  value={row[column] ?? ''}
                  errors={errors}
                />
              ))}
            </div>
          ))}
        </fieldset>
      );
    },
    File({ name, label: fileLabel, hint: fileHint, required }) {
      return (
        <FileField
          ctx={ctx}
          name={name}
          label={t(fileLabel)}
          hint={fileHint}
          errors={errors}
          required={required}
        />
      );
    },
  };
}
