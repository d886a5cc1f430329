import {
  Button,
  Checkbox,
  CheckboxGroup,
  FileField,
  RadioGroup,
  SelectField,
  TextArea,
} from '../../app/html/components.js';
import { ChoiceSummary, tickedNames } from '../../app/html/choice-summary.js';
import { h, type Html } from '../../app/html/jsx.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  bindForm,
  type BindOptions,
  type BoundForm,
  type PickerOption,
} from '../../app/forms/bind.js';
import type { FormState } from '../../app/forms/define-form.js';
import { documentForm, lineCodes } from './forms/document.form.js';
import type { FieldError } from '../../app/errors.js';
import { isUploadedFile, type UploadForm } from '../../app/form-upload.js';
import { euciCeilingNames, tlps, type ClassificationName, type Tlp } from '../../db/schema.js';
import {
  documentLanguages,
  type DocumentDetail,
  type DocumentInput,
  type DocumentLanguage,
  type DocumentType,
  type LinksInput,
  type MarkingInput,
} from './documents.model.js';
import { acceptedTypesSentence } from './file-content.js';
import { classificationLabel, classificationLevel, tlpLabel } from './markings.js';

/** A form's text fields by name; a list where the name repeats (checkboxes, multiple selects). */
export type FormValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export function one(values: FormValues, name: string): string {
  const value = values[name];
  if (typeof value === 'string') return value;
  return value?.[0] ?? '';
}

export function many(values: FormValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** The text fields of a multipart form, without its files. */
export function textFields(form: UploadForm | undefined): FormValues {
  return Object.fromEntries(
    Object.entries(form ?? {}).filter(([, value]) => !isUploadedFile(value)) as [
      string,
      string | string[],
    ][],
  );
}

/** The service names fields as the API does ("marking.tlp"); the forms by their last part. */
export function formErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: e.field.replace(/^(marking|links)\./, '') }));
}

type DocumentFields = typeof documentForm.fields;

