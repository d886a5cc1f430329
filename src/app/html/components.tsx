import { h, type Child, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import type { FieldError } from '../errors.js';
import { dayFirstText } from '../dates.js';
import { DATE_FIELDS } from '../plugins/date-fields.js';

// Tables, paging and description lists have their own file; pages may import them from either.
export { DescriptionList, Pagination, Table, type Column, type SortState } from './table.js';

export function Notification({
  variant,
  title,
  children,
}: {
  variant: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: Child;
}): Html {
  return (
    <div
      class={`ecl-notification ecl-notification--${variant} ecl-u-mb-l`}
      role={variant === 'error' ? 'alert' : 'status'}
    >
      <div class="ecl-notification__content">
        {title ? <div class="ecl-notification__title">{title}</div> : null}
        <div class="ecl-notification__description">{children}</div>
      </div>
    </div>
  );
}

export function FormErrors({
  ctx,
  errors,
}: {
  ctx: PageContext;
  errors: readonly FieldError[];
}): Html | null {
  if (errors.length === 0) return null;
  return (
    <Notification variant="error" title={ctx.t('common.formErrors')}>
      <ul>
        {errors.map((e) => (
          <li>
            <a class="ecl-link" href={`#field-${e.field}`}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </Notification>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }): Html {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

interface FieldProps {
  name: string;
  label: string;
  errors?: readonly FieldError[] | undefined;
  hint?: string;
  required?: boolean;
}

function fieldError(errors: readonly FieldError[] | undefined, name: string): string | undefined {
  return errors?.find((e) => e.field === name)?.message;
}

function FieldWrapper(props: FieldProps & { children?: Child }): Html {
  const error = fieldError(props.errors, props.name);
  return (
    <div class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}>
      <label class="ecl-form-label" for={`field-${props.name}`}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="ecl-help-block" id={`hint-${props.name}`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <div class="ecl-feedback-message" id={`error-${props.name}`}>
          {error}
        </div>
      ) : null}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [
    props.hint ? `hint-${props.name}` : '',
    fieldError(props.errors, props.name) ? `error-${props.name}` : '',
  ].filter((id) => id !== '');
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    value?: string | number | null;
    type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'time' | 'search';
    autocomplete?: string;
    maxlength?: number;
  },
): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  return (
    <FieldWrapper {...props}>
      <input
        type={props.type ?? 'text'}
        id={`field-${props.name}`}
        name={props.name}
        class={`ecl-text-input ecl-text-input--l${invalid ? ' ecl-text-input--invalid' : ''}`}
        value={props.value ?? undefined}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldWrapper>
  );
}

/**
 * A date, as ECL's datepicker: a text input written day first (DD-MM-YYYY) whatever the browser's
 * language, with a calendar when scripts run. The form names it in DATE_FIELDS, so the server
 * reads it back as YYYY-MM-DD (plugins/date-fields.ts); `value` is YYYY-MM-DD or what was typed.
 */
export function DateField(props: FieldProps & { value?: string | null; ctx: PageContext }): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  const hint = [props.hint, props.ctx.t('common.dateHint')].filter(Boolean).join(' ');
  return (
    <FieldWrapper {...props} hint={hint}>
      <input type="hidden" name={DATE_FIELDS} value={props.name} />
      <div class="ecl-datepicker">
        <input
          type="text"
          id={`field-${props.name}`}
          name={props.name}
          class={`ecl-datepicker__field ecl-text-input${invalid ? ' ecl-text-input--invalid' : ''}`}
          value={props.value ? dayFirstText(props.value) : undefined}
          placeholder={props.ctx.t('common.datePlaceholder')}
          required={props.required}
          autocomplete="off"
          inputmode="numeric"
          data-ecl-datepicker-toggle
          data-ecl-auto-init="Datepicker"
          data-month-label={props.ctx.t('common.month')}
          data-year-label={props.ctx.t('common.year')}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy({ ...props, hint })}
        />
        <svg class="ecl-icon ecl-icon--s ecl-datepicker__icon" focusable="false" aria-hidden="true">
          <use xlink:href={`${ECL_ICONS}#calendar`}></use>
        </svg>
      </div>
    </FieldWrapper>
  );
}

