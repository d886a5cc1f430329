import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { FieldError } from '../../../app/errors.js';
import {
  DateField,
  Button,
  CsrfField,
  FormErrors,
  SelectField,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { activityStatuses, assessments } from '../../../db/schema.js';
import type { ActivityView } from '../scorecard.model.js';
import type { FormBody } from '../../../app/forms/body.js';
import { statusLabel } from './labels.js';

export function ProgressForm({
  ctx,
  activity,
  values,
  errors,
}: {
  ctx: PageContext;
  activity: ActivityView;
  values: Record<string, string>;
  errors: FieldError[];
}): Html {
  const { t } = ctx;
  return (
    <form
      method="post"
      action={`/scorecard/activities/${activity.id}/progress`}
      class="jh-form"
      novalidate
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(activity.version)} />
      <FormErrors ctx={ctx} errors={errors} />
      <DateField
        ctx={ctx}
        name="postedOn"
        label={t('scorecard.progress.postedOn')}
        value={values.postedOn}
        errors={errors}
        required
      />
      <TextArea
        name="text"
        label={t('scorecard.progress.text')}
        value={values.text}
        errors={errors}
        rows={4}
        required
      />
      <SelectField
        name="status"
        label={t('scorecard.progress.newStatus')}
        value={values.status ?? ''}
        errors={errors}
        options={[
          {
            value: '',
            label: t('scorecard.progress.unchanged', {
              current: statusLabel(ctx, activity.status),
            }),
          },
          ...activityStatuses.map((s) => ({ value: s, label: statusLabel(ctx, s) })),
        ]}
      />
      <SelectField
        name="assessment"
        label={t('scorecard.progress.newAssessment')}
        value={values.assessment ?? ''}
        errors={errors}
        options={[
          {
            value: '',
            label: t('scorecard.progress.unchanged', {
              current: activity.assessment
                ? t(`scorecard.assessment.${activity.assessment}`)
                : t('scorecard.assessment.none'),
            }),
          },
          ...assessments.map((a) => ({ value: a, label: t(`scorecard.assessment.${a}`) })),
        ]}
      />
      <TextArea
        name="assessmentReason"
        label={t('scorecard.field.assessmentReason')}
        value={values.assessmentReason}
        errors={errors}
        rows={2}
      />
      {activity.indicators.length > 0 ? (
        <fieldset class="ecl-u-mb-l" id="field-indicators">
          <legend class="ecl-u-type-heading-4">{t('scorecard.progress.indicators')}</legend>
          {activity.indicators.map((indicator, index) => (
            <TextField
              name={`indicatorValue${String(index)}`}
              label={t('scorecard.progress.indicatorValue', {
                name: indicator.name,
                current: indicator.value === null ? '–' : formatNumber(ctx.locale, indicator.value),
              })}
              value={values[`indicatorValue${String(index)}`]}
            />
          ))}
        </fieldset>
      ) : null}
      <Button>{t('scorecard.progress.post')}</Button>
    </form>
  );
}

export function singleValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      Array.isArray(value) ? (value[0] ?? '') : value,
    ]),
  );
}
