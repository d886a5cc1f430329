import { Button, CsrfField, TextField } from '../../../app/html/components.js';
import { bindForm, type BindOptions } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { FieldError } from '../../../app/errors.js';
import { euciCeilingNames, tlps } from '../../../db/schema.js';
import { type DocumentDetail } from '../documents.model.js';
import { classificationLevel, tlpLabel } from '../markings.js';
import { markingForm, scheduleForm } from '../forms/marking.form.js';
import {
  classificationText,
  DocumentFileField,
  MarkingFields,
  type FormChoices,
  type FormValues,
} from '../documents.forms.js';

/** Forms that change a stored document: its markings, a scheduled change, a new version. */

type MarkingFieldsSpec = typeof markingForm.fields;

/** The buttons ending a marking change. */
function Submit({
  ctx,
  submit,
  back,
}: {
  ctx: PageContext;
  submit: MessageKey;
  back: string;
}): Html {
  return (
    <div class="jh-actions">
      <Button>{ctx.t(submit)}</Button>
      <a class="ecl-link ecl-link--standalone" href={back}>
        {ctx.t('common.cancel')}
      </a>
    </div>
  );
}

/** The words of the marking choices, for the merge view after a stale save. */
function markingChoices(ctx: PageContext, choices: FormChoices): BindOptions<MarkingFieldsSpec> {
  const { t } = ctx;
  return {
    choices: {
      classification: euciCeilingNames.map((name) => ({
        value: name,
        label: classificationText(ctx, name),
      })),
      tlp: [
        { value: '', label: t('documents.form.tlp.none') },
        ...tlps.map((tlp) => ({ value: tlp, label: tlpLabel(tlp) })),
      ],
      releasability: (['network', 'named', 'originator'] as const).map((r) => ({
        value: r,
        label: t(`documents.form.releasability.${r}`),
      })),
      releasedTo: choices.organisations,
    },
  };
}

export function MarkingForm({
  ctx,
  document,
  state,
  choices,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  state: FormState<MarkingFieldsSpec>;
  choices: FormChoices;
}): Html {
  const { t } = ctx;
  const href = `/documents/${document.id}`;
  const f = bindForm(markingForm, ctx, state, markingChoices(ctx, choices));
  const { values } = state;
  // The marking fields are shared with the registration form, which reads them as typed.
  const typed: FormValues = {
    ...values,
    limite: values.limite ? 'on' : '',
    sensitive: values.sensitive ? 'on' : '',
  };
  return (
    <div>
      <p class="ecl-u-type-paragraph">{t('documents.marking.intro')}</p>
      <p class="ecl-u-type-paragraph">
        {t('documents.marking.current', { line: document.marking.line })}
      </p>
      <f.Form action={`${href}/marking`}>
        <MarkingFields ctx={ctx} values={typed} errors={state.errors} choices={choices} />
        <f.TextArea name="reason" />
        <Submit ctx={ctx} submit="documents.marking.submit" back={href} />
      </f.Form>
    </div>
  );
}

export function ScheduleForm({
  ctx,
  document,
  state,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  state: FormState<typeof scheduleForm.fields>;
}): Html {
  const { t } = ctx;
  const href = `/documents/${document.id}`;
  const current = classificationLevel(document.marking.classification);
  const lower = euciCeilingNames.filter((name) => classificationLevel(name) < current);
  const f = bindForm(scheduleForm, ctx, state, {
    choices: {
      classification: lower.map((name) => ({ value: name, label: classificationText(ctx, name) })),
    },
  });
  return (
    <div>
      <p class="ecl-u-type-paragraph">{t('documents.schedule.intro')}</p>
      <p class="ecl-u-type-paragraph">
        {t('documents.marking.current', { line: document.marking.line })}
      </p>
      <f.Form action={`${href}/schedule`}>
        <f.Date name="on" />
        <f.Select name="classification" />
        <f.TextArea name="reason" />
        <Submit ctx={ctx} submit="documents.schedule.submit" back={href} />
      </f.Form>
    </div>
  );
}

/** The upload of a new version, on the document's page. */
export function VersionForm({
  ctx,
  document,
  errors,
  maxFileBytes,
  note,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  errors: readonly FieldError[];
  maxFileBytes: number;
  note: string;
}): Html {
  return (
    <form
      method="post"
      action={`/documents/${document.id}/versions`}
      enctype="multipart/form-data"
      class="ecl-u-mt-l"
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(document.version)} />
      <DocumentFileField ctx={ctx} maxFileBytes={maxFileBytes} errors={errors} required />
      <TextField
        name="note"
        label={ctx.t('documents.form.note')}
        value={note}
        maxlength={500}
        errors={errors}
      />
      <Button variant="secondary">{ctx.t('documents.versions.submit')}</Button>
    </form>
  );
}
