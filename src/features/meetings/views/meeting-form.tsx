import { Type, type Static } from 'typebox';
import { h, type Html } from '../../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  SelectField,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { FieldError } from '../../../app/errors.js';
import { meetingKinds, type MeetingKind } from '../../../db/schema.js';
import type { OrganisationView } from '../../network/network.service.js';
import type { MeetingDetail, MeetingInput } from '../meetings.service.js';
import { asList, InvitationFields, kindLabel } from './parts.js';
import { timeZoneGroups } from './time-zones.js';

// Form bodies are text; the service holds the real limits. These caps only stop a tampered
// request from carrying megabytes.
const text = (maxLength = 100_000) => Type.Optional(Type.String({ maxLength }));
export const textList = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 64 }),
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
  ]),
);

export const MeetingForm = Type.Object(
  {
    kind: text(),
    title: text(),
    description: text(),
    hostOrganisationId: text(),
    venue: text(),
    city: text(),
    timeZone: text(),
    startDate: text(),
    startTime: text(),
    endDate: text(),
    endTime: text(),
    capacity: text(),
    invited: textList,
    version: text(),
  },
  { additionalProperties: false },
);
export type MeetingFormBody = Static<typeof MeetingForm>;

export interface MeetingValues {
  kind: string;
  title: string;
  description: string;
  hostOrganisationId: string;
  venue: string;
  city: string;
  timeZone: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  capacity: string;
  invited: string[];
  version: string;
}

export function valuesOf(meeting: MeetingDetail): MeetingValues {
  return {
    kind: meeting.kind,
    title: meeting.title,
    description: meeting.description,
    hostOrganisationId: meeting.hostOrganisationId,
    venue: meeting.venue,
    city: meeting.city,
    timeZone: meeting.timeZone,
    startDate: meeting.localStart.slice(0, 10),
    startTime: meeting.localStart.slice(11),
    endDate: meeting.localEnd.slice(0, 10),
    endTime: meeting.localEnd.slice(11),
    capacity: meeting.capacity === null ? '' : String(meeting.capacity),
    invited: meeting.invitations.map((o) => o.id),
    version: String(meeting.version),
  };
}

export function submitted(body: MeetingFormBody): MeetingValues {
  return {
    kind: body.kind ?? '',
    title: body.title ?? '',
    description: body.description ?? '',
    hostOrganisationId: body.hostOrganisationId ?? '',
    venue: body.venue ?? '',
    city: body.city ?? '',
    timeZone: body.timeZone ?? '',
    startDate: body.startDate ?? '',
    startTime: body.startTime ?? '',
    endDate: body.endDate ?? '',
    endTime: body.endTime ?? '',
    capacity: body.capacity ?? '',
    invited: asList(body.invited),
    version: body.version ?? '',
  };
}

/** The service names the combined times start and end; the form has a date and a time each. */
const formFieldOf: Record<string, string> = {
  start: 'startDate',
  end: 'endDate',
  invitedOrganisationIds: 'invited',
};

export function toFormErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: formFieldOf[e.field] ?? e.field }));
}

/**
 * The form's own errors first, then the service's about the other fields: one round shows every
 * mistake, and a field never carries two messages.
 */
export function mergeErrors(form: FieldError[], service: FieldError[]): FieldError[] {
  const taken = new Set(form.map((e) => e.field));
  return [...form, ...toFormErrors(service).filter((e) => !taken.has(e.field))];
}

/** Turns the form into the service's input, with the errors only a form can make. */
export function meetingInput(
  ctx: PageContext,
  values: MeetingValues,
): { input: MeetingInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const time = /^\d{2}:\d{2}$/;
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(values.startDate) || !time.test(values.startTime))
    errors.push({
      field: 'startDate',
      message: ctx.t('meetings.dateInvalid', {
        field: ctx.t('meetings.field.startDate').toLowerCase(),
      }),
    });
  const hasEnd = values.endDate !== '' || values.endTime !== '';
  if (hasEnd && (!date.test(values.endDate) || !time.test(values.endTime)))
    errors.push({
      field: 'endDate',
      message: ctx.t('meetings.dateInvalid', {
        field: ctx.t('meetings.field.endDate').toLowerCase(),
      }),
    });
  const capacity = values.capacity.trim();
  const capacityValid = capacity === '' || /^\d{1,6}$/.test(capacity);
  if (!capacityValid)
    errors.push({ field: 'capacity', message: ctx.t('meetings.capacityInvalid') });
  return {
    input: {
      kind: values.kind as MeetingKind,
      title: values.title,
      description: values.description,
      hostOrganisationId: values.hostOrganisationId,
      venue: values.venue,
      city: values.city,
      timeZone: values.timeZone,
      start: `${values.startDate}T${values.startTime}`,
      end: hasEnd ? `${values.endDate}T${values.endTime}` : undefined,
      capacity: capacity === '' || !capacityValid ? null : Number(capacity),
      invitedOrganisationIds: values.invited,
    },
    errors,
  };
}

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
  errors: FieldError[];
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

