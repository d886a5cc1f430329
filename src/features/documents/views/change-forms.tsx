import {
  DateField,
  Button,
  CsrfField,
  FormErrors,
  SelectField,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import { Fragment, h, type Html } from '../../../app/html/jsx.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { FieldError } from '../../../app/errors.js';
import { euciCeilingNames } from '../../../db/schema.js';
import { type DocumentDetail } from '../documents.model.js';
import { classificationLevel } from '../markings.js';
import {
  classificationText,
  DocumentFileField,
  MarkingFields,
  one,
  type FormChoices,
  type FormValues,
} from '../documents.forms.js';

/** Forms that change a stored document: its markings, a scheduled change, a new version. */

/** The end of a marking change: the reason it is made, which the history keeps, and the buttons. */
function ReasonAndSubmit({
  ctx,
  reason,
  errors,
  label,
  hint,
  submit,
  back,
}: {
  ctx: PageContext;
  reason: string;
  errors: readonly FieldError[];
  label: MessageKey;
  hint?: MessageKey;
  submit: MessageKey;
  back: string;
}): Html {
  const { t } = ctx;
  return (
    <>
      <TextArea
        name="reason"
        label={t(label)}
        hint={hint ? t(hint) : undefined}
        value={reason}
        required
        errors={errors}
      />
      <div class="jh-actions">
        <Button>{t(submit)}</Button>
        <a class="ecl-link ecl-link--standalone" href={back}>
          {t('common.cancel')}
        </a>
      </div>
    </>
  );
}

export function MarkingForm({
  ctx,
  document,
  values,
  errors,
  choices,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  values: FormValues;
  errors: readonly FieldError[];
  choices: FormChoices;
}): Html {
  const { t } = ctx;
  const href = `/documents/${document.id}`;
  return (
    <div>
      <p class="ecl-u-type-paragraph">{t('documents.marking.intro')}</p>
      <p class="ecl-u-type-paragraph">
        {t('documents.marking.current', { line: document.marking.line })}
      </p>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action={`${href}/marking`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={one(values, 'version')} />
        <MarkingFields ctx={ctx} values={values} errors={errors} choices={choices} />
        <ReasonAndSubmit
          ctx={ctx}
          reason={one(values, 'reason')}
          errors={errors}
          label="documents.marking.reason"
          hint="documents.marking.reasonHint"
          submit="documents.marking.submit"
          back={href}
        />
      </form>
    </div>
  );
}

export function ScheduleForm({
  ctx,
  document,
  values,
  errors,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  values: FormValues;
  errors: readonly FieldError[];
}): Html {
  const { t } = ctx;
  const href = `/documents/${document.id}`;
  const current = classificationLevel(document.marking.classification);
  const lower = euciCeilingNames.filter((name) => classificationLevel(name) < current);
  const errs = [...errors];
  return (
    <div>
      <p class="ecl-u-type-paragraph">{t('documents.schedule.intro')}</p>
      <p class="ecl-u-type-paragraph">
        {t('documents.marking.current', { line: document.marking.line })}
      </p>
      <FormErrors ctx={ctx} errors={errs} />
      <form method="post" action={`${href}/schedule`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={one(values, 'version')} />
        <DateField
          ctx={ctx}
          name="on"
          label={t('documents.schedule.on')}
          value={one(values, 'on')}
          required
          errors={errs}
        />
        <SelectField
          name="classification"
          label={t('documents.schedule.level')}
          value={one(values, 'classification')}
          options={lower.map((name) => ({ value: name, label: classificationText(ctx, name) }))}
          errors={errs}
        />
        <ReasonAndSubmit
          ctx={ctx}
          reason={one(values, 'reason')}
          errors={errs}
          label="documents.schedule.reason"
          submit="documents.schedule.submit"
          back={href}
        />
      </form>
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

export function ConflictNotice({ ctx, href }: { ctx: PageContext; href: string }): Html {
  return (
    <div class="ecl-notification ecl-notification--warning ecl-u-mb-l" role="alert" id="conflict">
      <div class="ecl-notification__content">
        <div class="ecl-notification__title">{ctx.t('error.conflict.title')}</div>
        <div class="ecl-notification__description">
          <p>{ctx.t('documents.conflict')}</p>
          <p>
            <a class="ecl-link ecl-link--standalone" href={href}>
              {ctx.t('documents.reloadForm')}
            </a>
          </p>
        </div>
      </div>
    </div>
  );
}