export function TextArea(props: FieldProps & { value?: string | null; rows?: number }): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  return (
    <FieldWrapper {...props}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        class={`ecl-text-area ecl-text-area--l${invalid ? ' ecl-text-area--invalid' : ''}`}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldWrapper>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldProps & { value?: string | null; options: SelectOption[] },
): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  return (
    <FieldWrapper {...props}>
      <div class="ecl-select__container ecl-select__container--l">
        <select
          id={`field-${props.name}`}
          name={props.name}
          class={`ecl-select${invalid ? ' ecl-select--invalid' : ''}`}
          required={props.required}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy(props)}
        >
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === (props.value ?? '')}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </FieldWrapper>
  );
}

/** The legend, hint and error of a group of choices, around the choices. */
function ChoiceGroup(props: FieldProps & { children?: Child }): Html {
  const error = fieldError(props.errors, props.name);
  return (
    <fieldset
      class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}
      id={`field-${props.name}`}
      aria-describedby={describedBy(props)}
    >
      <legend class="ecl-form-label">{props.label}</legend>
      {props.hint ? (
        <div class="ecl-help-block" id={`hint-${props.name}`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <div class="ecl-feedback-message" id={`error-${props.name}`}>
          {error}
        </div>
      ) : null}
      {props.children}
    </fieldset>
  );
}

/** ECL's icon sprite, served from the installed package like its styles. */
const ECL_ICONS = '/assets/ecl/images/icons/sprites/icons.svg';

/**
 * One checkbox, as ECL 4's checkbox template renders it: the input is hidden from sight and the
 * label's `ecl-checkbox__box` draws the box, with the check icon inside. `id` defaults to the
 * field's.
 */
export function Checkbox(props: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  id?: string;
  required?: boolean;
  invalid?: boolean;
  /** The only checkbox of its group: ECL drops the space below it. */
  single?: boolean;
  describedBy?: string | undefined;
  /** The short name a summary of the ticked boxes uses for this one (see ChoiceSummary). */
  summaryName?: string;
}): Html {
  const id = props.id ?? `field-${props.name}`;
  const classes = [
    'ecl-checkbox',
    props.invalid ? 'ecl-checkbox--invalid' : '',
    props.single ? 'ecl-checkbox--single' : '',
  ].filter((c) => c !== '');
  return (
    <div class={classes.join(' ')} data-summary-name={props.summaryName}>
      <input
        name={props.name}
        class="ecl-checkbox__input"
        type="checkbox"
        value={props.value ?? 'on'}
        id={id}
        checked={props.checked}
        required={props.required}
        aria-describedby={props.describedBy}
      />
      <label for={id} class="ecl-checkbox__label">
        <span class={`ecl-checkbox__box${props.invalid ? ' ecl-checkbox__box--invalid' : ''}`}>
          <svg
            class="ecl-icon ecl-icon--xs ecl-checkbox__icon"
            focusable="false"
            aria-hidden="true"
          >
            <use xlink:href={`${ECL_ICONS}#check`}></use>
          </svg>
        </span>
        <span class="ecl-checkbox__text">{props.label}</span>
      </label>
    </div>
  );
}

/** A choice among several; `short` names it in a summary of what is ticked. */
export interface ChoiceOption extends SelectOption {
  short?: string;
}

/** A set of checkboxes sharing one name: the form sends every ticked value. */
export function CheckboxGroup(
  props: FieldProps & {
    values: readonly string[];
    options: readonly ChoiceOption[];
    /** Long lists flow into columns, narrow ones for short labels such as acronyms. */
    columns?: 'narrow' | 'wide';
  },
): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  const boxes = props.options.map((option, index) => (
    <Checkbox
      id={`field-${props.name}-${String(index)}`}
      name={props.name}
      value={option.value}
      label={option.label}
      checked={props.values.includes(option.value)}
      invalid={invalid}
      single={props.options.length === 1}
      summaryName={option.short}
    />
  ));
  return (
    <ChoiceGroup {...props}>
      {props.columns ? (
        <div class={`jh-checkbox-columns jh-checkbox-columns--${props.columns}`}>{boxes}</div>
      ) : (
        boxes
      )}
    </ChoiceGroup>
  );
}