export function MeetingFormView({
  ctx,
  action,
  values,
  errors,
  hosts,
  organisations,
  editing,
}: {
  ctx: PageContext;
  action: string;
  values: MeetingValues;
  errors: FieldError[];
  hosts: OrganisationView[];
  organisations: OrganisationView[];
  editing: boolean;
}): Html {
  const { t } = ctx;
  return (
    <form method="post" action={action} novalidate>
      <CsrfField ctx={ctx} />
      {editing ? <input type="hidden" name="version" value={values.version} /> : null}
      <fieldset class="ecl-u-mb-l jh-fieldset">
        <legend class="ecl-u-type-heading-3">{t('meetings.form.what')}</legend>
        <SelectField
          name="kind"
          label={t('meetings.kind')}
          value={values.kind}
          errors={errors}
          required
          options={meetingKinds.map((k) => ({ value: k, label: kindLabel(ctx, k) }))}
        />
        <TextField
          name="title"
          label={t('meetings.field.title')}
          value={values.title}
          errors={errors}
          required
          maxlength={300}
        />
        <TextArea
          name="description"
          label={`${t('meetings.field.description')} (${t('common.optional')})`}
          value={values.description}
          errors={errors}
        />
        <SelectField
          name="hostOrganisationId"
          label={t('meetings.field.host')}
          value={values.hostOrganisationId}
          errors={errors}
          required
          options={[
            { value: '', label: t('meetings.field.chooseHost') },
            ...hosts.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
          ]}
        />
      </fieldset>
      <fieldset class="ecl-u-mb-l jh-fieldset">
        <legend class="ecl-u-type-heading-3">{t('meetings.form.where')}</legend>
        <TextField
          name="venue"
          label={t('meetings.field.venue')}
          value={values.venue}
          errors={errors}
          required
          maxlength={300}
        />
        <TextField
          name="city"
          label={t('meetings.field.city')}
          value={values.city}
          errors={errors}
          required
          maxlength={100}
        />
        <TextField
          name="capacity"
          type="number"
          label={`${t('meetings.field.capacity')} (${t('common.optional')})`}
          value={values.capacity}
          errors={errors}
        />
      </fieldset>
      <fieldset class="ecl-u-mb-l jh-fieldset">
        <legend class="ecl-u-type-heading-3">{t('meetings.form.when')}</legend>
        <TimeZoneField ctx={ctx} value={values.timeZone} errors={errors} />
        <div class="jh-filters">
          <TextField
            name="startDate"
            type="date"
            label={t('meetings.field.startDate')}
            value={values.startDate}
            errors={errors}
            required
          />
          <TextField
            name="startTime"
            type="time"
            label={t('meetings.field.startTime')}
            value={values.startTime}
            errors={errors}
            required
          />
        </div>
        <p class="ecl-help-block" id="hint-end">
          {t('meetings.field.endHint')}
        </p>
        <div class="jh-filters">
          <TextField
            name="endDate"
            type="date"
            label={`${t('meetings.field.endDate')} (${t('common.optional')})`}
            value={values.endDate}
            errors={errors}
          />
          <TextField
            name="endTime"
            type="time"
            label={`${t('meetings.field.endTime')} (${t('common.optional')})`}
            value={values.endTime}
            errors={errors}
          />
        </div>
      </fieldset>
      {editing ? null : (
        <fieldset class="ecl-u-mb-l jh-fieldset">
          <legend class="ecl-u-type-heading-3">{t('meetings.form.invitations')}</legend>
          <InvitationFields
            ctx={ctx}
            name="invited"
            legend={t('meetings.field.invited')}
            organisations={organisations}
            checked={values.invited}
            errors={errors}
          />
        </fieldset>
      )}
      <div class="jh-actions">
        <Button>{editing ? t('common.save') : t('common.create')}</Button>
      </div>
    </form>
  );
}