export function megabytesOf(bytes: number): number {
  return Math.floor(bytes / 1024 / 1024);
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function languageName(locale: string, code: string): string {
  return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code.toUpperCase();
}

export function classificationText(ctx: PageContext, name: ClassificationName): string {
  return name === 'none'
    ? ctx.t('documents.form.classification.none')
    : classificationLabel(classificationLevel(name));
}

// ---- reading the forms ------------------------------------------------------------------------

function checked(values: FormValues, name: string): boolean {
  return one(values, name) !== '';
}

export function markingInputOf(values: FormValues, recipients: readonly string[]): MarkingInput {
  const tlp = one(values, 'tlp');
  return {
    classification: one(values, 'classification') as ClassificationName,
    limite: checked(values, 'limite'),
    sensitive: checked(values, 'sensitive'),
    tlp: tlp === '' ? null : (tlp as Tlp),
    releasability: one(values, 'releasability') as MarkingInput['releasability'],
    releasedTo: many(values, 'releasedTo'),
    recipients,
  };
}

/** E-mail addresses, one a line (or separated by commas), as typed. */
export function recipientAddresses(values: FormValues): string[] {
  return one(values, 'recipients')
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

export function linksOf(values: FormValues, agendaItems: readonly string[] = []): LinksInput {
  return {
    meetings: many(values, 'meetings').filter((id) => id !== ''),
    agendaItems,
    activities: many(values, 'activities').filter((id) => id !== ''),
    priorityLines: lineCodes(many(values, 'priorityLines')),
  };
}

export function documentInputOf(values: FormValues, recipients: readonly string[]): DocumentInput {
  const registeredOn = one(values, 'registeredOn').trim();
  const holder = one(values, 'holderOrganisationId');
  return {
    title: one(values, 'title'),
    description: one(values, 'description'),
    documentType: one(values, 'documentType') as DocumentType,
    language: one(values, 'language') as DocumentLanguage,
    originatorReference: one(values, 'originatorReference'),
    registeredOn: registeredOn === '' ? undefined : registeredOn,
    links: linksOf(values),
    marking: markingInputOf(values, recipients),
    holderOrganisationId: holder === '' ? null : holder,
    pointOfContact: one(values, 'pointOfContact'),
  };
}

// ---- pieces of forms ---------------------------------------------------------------------------

export interface Choice {
  value: string;
  label: string;
}

/** What the document forms offer to choose from. */
export interface FormChoices {
  organisations: readonly Choice[];
  meetings: readonly Choice[];
  activities: readonly Choice[];
  /** The agreed lines of the year, grouped by their section. */
  priorityLines: readonly PickerOption[];
}

/** The file input, with the accepted types and the size limit as its hint. */
export function DocumentFileField({
  ctx,
  maxFileBytes,
  errors,
  required = false,
}: {
  ctx: PageContext;
  maxFileBytes: number;
  errors: readonly FieldError[];
  required?: boolean;
}): Html {
  const hintKey = required ? 'documents.form.versionFileHint' : 'documents.form.fileHint';
  return (
    <FileField
      ctx={ctx}
      name="file"
      label={ctx.t('documents.form.file')}
      hint={ctx.t(hintKey, {
        accepted: acceptedTypesSentence,
        megabytes: megabytesOf(maxFileBytes),
      })}
      required={required}
      errors={errors}
    />
  );
}

function classificationOptions(ctx: PageContext): Choice[] {
  return euciCeilingNames.map((name) => ({ value: name, label: classificationText(ctx, name) }));
}

/** The markings of a document: in the registration form and the marking form. */
export function MarkingFields({
  ctx,
  values,
  errors,
  choices,
}: {
  ctx: PageContext;
  values: FormValues;
  errors: readonly FieldError[];
  choices: FormChoices;
}): Html {
  const { t } = ctx;
  const releasability = one(values, 'releasability');
  const releasedTo = many(values, 'releasedTo');
  return (
    <fieldset class="ecl-u-mb-xl jh-fieldset jh-form-section">
      <legend class="ecl-u-type-heading-3">{t('documents.form.marking')}</legend>
      <SelectField
        name="classification"
        label={t('documents.form.classification')}
        hint={t('documents.form.classificationHint')}
        value={one(values, 'classification') || 'none'}
        options={classificationOptions(ctx)}
        errors={errors}
      />
      <fieldset class="ecl-form-group ecl-u-mb-l" id="field-handling">
        <legend class="ecl-form-label">{t('documents.form.handling')}</legend>
        <Checkbox
          name="limite"
          label={t('documents.form.limite')}
          checked={checked(values, 'limite')}
        />
        <Checkbox
          name="sensitive"
          label={t('documents.form.sensitive')}
          checked={checked(values, 'sensitive')}
        />
      </fieldset>
      <SelectField
        name="tlp"
        label={t('documents.form.tlp')}
        value={one(values, 'tlp')}
        options={[
          { value: '', label: t('documents.form.tlp.none') },
          ...tlps.map((tlp) => ({ value: tlp, label: tlpLabel(tlp) })),
        ]}
        errors={errors}
      />
      <RadioGroup
        name="releasability"
        label={t('documents.form.releasability')}
        value={releasability}
        options={(['network', 'named', 'originator'] as const).map((r) => ({
          value: r,
          label: t(`documents.form.releasability.${r}`),
        }))}
        errors={errors}
      />
      <CheckboxGroup
        name="releasedTo"
        label={t('documents.form.releasedTo')}
        hint={t('documents.form.releasedToHint')}
        options={choices.organisations}
        values={releasedTo}
        errors={errors}
        columns="narrow"
      />
      <ChoiceSummary
        ctx={ctx}
        field="releasedTo"
        names={tickedNames(choices.organisations, releasedTo)}
        sentences={{
          none: t('documents.summary.none'),
          one: t('documents.summary.one'),
          other: t('documents.summary.other'),
        }}
        switch={{
          field: 'releasability',
          value: releasability,
          listWhen: 'named',
          unchosen: t('documents.summary.unchosen'),
          otherwise: {
            network: t('documents.summary.network'),
            originator: t('documents.summary.originator'),
          },
        }}
      />
      <TextArea
        name="recipients"
        label={t('documents.form.recipients')}
        hint={t('documents.form.recipientsHint')}
        value={one(values, 'recipients')}
        rows={3}
        errors={errors}
      />
    </fieldset>
  );
}

/** The choices of the document form known only when it renders. */
function documentChoices(ctx: PageContext, choices: FormChoices): BindOptions<DocumentFields> {
  return {
    choices: {
      language: documentLanguages
        .map((code) => ({ value: code, label: languageName(ctx.locale, code) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      meetings: choices.meetings,
      activities: choices.activities,
      priorityLines: choices.priorityLines,
      holderOrganisationId: [
        { value: '', label: ctx.t('documents.form.holderDefault') },
        ...choices.organisations,
      ],
    },
  };
}

/** The sections the registration and edit forms share: details, links, and the reference. */
function DocumentSections({
  f,
  reference,
}: {
  f: BoundForm<DocumentFields>;
  reference: boolean;
}): Html {
  return (
    <div>
      <f.Section title="documents.form.details">
        <f.Text name="title" />
        <f.TextArea name="description" />
        <f.Select name="documentType" />
        <f.Text name="originatorReference" />
        <f.Date name="registeredOn" />
      </f.Section>
      <f.Section title="documents.form.links">
        <f.Picker name="meetings" />
        <f.Picker name="activities" />
        <f.Picker name="priorityLines" />
      </f.Section>
      {reference ? (
        <f.Section title="documents.form.reference" hint="documents.form.referenceHint">
          <f.Select name="holderOrganisationId" />
          <f.Text name="pointOfContact" />
        </f.Section>
      ) : null}
    </div>
  );
}

/**
 * The registration form: the file first, since the title and the language are taken from it
 * when left empty; then what the document is, its markings and its links.
 */
export function RegisterForm({
  ctx,
  state,
  markingValues,
  choices,
  maxFileBytes,
}: {
  ctx: PageContext;
  state: FormState<DocumentFields>;
  markingValues: FormValues;
  choices: FormChoices;
  maxFileBytes: number;
}): Html {
  const options = documentChoices(ctx, choices);
  const languages = options.choices?.language ?? [];
  const f = bindForm(documentForm, ctx, state, {
    choices: {
      ...options.choices,
      language: [{ value: '', label: ctx.t('documents.form.languageFromFile') }, ...languages],
    },
  });
  return (
    <f.Form action="/documents" multipart>
      <f.Section title="documents.form.fileSection">
        <DocumentFileField ctx={ctx} maxFileBytes={maxFileBytes} errors={state.errors} />
        <f.Select name="language" />
      </f.Section>
      <DocumentSections f={f} reference />
      <MarkingFields ctx={ctx} values={markingValues} errors={state.errors} choices={choices} />
      <div class="jh-actions">
        <Button>{ctx.t('documents.form.submit')}</Button>
        <a class="ecl-link ecl-link--standalone" href="/documents">
          {ctx.t('common.cancel')}
        </a>
      </div>
    </f.Form>
  );
}

export function EditForm({
  ctx,
  document,
  state,
  choices,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  state: FormState<DocumentFields>;
  choices: FormChoices;
}): Html {
  const href = `/documents/${document.id}`;
  const f = bindForm(documentForm, ctx, state, documentChoices(ctx, choices));
  return (
    <f.Form action={`${href}/edit`}>
      <DocumentSections f={f} reference={document.isReference} />
      <f.Select name="language" />
      <div class="jh-actions">
        <Button>{ctx.t('common.save')}</Button>
        <a class="ecl-link ecl-link--standalone" href={href}>
          {ctx.t('common.cancel')}
        </a>
      </div>
    </f.Form>
  );
}
