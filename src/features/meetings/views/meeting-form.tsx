import { h, type Html } from '../../../app/html/jsx.js';
import { Button } from '../../../app/html/components.js';
import { ChoiceSummary, tickedNames } from '../../../app/html/choice-summary.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { FieldError } from '../../../app/errors.js';
import { bindForm, type BoundForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import type { OrganisationView } from '../../network/network.service.js';
import { meetingForm, newMeetingForm } from '../forms/meeting.form.js';
import { timeZoneGroups } from './time-zones.js';

/**
 * Every IANA zone, grouped by region with Europe first: without scripts a select lets a person
 * type the first letters of a place to reach it.
 */
function TimeZoneField({
  ctx,
  value,
  errors,
}: {
  ctx: PageContext;
  value: string;
  errors: readonly FieldError[];
}): Html {
  const { t } = ctx;
  const error = errors.find((e) => e.field === 'timeZone')?.message;
  return (
    <div class={`ecl-form-group ecl-u-mb-l${error ? ' ecl-form-group--invalid' : ''}`}>
      <label class="ecl-form-label" for="field-timeZone">
        {t('meetings.field.timeZone')}
      </label>
      <div class="ecl-help-block" id="hint-timeZone">
        {t('meetings.field.timeZonePick')}
      </div>
      {error ? (
        <div class="ecl-feedback-message" id="error-timeZone">
          {error}
        </div>
      ) : null}
      <div class="ecl-select__container ecl-select__container--l">
        <select
          id="field-timeZone"
          name="timeZone"
          class={`ecl-select${error ? ' ecl-select--invalid' : ''}`}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'hint-timeZone error-timeZone' : 'hint-timeZone'}
        >
          {timeZoneGroups(value).map((group) => (
            <optgroup label={group.region}>
              {group.zones.map((zone) => (
                <option value={zone.value} selected={zone.value === value}>
                  {zone.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </div>
  );
}

const organisationChoice = (o: OrganisationView): PickerOption => ({
  value: o.id,
  label: `${o.acronym}: ${o.name}`,
  short: o.acronym,
  group: o.kind === 'agency' ? undefined : o.kind,
});

/** The parts of a bound form the shared sections use: either form's binding has them. */
type Bound = Pick<
  BoundForm<typeof meetingForm.fields>,
  'Section' | 'Select' | 'Text' | 'TextArea' | 'Date'
>;

/** The form's sections shared by scheduling and changing a meeting. */
function MeetingSections({
  ctx,
  f,
  timeZone,
  errors,
}: {
  ctx: PageContext;
  f: Bound;
  timeZone: string;
  errors: readonly FieldError[];
}): Html {
  return (
    <div>
      <f.Section title="meetings.form.what">
        <f.Select name="kind" />
        <f.Text name="title" />
        <f.TextArea name="description" />
        <f.Select name="hostOrganisationId" placeholder="meetings.field.chooseHost" />
      </f.Section>
      <f.Section title="meetings.form.where">
        <f.Text name="venue" />
        <f.Text name="city" />
        <f.Text name="capacity" type="number" />
      </f.Section>
      <f.Section title="meetings.form.when">
        <TimeZoneField ctx={ctx} value={timeZone} errors={errors} />
        <div class="jh-row-fields">
          <f.Date name="startDate" />
          <f.Text name="startTime" />
        </div>
        <p class="ecl-help-block ecl-u-mb-m" id="hint-end">
          {ctx.t('meetings.field.endHint')}
        </p>
        <div class="jh-row-fields">
          <f.Date name="endDate" />
          <f.Text name="endTime" />
        </div>
      </f.Section>
    </div>
  );
}

/** Scheduling a meeting: its details, then whom it invites, summed up in words before saving. */
export function NewMeetingFormView({
  ctx,
  state,
  hosts,
  organisations,
}: {
  ctx: PageContext;
  state: FormState<typeof newMeetingForm.fields>;
  hosts: readonly OrganisationView[];
  organisations: readonly OrganisationView[];
}): Html {
  const { t } = ctx;
  const invitable = organisations
    .filter((o) => o.id !== state.values.hostOrganisationId)
    .map(organisationChoice)
    .map((o) => (o.group ? { ...o, group: t('meetings.form.bodies') } : o));
  const f = bindForm(newMeetingForm, ctx, state, {
    choices: {
      hostOrganisationId: hosts.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
      invited: invitable,
    },
  });
  return (
    <f.Form action="/meetings">
      <MeetingSections ctx={ctx} f={f} timeZone={state.values.timeZone} errors={state.errors} />
      <f.Section title="meetings.form.invitations">
        <f.Picker name="invited" />
        <ChoiceSummary
          ctx={ctx}
          field="invited"
          names={tickedNames(invitable, state.values.invited)}
          sentences={{
            none: t('meetings.summary.none'),
            one: t('meetings.summary.one'),
            other: t('meetings.summary.other'),
          }}
        />
      </f.Section>
      <div class="jh-actions">
        <Button>{t('common.create')}</Button>
      </div>
    </f.Form>
  );
}

/** Changing a meeting's details; a stale save shows what changed meanwhile, field by field. */
export function MeetingFormView({
  ctx,
  action,
  state,
  hosts,
}: {
  ctx: PageContext;
  action: string;
  state: FormState<typeof meetingForm.fields>;
  hosts: readonly OrganisationView[];
}): Html {
  const f = bindForm(meetingForm, ctx, state, {
    choices: {
      hostOrganisationId: hosts.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
    },
  });
  return (
    <f.Form action={action}>
      <MeetingSections ctx={ctx} f={f} timeZone={state.values.timeZone} errors={state.errors} />
      <div class="jh-actions">
        <Button>{ctx.t('common.save')}</Button>
      </div>
    </f.Form>
  );
}