/** One radio button, as ECL 4's radio template renders it: the label's box draws the circle. */
export function Radio(props: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked: boolean;
  invalid?: boolean;
}): Html {
  return (
    <div class="ecl-radio">
      <input
        id={props.id}
        name={props.name}
        class="ecl-radio__input"
        type="radio"
        value={props.value}
        checked={props.checked}
      />
      <label class="ecl-radio__label" for={props.id}>
        <span class={`ecl-radio__box${props.invalid ? ' ecl-radio__box--invalid' : ''}`}>
          <span class="ecl-radio__box-inner"></span>
        </span>
        <span class="ecl-radio__text">{props.label}</span>
      </label>
    </div>
  );
}

/** Radio buttons sharing one name, the label their question, as ECL 4's radio template. */
export function RadioGroup(
  props: FieldProps & { value: string; options: readonly SelectOption[] },
): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  return (
    <ChoiceGroup {...props}>
      {props.options.map((option, index) => (
        <Radio
          id={`field-${props.name}-${String(index)}`}
          name={props.name}
          value={option.value}
          label={option.label}
          checked={option.value === props.value}
          invalid={invalid}
        />
      ))}
    </ChoiceGroup>
  );
}

/** A list to pick several from; the form sends every selected value. */
export function MultiSelectField(
  props: FieldProps & { values: readonly string[]; options: readonly SelectOption[] },
): Html {
  const invalid = fieldError(props.errors, props.name) !== undefined;
  return (
    <FieldWrapper {...props}>
      <select
        id={`field-${props.name}`}
        name={props.name}
        class="ecl-select jh-multi"
        multiple
        size={Math.min(8, Math.max(3, props.options.length))}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={props.values.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldWrapper>
  );
}

/**
 * ECL's file upload: the input hidden from sight behind a button that names the action, and the
 * chosen file's name listed below it by ECL's script. Without scripts the browser's own input shows.
 */
export function FileField(props: FieldProps & { ctx: PageContext; accept?: string }): Html {
  const error = fieldError(props.errors, props.name);
  const id = `field-${props.name}`;
  return (
    <div
      class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}
      data-ecl-file-upload-group
    >
      <label class="ecl-form-label" for={id}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="ecl-help-block" id={`hint-${props.name}`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <div class="ecl-feedback-message" id={`error-${props.name}`}>
          {error}
        </div>
      ) : null}
      <input
        type="file"
        id={id}
        name={props.name}
        class={`ecl-file-upload${error ? ' ecl-file-upload--invalid' : ''}`}
        accept={props.accept}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        data-ecl-file-upload-input
        data-ecl-auto-init="FileUpload"
      />
      <label class="ecl-file-upload__button-container" for={id} aria-hidden="true">
        <span
          class="ecl-file-upload__button ecl-button ecl-button--primary"
          data-ecl-file-upload-button
          data-ecl-file-upload-label-choose={props.ctx.t('common.chooseFile')}
          data-ecl-file-upload-label-replace={props.ctx.t('common.replaceFile')}
        >
          {props.ctx.t('common.chooseFile')}
        </span>
      </label>
      <ul class="ecl-file-upload__list" data-ecl-file-upload-list></ul>
    </div>
  );
}

export function Button({
  children,
  variant = 'primary',
  type = 'submit',
}: {
  children?: Child;
  variant?: 'primary' | 'secondary' | 'ghost';
  type?: 'submit' | 'button';
}): Html {
  return (
    <button type={type} class={`ecl-button ecl-button--${variant}`}>
      {children}
    </button>
  );
}

export function LinkButton({ href, children }: { href: string; children?: Child }): Html {
  return (
    <a class="ecl-link ecl-link--standalone ecl-link--cta jh-link-button" href={href}>
      {children}
    </a>
  );
}

/** Builds a URL from a path and query parameters, dropping the empty ones. */
export function urlWith(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** A record version from a form's hidden field; anything unreadable never matches, so it is stale. */
export function versionOf(value: string | undefined): number {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : -1;
}
