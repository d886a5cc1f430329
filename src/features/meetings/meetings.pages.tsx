import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { inSession, requireActor, signedIn, type Actor } from '../../app/access.js';
import { Fragment, h, type Child, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  CsrfField,
  DescriptionList,
  FormErrors,
  LinkButton,
  Notification,
  Pagination,
  SelectField,
  Table,
  TextArea,
  TextField,
  urlWith,
} from '../../app/html/components.js';
import { ChoiceSummary, tickedNames } from '../../app/html/choice-summary.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import {
  AppError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { formatDate, formatDateTime } from '../../app/i18n/format.js';
import { PageQuery, oneOf } from '../../app/http.js';
import { meetingKinds, type MeetingKind } from '../../db/schema.js';
import { meetingsCalendar } from './meetings.calendar.js';
import { mayCreateFor, meetingsPolicy } from './meetings.policy.js';
import { feedUrls, sendCalendar } from './meetings.routes.js';
import {
  DEFAULT_START_TIME,
  type MeetingDetail,
  type MeetingInput,
  type MeetingSummary,
  type Meetings,
  yearOf,
} from './meetings.service.js';
import type { Network, OrganisationView } from '../network/network.service.js';
import type { Priorities } from '../priorities/priorities.service.js';

// Form bodies are text; the service holds the real limits. These caps only stop a tampered
// request from carrying megabytes.
const text = (maxLength = 100_000) => Type.Optional(Type.String({ maxLength }));
const textList = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 64 }),
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
  ]),
);

const MeetingForm = Type.Object(
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
type MeetingFormBody = Static<typeof MeetingForm>;

const ChildForm = Type.Object(
  {
    response: text(),
    organisationIds: textList,
    kind: text(),
    userId: text(),
    name: text(),
    email: text(),
    affiliation: text(),
    topic: text(),
    date: text(),
    startTime: text(),
    endTime: text(),
    title: text(),
    presenter: text(),
    notes: text(),
    priorityLineKeys: textList,
    minutes: text(),
    report: text(),
    reportInFinalReport: text(),
    text: text(),
    decision: text(),
    ownerOrganisationId: text(),
    dueOn: text(),
    status: text(),
    version: text(),
  },
  { additionalProperties: false },
);
type ChildFormBody = Static<typeof ChildForm>;

const ListQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
    kind: Type.Optional(oneOf(meetingKinds)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const MonthQuery = Type.Object(
  { month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ChildParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  childId: Type.String({ minLength: 1, maxLength: 64 }),
});
const DetailQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 20 })),
  queued: Type.Optional(Type.Integer({ minimum: 0 })),
});

const PAGE_SIZE = 25;

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function kindLabel(ctx: PageContext, kind: MeetingKind): string {
  return ctx.t(`meetings.kind.${kind}`);
}

export function meetingHref(id: string): string {
  return `/meetings/${id}`;
}

/** "9 February 2017, 13:00 WET to 10 February 2017, 13:00 WET", in the venue's zone. */
function When({ ctx, meeting }: { ctx: PageContext; meeting: MeetingSummary }): Html {
  return (
    <span>
      <time datetime={meeting.start}>
        {formatDateTime(ctx.locale, meeting.start, meeting.timeZone)}
      </time>
      {' – '}
      <time datetime={meeting.end}>
        {formatDateTime(ctx.locale, meeting.end, meeting.timeZone)}
      </time>
    </span>
  );
}

function StatusTag({ ctx, meeting }: { ctx: PageContext; meeting: MeetingSummary }): Html {
  // A meeting that was not cancelled and whose end has passed took place.
  const held = meeting.status === 'scheduled' && Date.parse(meeting.end) < Date.now();
  return (
    <span class={meeting.status === 'cancelled' ? 'jh-tag jh-tag--cancelled' : 'jh-tag'}>
      {ctx.t(held ? 'meetings.status.held' : `meetings.status.${meeting.status}`)}
    </span>
  );
}

function ViewSwitch({ ctx, canCreate }: { ctx: PageContext; canCreate: boolean }): Html {
  const { t } = ctx;
  return (
    <div class="jh-actions">
      <a class="ecl-link ecl-link--standalone" href="/meetings">
        {t('meetings.listView')}
      </a>
      <a class="ecl-link ecl-link--standalone" href="/meetings/calendar">
        {t('meetings.monthView')}
      </a>
      <a class="ecl-link ecl-link--standalone" href="/meetings/subscribe">
        {t('meetings.subscribe')}
      </a>
      {canCreate ? <LinkButton href="/meetings/new">{t('meetings.new')}</LinkButton> : null}
    </div>
  );
}

/** The agencies and bodies a meeting may invite, as choices; the summary names them by acronym. */
function invitationChoices(organisations: readonly OrganisationView[]) {
  return organisations.map((o) => ({
    value: o.id,
    label: `${o.acronym}: ${o.name}`,
    short: o.acronym,
  }));
}

/**
 * Ticks to invite agencies and bodies, and what saving will do with them, in words: the first
 * invitations of a new meeting, or more for a meeting that has some.
 */
function InvitationFields({
  ctx,
  name,
  legend,
  organisations,
  checked,
  errors,
  more = false,
}: {
  ctx: PageContext;
  name: string;
  legend: string;
  organisations: readonly OrganisationView[];
  checked: readonly string[];
  errors: FieldError[];
  more?: boolean;
}): Html {
  const options = invitationChoices(organisations);
  const sentences = more
    ? {
        none: ctx.t('meetings.summary.noneMore'),
        one: ctx.t('meetings.summary.oneMore'),
        other: ctx.t('meetings.summary.otherMore'),
      }
    : {
        none: ctx.t('meetings.summary.none'),
        one: ctx.t('meetings.summary.one'),
        other: ctx.t('meetings.summary.other'),
      };
  return (
    <>
      <CheckboxGroup
        name={name}
        label={legend}
        options={options}
        values={checked}
        errors={errors}
        columns="wide"
      />
      <ChoiceSummary
        ctx={ctx}
        field={name}
        names={tickedNames(options, checked)}
        sentences={sentences}
      />
    </>
  );
}

interface MeetingValues {
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

function valuesOf(meeting: MeetingDetail): MeetingValues {
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

function submitted(body: MeetingFormBody): MeetingValues {
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

function toFormErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: formFieldOf[e.field] ?? e.field }));
}

/** Turns the form into the service's input, or the errors only a form can make. */
function meetingInput(
  ctx: PageContext,
  values: MeetingValues,
): { input: Omit<MeetingInput, 'invitedOrganisationIds'>; errors: FieldError[] } {
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
  if (capacity !== '' && !/^\d{1,6}$/.test(capacity))
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
      capacity: capacity === '' ? null : Number(capacity),
    },
    errors,
  };
}

function MeetingFormView({
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
        name="timeZone"
        label={t('meetings.field.timeZone')}
        hint={t('meetings.field.timeZoneHint')}
        value={values.timeZone}
        errors={errors}
        required
        maxlength={64}
      />
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
      <TextField
        name="capacity"
        type="number"
        label={`${t('meetings.field.capacity')} (${t('common.optional')})`}
        value={values.capacity}
        errors={errors}
      />
      {editing ? null : (
        <InvitationFields
          ctx={ctx}
          name="invited"
          legend={t('meetings.field.invited')}
          organisations={organisations}
          checked={values.invited}
          errors={errors}
        />
      )}
      <div class="jh-actions">
        <Button>{editing ? t('common.save') : t('common.create')}</Button>
      </div>
    </form>
  );
}

/** A form re-shown on the meeting page after bad input: which one, with what and why. */
interface FormState {
  form: string;
  errors: FieldError[];
  values: ChildFormBody;
}

function ConfirmForm({
  ctx,
  action,
  message,
  submit,
  back,
}: {
  ctx: PageContext;
  action: string;
  message: string;
  submit: string;
  back: string;
}): Html {
  return (
    <form method="post" action={action}>
      <CsrfField ctx={ctx} />
      <p class="ecl-u-type-paragraph">{message}</p>
      <div class="jh-actions">
        <Button>{submit}</Button>
        <a class="ecl-link ecl-link--standalone" href={back}>
          {ctx.t('common.cancel')}
        </a>
      </div>
    </form>
  );
}

function PostButton({
  ctx,
  action,
  label,
  variant = 'secondary',
  hidden = {},
}: {
  ctx: PageContext;
  action: string;
  label: string;
  variant?: 'primary' | 'secondary' | 'ghost';
  hidden?: Record<string, string>;
}): Html {
  return (
    <form method="post" action={action} class="jh-inline-form">
      <CsrfField ctx={ctx} />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant}>{label}</Button>
    </form>
  );
}

function AgendaTable({ ctx, meeting }: { ctx: PageContext; meeting: MeetingDetail }): Html {
  const { t } = ctx;
  const manage = meeting.permissions.manage;
  return (
    <Table
      ctx={ctx}
      caption={t('meetings.agendaCaption')}
      rows={meeting.agenda}
      columns={[
        {
          header: t('meetings.agenda.time'),
          cell: (i) => (
            <span>
              <time datetime={i.start}>
                {formatDateTime(ctx.locale, i.start, meeting.timeZone)}
              </time>
              {` – ${i.localEnd.slice(11)}`}
            </span>
          ),
        },
        {
          header: t('meetings.agenda.item'),
          cell: (i) => (
            <span>
              <strong>{i.title}</strong>
              {i.notes ? <span class="jh-block">{i.notes}</span> : null}
            </span>
          ),
        },
        { header: t('meetings.agenda.presenter'), cell: (i) => i.presenter },
        {
          header: t('meetings.agenda.priorityLines'),
          cell: (i) =>
            i.priorityLines.length === 0 ? (
              ''
            ) : (
              <ul class="jh-plain-list">
                {i.priorityLines.map((l) => (
                  <li>
                    <span title={l.text}>{l.label}</span>
                  </li>
                ))}
              </ul>
            ),
        },
        ...(manage
          ? [
              {
                header: t('common.actions'),
                cell: (i: MeetingDetail['agenda'][number]) => (
                  <a class="ecl-link" href={`${meetingHref(meeting.id)}/agenda/${i.id}/remove`}>
                    {t('meetings.remove')}
                    <span class="ecl-u-sr-only">{` ${i.title}`}</span>
                  </a>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function MeetingPage({
  ctx,
  meeting,
  state,
  notices,
  extras,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  state: FormState | null;
  notices: Child;
  extras: {
    organisations: OrganisationView[];
    candidates: { id: string; name: string; acronym: string }[];
    lines: { key: string; label: string }[];
  };
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const errorsFor = (form: string) => (state?.form === form ? state.errors : []);
  const valueOf = (form: string, field: keyof ChildFormBody): string => {
    const value = state?.form === form ? state.values[field] : undefined;
    return typeof value === 'string' ? value : '';
  };
  const invitedIds = new Set([meeting.hostOrganisationId, ...meeting.invitations.map((o) => o.id)]);
  const owners = extras.organisations.filter((o) => invitedIds.has(o.id));
  const scheduled = meeting.status === 'scheduled';
  return (
    <Layout ctx={ctx} title={meeting.title} notices={notices}>
      {meeting.status === 'cancelled' ? (
        <Notification variant="warning">{t('meetings.cancelledNotice')}</Notification>
      ) : null}
      <DescriptionList
        items={[
          [t('meetings.kind'), kindLabel(ctx, meeting.kind)],
          [t('meetings.when'), <When ctx={ctx} meeting={meeting} />],
          [t('meetings.where'), `${meeting.venue}, ${meeting.city}`],
          [t('meetings.host'), meeting.hostAcronym],
          [t('meetings.capacity'), meeting.capacity ?? t('meetings.noCapacity')],
          [t('meetings.status'), <StatusTag ctx={ctx} meeting={meeting} />],
        ]}
      />
      <p class="ecl-u-type-paragraph">
        {t('meetings.timeZoneNote', { timeZone: meeting.timeZone })}
      </p>
      {meeting.description ? <p class="ecl-u-type-paragraph">{meeting.description}</p> : null}
      <div class="jh-actions">
        <a
          class="ecl-link ecl-link--standalone"
          href={`${base}/calendar.ics`}
          download="meeting.ics"
        >
          {t('meetings.addToCalendar')}
        </a>
        <a
          class="ecl-link ecl-link--standalone"
          href={`/documents?linkedType=meeting&linkedId=${meeting.id}`}
        >
          {t('documents.linkedFrom')}
        </a>
        {manage || meeting.agendaPublishedAt ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/agenda/print`}>
            {t('meetings.printAgenda')}
          </a>
        ) : null}
        {manage && scheduled ? (
          <LinkButton href={`${base}/edit`}>{t('common.edit')}</LinkButton>
        ) : null}
        {manage && scheduled ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/cancel`}>
            {t('meetings.cancel')}
          </a>
        ) : null}
      </div>

      {meeting.permissions.answer ? (
        <section class="ecl-u-mb-xl" aria-labelledby="answer-heading">
          <h2 class="ecl-u-type-heading-2" id="answer-heading">
            {t('meetings.answer')}
          </h2>
          <p class="ecl-u-type-paragraph">
            {meeting.myResponse
              ? t('meetings.yourAnswer', { response: t(`meetings.response.${meeting.myResponse}`) })
              : t('meetings.notAnswered')}
          </p>
          <FormErrors ctx={ctx} errors={errorsFor('response')} />
          <form method="post" action={`${base}/response`}>
            <CsrfField ctx={ctx} />
            <SelectField
              name="response"
              label={t('meetings.participant.answer')}
              value={meeting.myResponse ?? 'accepted'}
              errors={errorsFor('response')}
              options={(['accepted', 'tentative', 'declined'] as const).map((r) => ({
                value: r,
                label: t(`meetings.response.${r}`),
              }))}
            />
            <Button>{t('meetings.answerSubmit')}</Button>
          </form>
        </section>
      ) : null}

      <section class="ecl-u-mb-xl" aria-labelledby="invitations-heading">
        <h2 class="ecl-u-type-heading-2" id="invitations-heading">
          {t('meetings.invitations')}
        </h2>
        <ul class="ecl-unordered-list">
          {meeting.invitations.map((o) => (
            <li class="ecl-unordered-list__item">
              {`${o.acronym}: ${o.name} `}
              {manage && scheduled ? (
                <PostButton
                  ctx={ctx}
                  action={`${base}/invitations/${o.id}/remove`}
                  label={t('meetings.uninvite', { acronym: o.acronym })}
                  variant="ghost"
                />
              ) : null}
            </li>
          ))}
        </ul>
        {manage && scheduled ? (
          <div>
            <FormErrors ctx={ctx} errors={errorsFor('invite')} />
            <form method="post" action={`${base}/invitations`}>
              <CsrfField ctx={ctx} />
              <InvitationFields
                ctx={ctx}
                name="organisationIds"
                legend={t('meetings.invite')}
                organisations={extras.organisations.filter((o) => !invitedIds.has(o.id))}
                checked={state?.form === 'invite' ? asList(state.values.organisationIds) : []}
                errors={errorsFor('invite')}
                more
              />
              <Button variant="secondary">{t('meetings.inviteSubmit')}</Button>
            </form>
            <p class="ecl-u-type-paragraph ecl-u-mt-l">
              {meeting.invitationsSentAt
                ? t('meetings.invitationsSent', {
                    date: formatDateTime(locale, meeting.invitationsSentAt),
                  })
                : t('meetings.sendInvitationsHint')}
            </p>
            <PostButton
              ctx={ctx}
              action={`${base}/invitations/send`}
              label={t('meetings.sendInvitations')}
              variant="primary"
            />
          </div>
        ) : null}
      </section>

      <section class="ecl-u-mb-xl" aria-labelledby="participants-heading">
        <h2 class="ecl-u-type-heading-2" id="participants-heading">
          {t('meetings.participants')}
        </h2>
        <Table
          ctx={ctx}
          caption={t('meetings.participantsCaption')}
          rows={meeting.participants}
          columns={[
            { header: t('meetings.participant.name'), cell: (p) => p.name },
            {
              header: t('meetings.participant.kind'),
              cell: (p) => t(`meetings.participant.kind.${p.kind}`),
            },
            { header: t('meetings.participant.affiliation'), cell: (p) => p.affiliation },
            { header: t('meetings.participant.topic'), cell: (p) => p.topic },
            {
              header: t('meetings.participant.answer'),
              cell: (p) => t(`meetings.response.${p.response}`),
            },
            ...(manage
              ? [
                  {
                    header: t('meetings.participant.email'),
                    cell: (p: MeetingDetail['participants'][number]) => p.email ?? '',
                  },
                  {
                    header: t('common.actions'),
                    cell: (p: MeetingDetail['participants'][number]) => (
                      <a class="ecl-link" href={`${base}/participants/${p.id}/remove`}>
                        {t('meetings.remove')}
                        <span class="ecl-u-sr-only">{` ${p.name}`}</span>
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {manage && scheduled ? (
          <div class="jh-two-columns">
            <form method="post" action={`${base}/participants`} aria-labelledby="attendee-heading">
              <h3 class="ecl-u-type-heading-3" id="attendee-heading">
                {t('meetings.addAttendee')}
              </h3>
              <FormErrors ctx={ctx} errors={errorsFor('attendee')} />
              <CsrfField ctx={ctx} />
              <input type="hidden" name="kind" value="attendee" />
              <SelectField
                name="userId"
                label={t('meetings.participant.user')}
                value={valueOf('attendee', 'userId')}
                errors={errorsFor('attendee')}
                options={[
                  { value: '', label: t('meetings.participant.chooseUser') },
                  ...extras.candidates.map((u) => ({
                    value: u.id,
                    label: `${u.name} (${u.acronym})`,
                  })),
                ]}
              />
              <Button variant="secondary">{t('meetings.addAttendee')}</Button>
            </form>
            <form method="post" action={`${base}/participants`} aria-labelledby="speaker-heading">
              <h3 class="ecl-u-type-heading-3" id="speaker-heading">
                {t('meetings.addSpeaker')}
              </h3>
              <FormErrors ctx={ctx} errors={errorsFor('speaker')} />
              <CsrfField ctx={ctx} />
              <input type="hidden" name="kind" value="speaker" />
              <TextField
                name="name"
                label={t('meetings.participant.name')}
                value={valueOf('speaker', 'name')}
                errors={errorsFor('speaker')}
                required
              />
              <TextField
                name="affiliation"
                label={`${t('meetings.participant.affiliation')} (${t('common.optional')})`}
                value={valueOf('speaker', 'affiliation')}
                errors={errorsFor('speaker')}
              />
              <TextField
                name="topic"
                label={`${t('meetings.participant.topic')} (${t('common.optional')})`}
                value={valueOf('speaker', 'topic')}
                errors={errorsFor('speaker')}
              />
              <TextField
                name="email"
                type="email"
                label={`${t('meetings.participant.email')} (${t('common.optional')})`}
                value={valueOf('speaker', 'email')}
                errors={errorsFor('speaker')}
              />
              <Button variant="secondary">{t('meetings.addSpeaker')}</Button>
            </form>
          </div>
        ) : null}
      </section>

      <section class="ecl-u-mb-xl" aria-labelledby="agenda-heading">
        <h2 class="ecl-u-type-heading-2" id="agenda-heading">
          {t('meetings.agenda')}
        </h2>
        {meeting.agendaPublishedAt ? (
          <p class="ecl-u-type-paragraph">
            {t('meetings.agendaPublished', { date: formatDate(locale, meeting.agendaPublishedAt) })}
          </p>
        ) : (
          <p class="ecl-u-type-paragraph">
            {manage ? t('meetings.agendaDraft') : t('meetings.agendaNotPublished')}
          </p>
        )}
        {manage || meeting.agendaPublishedAt ? <AgendaTable ctx={ctx} meeting={meeting} /> : null}
        {manage && !meeting.agendaPublishedAt && meeting.agenda.length > 0 ? (
          <PostButton
            ctx={ctx}
            action={`${base}/agenda/publish`}
            label={t('meetings.publishAgenda')}
            variant="primary"
          />
        ) : null}
        {manage && scheduled ? (
          <form
            method="post"
            action={`${base}/agenda`}
            aria-labelledby="agenda-add-heading"
            class="ecl-u-mt-l"
          >
            <h3 class="ecl-u-type-heading-3" id="agenda-add-heading">
              {t('meetings.agenda.add')}
            </h3>
            <FormErrors ctx={ctx} errors={errorsFor('agenda')} />
            <CsrfField ctx={ctx} />
            <div class="jh-filters">
              <TextField
                name="date"
                type="date"
                label={t('meetings.field.startDate')}
                value={valueOf('agenda', 'date') || meeting.localStart.slice(0, 10)}
                errors={errorsFor('agenda')}
                required
              />
              <TextField
                name="startTime"
                type="time"
                label={t('meetings.field.startTime')}
                value={valueOf('agenda', 'startTime')}
                errors={errorsFor('agenda')}
                required
              />
              <TextField
                name="endTime"
                type="time"
                label={t('meetings.field.endTime')}
                value={valueOf('agenda', 'endTime')}
                errors={errorsFor('agenda')}
                required
              />
            </div>
            <TextField
              name="title"
              label={t('meetings.agenda.item')}
              value={valueOf('agenda', 'title')}
              errors={errorsFor('agenda')}
              required
              maxlength={300}
            />
            <TextField
              name="presenter"
              label={`${t('meetings.agenda.presenter')} (${t('common.optional')})`}
              value={valueOf('agenda', 'presenter')}
              errors={errorsFor('agenda')}
              maxlength={200}
            />
            <TextArea
              name="notes"
              label={`${t('meetings.agenda.notes')} (${t('common.optional')})`}
              value={valueOf('agenda', 'notes')}
              errors={errorsFor('agenda')}
              rows={2}
            />
            {extras.lines.length > 0 ? (
              <div class="ecl-form-group ecl-u-mb-l">
                <label class="ecl-form-label" for="field-priorityLineKeys">
                  {`${t('meetings.agenda.chooseLines')} (${t('common.optional')})`}
                </label>
                <select
                  id="field-priorityLineKeys"
                  name="priorityLineKeys"
                  class="ecl-select jh-multi"
                  multiple
                  size={8}
                >
                  {extras.lines.map((l) => (
                    <option value={l.key}>{l.label}</option>
                  ))}
                </select>
              </div>
            ) : null}
            <Button variant="secondary">{t('meetings.agenda.add')}</Button>
          </form>
        ) : null}
      </section>

      <section class="ecl-u-mb-xl" aria-labelledby="outcomes-heading">
        <h2 class="ecl-u-type-heading-2" id="outcomes-heading">
          {t('meetings.outcomes')}
        </h2>
        {meeting.reportInFinalReport ? (
          <p class="ecl-u-type-paragraph">{t('meetings.reportFlagged')}</p>
        ) : null}
        {manage ? (
          <form method="post" action={`${base}/outcomes`}>
            <FormErrors ctx={ctx} errors={errorsFor('outcomes')} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(meeting.version)} />
            <TextArea
              name="minutes"
              label={t('meetings.minutes')}
              value={state?.form === 'outcomes' ? valueOf('outcomes', 'minutes') : meeting.minutes}
              errors={errorsFor('outcomes')}
              rows={6}
            />
            <TextArea
              name="report"
              label={t('meetings.report')}
              value={state?.form === 'outcomes' ? valueOf('outcomes', 'report') : meeting.report}
              errors={errorsFor('outcomes')}
              rows={6}
            />
            <div class="ecl-u-mb-l">
              <Checkbox
                name="reportInFinalReport"
                value="1"
                label={t('meetings.reportInFinalReport')}
                checked={meeting.reportInFinalReport}
                single
              />
            </div>
            <Button variant="secondary">{t('meetings.saveOutcomes')}</Button>
          </form>
        ) : (
          <div>
            {meeting.minutes ? (
              <div>
                <h3 class="ecl-u-type-heading-3">{t('meetings.minutes')}</h3>
                <p class="ecl-u-type-paragraph jh-pre">{meeting.minutes}</p>
              </div>
            ) : null}
            {meeting.report ? (
              <div>
                <h3 class="ecl-u-type-heading-3">{t('meetings.report')}</h3>
                <p class="ecl-u-type-paragraph jh-pre">{meeting.report}</p>
              </div>
            ) : null}
          </div>
        )}
        <h3 class="ecl-u-type-heading-3">{t('meetings.decisions')}</h3>
        {meeting.decisions.length === 0 ? (
          <p class="ecl-u-type-paragraph jh-empty">{t('common.empty')}</p>
        ) : (
          <ol class="ecl-ordered-list">
            {meeting.decisions.map((d) => (
              <li class="ecl-ordered-list__item">{d.text}</li>
            ))}
          </ol>
        )}
        {manage ? (
          <form method="post" action={`${base}/decisions`}>
            <FormErrors ctx={ctx} errors={errorsFor('decision')} />
            <CsrfField ctx={ctx} />
            <TextArea
              name="decision"
              label={t('meetings.decision')}
              value={valueOf('decision', 'decision')}
              errors={errorsFor('decision')}
              rows={2}
            />
            <Button variant="secondary">{t('meetings.addDecision')}</Button>
          </form>
        ) : null}
        <h3 class="ecl-u-type-heading-3" id="action-points">
          {t('meetings.actionPoints')}
        </h3>
        <Table
          ctx={ctx}
          caption={t('meetings.actionPointsCaption')}
          rows={meeting.actionPoints}
          columns={[
            { header: t('meetings.actionPoint'), cell: (p) => p.text },
            { header: t('meetings.actionPoint.owner'), cell: (p) => p.ownerAcronym },
            {
              header: t('meetings.actionPoint.due'),
              cell: (p) => <time datetime={p.dueOn}>{formatDate(locale, p.dueOn)}</time>,
            },
            {
              header: t('meetings.actionPoint.status'),
              cell: (p) => t(`meetings.actionPoint.status.${p.status}`),
            },
            {
              header: t('meetings.actionPoint.activity'),
              cell: (p) =>
                p.activityId ? (
                  <a class="ecl-link" href={`/scorecard/activities/${p.activityId}`}>
                    {t('meetings.actionPoint.openActivity')}
                  </a>
                ) : manage ||
                  (ctx.actor?.role === 'contact' &&
                    ctx.actor.organisationId === p.ownerOrganisationId) ? (
                  <a
                    class="ecl-link"
                    href={urlWith('/scorecard/activities/new', {
                      year: meeting.start.slice(0, 4),
                      meeting: meeting.id,
                      actionPoint: p.id,
                    })}
                  >
                    {t('meetings.actionPoint.turnIntoActivity')}
                  </a>
                ) : (
                  t('common.none')
                ),
            },
            {
              header: t('common.actions'),
              cell: (p) =>
                manage ||
                (ctx.actor?.role === 'contact' &&
                  ctx.actor.organisationId === p.ownerOrganisationId) ? (
                  <PostButton
                    ctx={ctx}
                    action={`${base}/action-points/${p.id}/status`}
                    label={
                      p.status === 'open'
                        ? t('meetings.actionPoint.markDone')
                        : t('meetings.actionPoint.reopen')
                    }
                    hidden={{
                      status: p.status === 'open' ? 'done' : 'open',
                      version: String(p.version),
                    }}
                    variant="ghost"
                  />
                ) : (
                  ''
                ),
            },
          ]}
        />
        {manage ? (
          <form
            method="post"
            action={`${base}/action-points`}
            aria-labelledby="action-point-heading"
          >
            <h4 class="ecl-u-type-heading-4" id="action-point-heading">
              {t('meetings.addActionPoint')}
            </h4>
            <FormErrors ctx={ctx} errors={errorsFor('actionPoint')} />
            <CsrfField ctx={ctx} />
            <TextArea
              name="text"
              label={t('meetings.actionPoint')}
              value={valueOf('actionPoint', 'text')}
              errors={errorsFor('actionPoint')}
              rows={2}
            />
            <SelectField
              name="ownerOrganisationId"
              label={t('meetings.actionPoint.owner')}
              value={valueOf('actionPoint', 'ownerOrganisationId')}
              errors={errorsFor('actionPoint')}
              options={[
                { value: '', label: t('meetings.chooseOwner') },
                ...owners.map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}` })),
              ]}
            />
            <TextField
              name="dueOn"
              type="date"
              label={t('meetings.actionPoint.due')}
              value={valueOf('actionPoint', 'dueOn')}
              errors={errorsFor('actionPoint')}
            />
            <Button variant="secondary">{t('meetings.addActionPoint')}</Button>
          </form>
        ) : null}
      </section>
      <p>
        <a class="ecl-link ecl-link--standalone" href="/meetings">
          {t('meetings.backToList')}
        </a>
      </p>
    </Layout>
  );
}

/** Monday-first weeks covering a month, each day as YYYY-MM-DD or null outside the month. */
function monthGrid(month: string): (string | null)[][] {
  const [year, monthNumber] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1));
  const days = new Date(Date.UTC(year ?? 1970, monthNumber ?? 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day += 1) cells.push(`${month}-${String(day).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

function shiftMonth(month: string, by: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/** A version from a hidden field; anything unreadable can never match, so it answers 409. */
function versionOf(value: string | undefined): number {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

export async function meetingsPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const meetings: Meetings = app.services.meetings;
  const network: Network = app.services.network;
  const priorities: Priorities = app.services.priorities;
  const { calendarFeeds, config } = app.services;

  const canCreate = (actor: Actor | null) => meetingsPolicy.create.allows(actor);

  async function organisations(): Promise<OrganisationView[]> {
    const [agencies, bodies] = await Promise.all([
      network.list('agency', { sort: 'acronym', direction: 'asc' }),
      network.list('body', { sort: 'acronym', direction: 'asc' }),
    ]);
    return [...agencies, ...bodies];
  }

  /** The lines an agenda item may link: those of the meeting year's agreed priorities. */
  async function priorityLinesOf(year: number) {
    const lines = await priorities.agreedLineCodes(year);
    return [...lines.values()].map((l) => ({
      key: l.key,
      label: `${l.code} ${l.text.slice(0, 90)}`,
    }));
  }

  async function sendDetail(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    options: { state?: FormState; status?: number; notices?: Child } = {},
  ): Promise<FastifyReply> {
    const actor = requireActor(ctx.actor);
    const meeting = await meetings.get(actor, id);
    const manage = meeting.permissions.manage;
    const [orgs, candidates, lines] = manage
      ? await Promise.all([
          organisations(),
          meetings.attendeeCandidates(actor, id),
          priorityLinesOf(yearOf(meeting)),
        ])
      : [[], [], []];
    return sendHtml(
      reply,
      <MeetingPage
        ctx={ctx}
        meeting={meeting}
        state={options.state ?? null}
        notices={options.notices}
        extras={{ organisations: orgs, candidates, lines }}
      />,
      options.status,
    );
  }

  /** Runs a change from a form on the meeting page: redirect on success, the page again on bad input. */
  async function childAction(
    reply: FastifyReply,
    ctx: PageContext,
    id: string,
    form: string,
    values: ChildFormBody,
    change: () => Promise<unknown>,
    fieldMap: Record<string, string> = {},
  ): Promise<FastifyReply> {
    try {
      await change();
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors = error.fieldErrors.map((e) => ({
          ...e,
          field: fieldMap[e.field] ?? e.field,
        }));
        return sendDetail(reply, ctx, id, { state: { form, errors, values }, status: 400 });
      }
      if (error instanceof AppError && (error.status === 409 || error.status === 412)) {
        return sendDetail(reply, ctx, id, {
          state: { form, errors: [{ field: form, message: error.message }], values },
          status: 409,
          notices: (
            <Notification variant="warning" title={ctx.t('error.conflict.title')}>
              {error.message}
            </Notification>
          ),
        });
      }
      throw error;
    }
    return reply.redirect(`${meetingHref(id)}?saved=${form}`, 303);
  }

  const page = (access = meetingsPolicy.read) => ({ access, page: true });

  app.get(
    '/meetings',
    { schema: { querystring: ListQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(ctx.actor);
      const { year, kind, page: pageNumber, pageSize } = request.query;
      const size = Math.min(pageSize, PAGE_SIZE);
      const result = await meetings.list(actor, {
        from: year ? `${year}-01-01T00:00:00.000Z` : undefined,
        until: year ? `${year + 1}-01-01T00:00:00.000Z` : undefined,
        kind,
        sort: 'start',
        direction: 'asc',
        page: pageNumber,
        pageSize: size,
      });
      const years = Array.from(
        { length: new Date().getUTCFullYear() + 2 - 2017 + 1 },
        (_, i) => 2017 + i,
      );
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.title')}>
          <p class="ecl-u-type-paragraph">{t('meetings.intro')}</p>
          <ViewSwitch ctx={ctx} canCreate={canCreate(actor)} />
          <form method="get" action="/meetings" role="search" class="ecl-u-mb-l">
            <div class="jh-filters">
              <SelectField
                name="year"
                label={t('meetings.year')}
                value={year ? String(year) : ''}
                options={[
                  { value: '', label: t('meetings.anyYear') },
                  ...years.map((y) => ({ value: String(y), label: String(y) })),
                ]}
              />
              <SelectField
                name="kind"
                label={t('meetings.kind')}
                value={kind ?? ''}
                options={[
                  { value: '', label: t('meetings.anyKind') },
                  ...meetingKinds.map((k) => ({ value: k, label: kindLabel(ctx, k) })),
                ]}
              />
            </div>
            <div class="jh-actions">
              <Button>{t('common.filter')}</Button>
              <a class="ecl-link ecl-link--standalone" href="/meetings">
                {t('common.reset')}
              </a>
            </div>
          </form>
          <p class="ecl-u-type-paragraph" role="status">
            {t('common.resultCount', { count: result.total })}
          </p>
          <Table
            ctx={ctx}
            caption={t('meetings.caption')}
            rows={result.items}
            columns={[
              { header: t('meetings.when'), cell: (m) => <When ctx={ctx} meeting={m} /> },
              {
                header: t('meetings.what'),
                cell: (m) => (
                  <a class="ecl-link" href={meetingHref(m.id)}>
                    {m.title}
                  </a>
                ),
              },
              { header: t('meetings.kind'), cell: (m) => kindLabel(ctx, m.kind) },
              { header: t('meetings.where'), cell: (m) => m.city },
              { header: t('meetings.host'), cell: (m) => m.hostAcronym },
              { header: t('meetings.status'), cell: (m) => <StatusTag ctx={ctx} meeting={m} /> },
            ]}
          />
          <Pagination
            ctx={ctx}
            page={result.page}
            pageSize={size}
            total={result.total}
            href={(p) => urlWith('/meetings', { year, kind, page: p })}
          />
        </Layout>,
      );
    },
  );

  app.get(
    '/meetings/calendar',
    { schema: { querystring: MonthQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t, locale } = ctx;
      const actor = requireActor(ctx.actor);
      const month = request.query.month ?? new Date().toISOString().slice(0, 7);
      // A day early and late, so a meeting in a zone ahead of or behind UTC is not missed.
      const from = new Date(Date.parse(`${month}-01T00:00:00Z`) - 86_400_000).toISOString();
      const until = new Date(
        Date.parse(`${shiftMonth(month, 1)}-01T00:00:00Z`) + 86_400_000,
      ).toISOString();
      const found = await meetings.between(actor, from, until);
      const onDay = (day: string) =>
        found.filter((m) => m.localStart.slice(0, 10) <= day && day <= m.localEnd.slice(0, 10));
      const monthName = formatDate(locale, `${month}-15`).replace(/^\d+\s/, '');
      const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.month', { month: monthName })}>
          <ViewSwitch ctx={ctx} canCreate={canCreate(actor)} />
          <nav class="jh-actions" aria-label={t('meetings.monthView')}>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings/calendar', { month: shiftMonth(month, -1) })}
            >
              {t('meetings.previousMonth')}
            </a>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings/calendar', { month: shiftMonth(month, 1) })}
            >
              {t('meetings.nextMonth')}
            </a>
          </nav>
          <div
            class="jh-table-wrapper"
            tabindex="0"
            role="region"
            aria-label={t('meetings.monthCaption', { month: monthName })}
          >
            <table class="ecl-table jh-month">
              <caption class="ecl-u-sr-only">
                {t('meetings.monthCaption', { month: monthName })}
              </caption>
              <thead class="ecl-table__head">
                <tr class="ecl-table__row">
                  {weekdays.map((d) => (
                    <th scope="col" class="ecl-table__header">
                      {t(`meetings.weekday.${d}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="ecl-table__body">
                {monthGrid(month).map((week) => (
                  <tr class="ecl-table__row">
                    {week.map((day) =>
                      day === null ? (
                        <td class="ecl-table__cell jh-month__outside"></td>
                      ) : (
                        <td class="ecl-table__cell">
                          <span class="jh-month__day">
                            <time datetime={day}>{String(Number(day.slice(8)))}</time>
                          </span>
                          <ul class="jh-plain-list">
                            {onDay(day).map((m) => (
                              <li>
                                <a class="ecl-link" href={meetingHref(m.id)}>
                                  {m.title}
                                </a>
                                {m.status === 'cancelled'
                                  ? ` (${t('meetings.status.cancelled')})`
                                  : ''}
                              </li>
                            ))}
                          </ul>
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={urlWith('/meetings', { year: month.slice(0, 4) })}
            >
              {t('meetings.monthList')}
            </a>
          </p>
        </Layout>,
      );
    },
  );

  async function sendForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      values: MeetingValues;
      errors: FieldError[];
      meeting?: MeetingDetail;
      status?: number;
      notices?: Child;
    },
  ): Promise<FastifyReply> {
    const actor = requireActor(ctx.actor);
    const orgs = await organisations();
    const hosts = orgs.filter((o) => o.kind === 'agency' && mayCreateFor(actor, o.id));
    const { meeting } = options;
    return sendHtml(
      reply,
      <Layout
        ctx={ctx}
        title={
          meeting ? ctx.t('meetings.editTitle', { title: meeting.title }) : ctx.t('meetings.new')
        }
        notices={options.notices}
      >
        <FormErrors ctx={ctx} errors={options.errors} />
        <MeetingFormView
          ctx={ctx}
          action={meeting ? `${meetingHref(meeting.id)}/edit` : '/meetings'}
          values={options.values}
          errors={options.errors}
          hosts={hosts}
          organisations={orgs.filter((o) => !meeting && o.id !== options.values.hostOrganisationId)}
          editing={meeting !== undefined}
        />
        <p>
          <a
            class="ecl-link ecl-link--standalone"
            href={meeting ? meetingHref(meeting.id) : '/meetings'}
          >
            {ctx.t('common.cancel')}
          </a>
        </p>
      </Layout>,
      options.status,
    );
  }

  app.get('/meetings/new', { config: page(meetingsPolicy.create) }, async (request, reply) => {
    const ctx = request.pageContext();
    const actor = requireActor(ctx.actor);
    return sendForm(reply, ctx, {
      values: {
        kind: 'network',
        title: '',
        description: '',
        hostOrganisationId: actor.role === 'contact' ? actor.organisationId : '',
        venue: '',
        city: '',
        timeZone: 'Europe/Lisbon',
        startDate: '',
        startTime: DEFAULT_START_TIME,
        endDate: '',
        endTime: '',
        capacity: '',
        // Nothing is ticked in advance: a click on a name invites, never un-invites.
        invited: [],
        version: '',
      },
      errors: [],
    });
  });

  app.post(
    '/meetings',
    { schema: { body: MeetingForm }, config: page(meetingsPolicy.create) },
    async (request, reply) => {
      const ctx = request.pageContext();
      const values = submitted(request.body);
      const { input, errors } = meetingInput(ctx, values);
      if (errors.length > 0) return sendForm(reply, ctx, { values, errors, status: 400 });
      try {
        const created = await meetings.create(requireActor(ctx.actor), request.auditContext(), {
          ...input,
          invitedOrganisationIds: values.invited,
        });
        return await reply.redirect(`${meetingHref(created.id)}?saved=created`, 303);
      } catch (error) {
        if (error instanceof ValidationError)
          return sendForm(reply, ctx, {
            values,
            errors: toFormErrors(error.fieldErrors),
            status: 400,
          });
        throw error;
      }
    },
  );

  app.get('/meetings/subscribe', { config: page(signedIn) }, async (request, reply) =>
    sendFeeds(reply, request.pageContext(), null),
  );

  async function sendFeeds(
    reply: FastifyReply,
    ctx: PageContext,
    created: string | null,
    revoked = false,
  ) {
    const { t, locale } = ctx;
    const actor = requireActor(ctx.actor);
    const status = await calendarFeeds.status(actor.userId);
    const urls = created ? feedUrls(config.publicUrl, created) : null;
    return sendHtml(
      reply,
      <Layout
        ctx={ctx}
        title={t('meetings.feeds.title')}
        notices={
          revoked ? (
            <Notification variant="success">{t('meetings.feeds.revoked')}</Notification>
          ) : null
        }
      >
        <p class="ecl-u-type-paragraph">{t('meetings.feeds.intro')}</p>
        <Notification variant="warning">{t('meetings.feeds.secretWarning')}</Notification>
        {urls ? (
          <Notification variant="success" title={t('meetings.feeds.created')}>
            <DescriptionList
              items={[
                [t('meetings.feeds.network'), <code class="jh-secret">{urls.networkUrl}</code>],
                [t('meetings.feeds.personal'), <code class="jh-secret">{urls.personalUrl}</code>],
              ]}
            />
          </Notification>
        ) : null}
        {status ? (
          <p class="ecl-u-type-paragraph">
            {t('meetings.feeds.active', { date: formatDateTime(locale, status.createdAt) })}{' '}
            {status.lastUsedAt
              ? t('meetings.feeds.lastUsed', { date: formatDateTime(locale, status.lastUsedAt) })
              : ''}
          </p>
        ) : (
          <p class="ecl-u-type-paragraph">{t('meetings.feeds.none')}</p>
        )}
        <div class="jh-actions">
          <PostButton
            ctx={ctx}
            action="/meetings/subscribe"
            label={status ? t('meetings.feeds.renew') : t('meetings.feeds.create')}
            variant="primary"
          />
          {status ? (
            <PostButton
              ctx={ctx}
              action="/meetings/subscribe/revoke"
              label={t('meetings.feeds.revoke')}
            />
          ) : null}
        </div>
        <p>
          <a class="ecl-link ecl-link--standalone" href="/meetings">
            {t('meetings.backToList')}
          </a>
        </p>
      </Layout>,
    );
  }

  // The new addresses are shown in the answer to the POST itself: redirecting would need to
  // carry the secret in a URL, where it would end up in history and logs.
  app.post('/meetings/subscribe', { config: page(inSession) }, async (request, reply) => {
    const ctx = request.pageContext();
    const token = await calendarFeeds.renew(request.auditContext(), requireActor(ctx.actor).userId);
    reply.header('cache-control', 'no-store');
    return sendFeeds(reply, ctx, token);
  });

  app.post('/meetings/subscribe/revoke', { config: page(signedIn) }, async (request, reply) => {
    const ctx = request.pageContext();
    await calendarFeeds.revoke(request.auditContext(), requireActor(ctx.actor).userId);
    return sendFeeds(reply, ctx, null, true);
  });

  app.get(
    '/meetings/:id',
    { schema: { params: IdParams, querystring: DetailQuery }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { saved, queued } = request.query;
      return sendDetail(reply, ctx, request.params.id, {
        notices:
          queued !== undefined ? (
            <Notification variant="success">
              {ctx.t('meetings.invitationsQueued', { count: queued })}
            </Notification>
          ) : saved !== undefined ? (
            <Notification variant="success">{ctx.t('common.saved')}</Notification>
          ) : null,
      });
    },
  );

  app.get(
    '/meetings/:id/calendar.ics',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const meeting = await meetings.get(actor, request.params.id);
      return sendCalendar(
        reply,
        meetingsCalendar(meeting.title, [meeting], config.publicUrl),
        'meeting.ics',
      );
    },
  );

  app.get(
    '/meetings/:id/agenda/print',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage && !meeting.agendaPublishedAt)
        throw new NotFoundError('No such agenda.');
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.printTitle', { title: meeting.title })}>
          <p class="ecl-u-type-paragraph jh-no-print">{t('meetings.printHint')}</p>
          <DescriptionList
            items={[
              [t('meetings.when'), <When ctx={ctx} meeting={meeting} />],
              [t('meetings.where'), `${meeting.venue}, ${meeting.city}`],
              [t('meetings.host'), meeting.hostAcronym],
            ]}
          />
          <AgendaTable
            ctx={ctx}
            meeting={{ ...meeting, permissions: { ...meeting.permissions, manage: false } }}
          />
          <p class="jh-no-print">
            <a class="ecl-link ecl-link--standalone" href={meetingHref(meeting.id)}>
              {t('meetings.backToMeeting')}
            </a>
          </p>
        </Layout>,
      );
    },
  );

  app.get(
    '/meetings/:id/edit',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage) throw new NotFoundError('No such meeting.');
      return sendForm(reply, ctx, { values: valuesOf(meeting), errors: [], meeting });
    },
  );

  app.post(
    '/meetings/:id/edit',
    { schema: { params: IdParams, body: MeetingForm }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(ctx.actor);
      const meeting = await meetings.get(actor, request.params.id);
      if (!meeting.permissions.manage) throw new NotFoundError('No such meeting.');
      const values = { ...submitted(request.body), invited: meeting.invitations.map((o) => o.id) };
      const { input, errors } = meetingInput(ctx, values);
      if (errors.length > 0) return sendForm(reply, ctx, { values, errors, meeting, status: 400 });
      try {
        await meetings.update(
          actor,
          request.auditContext(),
          meeting.id,
          input,
          versionOf(values.version),
        );
      } catch (error) {
        if (error instanceof ValidationError)
          return sendForm(reply, ctx, {
            values,
            errors: toFormErrors(error.fieldErrors),
            meeting,
            status: 400,
          });
        if (error instanceof StaleVersionError) {
          const current = await meetings.get(actor, meeting.id);
          return sendForm(reply, ctx, {
            values: { ...values, version: String(current.version) },
            errors: [],
            meeting: current,
            status: 409,
            notices: (
              <Notification variant="warning" title={ctx.t('error.conflict.title')}>
                <p>{ctx.t('error.conflict.body')}</p>
                <DescriptionList
                  items={[
                    [ctx.t('meetings.field.title'), current.title],
                    [ctx.t('meetings.when'), <When ctx={ctx} meeting={current} />],
                    [ctx.t('meetings.where'), `${current.venue}, ${current.city}`],
                  ]}
                />
              </Notification>
            ),
          });
        }
        throw error;
      }
      return reply.redirect(`${meetingHref(meeting.id)}?saved=meeting`, 303);
    },
  );

  app.get(
    '/meetings/:id/cancel',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage || meeting.status === 'cancelled')
        throw new NotFoundError('No such meeting.');
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={ctx.t('meetings.cancelTitle', { title: meeting.title })}>
          <form method="post" action={`${meetingHref(meeting.id)}/cancel`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(meeting.version)} />
            <p class="ecl-u-type-paragraph">{ctx.t('meetings.cancelConfirm')}</p>
            <div class="jh-actions">
              <Button>{ctx.t('meetings.cancelSubmit')}</Button>
              <a class="ecl-link ecl-link--standalone" href={meetingHref(meeting.id)}>
                {ctx.t('meetings.backToMeeting')}
              </a>
            </div>
          </form>
        </Layout>,
      );
    },
  );

  app.post(
    '/meetings/:id/cancel',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'cancel', request.body, () =>
        meetings.cancel(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          versionOf(request.body.version),
        ),
      ),
  );

  app.post(
    '/meetings/:id/response',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const response = request.body.response;
      return childAction(
        reply,
        request.pageContext(),
        request.params.id,
        'response',
        request.body,
        () =>
          meetings.respond(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            response === 'accepted' || response === 'declined' || response === 'tentative'
              ? response
              : 'needs-action',
          ),
      );
    },
  );

  app.post(
    '/meetings/:id/invitations',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'invite', request.body, () =>
        meetings.invite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          asList(request.body.organisationIds),
        ),
      ),
  );

  app.post(
    '/meetings/:id/invitations/send',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const { queued } = await meetings.sendInvitations(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      );
      return reply.redirect(urlWith(meetingHref(request.params.id), { queued }), 303);
    },
  );

  app.post(
    '/meetings/:id/invitations/:childId/remove',
    { schema: { params: ChildParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'invite', request.body, () =>
        meetings.uninvite(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
        ),
      ),
  );

  app.post(
    '/meetings/:id/participants',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      const speaker = body.kind === 'speaker';
      return childAction(
        reply,
        request.pageContext(),
        request.params.id,
        speaker ? 'speaker' : 'attendee',
        body,
        () =>
          meetings.addParticipant(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            {
              kind: speaker ? 'speaker' : 'attendee',
              userId: body.userId,
              name: body.name,
              email: body.email,
              affiliation: body.affiliation,
              topic: body.topic,
            },
          ),
      );
    },
  );

  for (const [segment, kind] of [
    ['participants', 'participant'],
    ['agenda', 'item'],
  ] as const) {
    app.get(
      `/meetings/:id/${segment}/:childId/remove`,
      { schema: { params: ChildParams }, config: page() },
      async (request, reply) => {
        const ctx = request.pageContext();
        const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
        const name =
          kind === 'participant'
            ? meeting.participants.find((p) => p.id === request.params.childId)?.name
            : meeting.agenda.find((i) => i.id === request.params.childId)?.title;
        if (!meeting.permissions.manage || name === undefined) throw new NotFoundError();
        const action = `${meetingHref(meeting.id)}/${segment}/${request.params.childId}/remove`;
        return sendHtml(
          reply,
          <Layout
            ctx={ctx}
            title={
              kind === 'participant'
                ? ctx.t('meetings.removeParticipantTitle', { name })
                : ctx.t('meetings.removeItemTitle', { title: name })
            }
          >
            <ConfirmForm
              ctx={ctx}
              action={action}
              message={ctx.t('meetings.removeConfirm')}
              submit={ctx.t('meetings.removeSubmit')}
              back={meetingHref(meeting.id)}
            />
          </Layout>,
        );
      },
    );
    app.post(
      `/meetings/:id/${segment}/:childId/remove`,
      { schema: { params: ChildParams, body: ChildForm }, config: page() },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const { id, childId } = request.params;
        if (kind === 'participant')
          await meetings.removeParticipant(actor, request.auditContext(), id, childId);
        else await meetings.removeAgendaItem(actor, request.auditContext(), id, childId);
        return reply.redirect(`${meetingHref(id)}?saved=${segment}`, 303);
      },
    );
  }

  app.post(
    '/meetings/:id/agenda',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      const date = body.date ?? '';
      return childAction(
        reply,
        request.pageContext(),
        request.params.id,
        'agenda',
        body,
        () =>
          meetings.addAgendaItem(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            {
              start: `${date}T${body.startTime ?? ''}`,
              end: `${date}T${body.endTime ?? ''}`,
              title: body.title ?? '',
              presenter: body.presenter,
              notes: body.notes,
              priorityLineKeys: asList(body.priorityLineKeys),
            },
          ),
        { start: 'startTime', end: 'endTime' },
      );
    },
  );

  app.post(
    '/meetings/:id/agenda/publish',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(reply, request.pageContext(), request.params.id, 'publish', request.body, () =>
        meetings.publishAgenda(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
        ),
      ),
  );

  app.post(
    '/meetings/:id/outcomes',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'outcomes', body, () =>
        meetings.updateOutcomes(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          {
            minutes: body.minutes ?? '',
            report: body.report ?? '',
            reportInFinalReport: body.reportInFinalReport === '1',
          },
          versionOf(body.version),
        ),
      );
    },
  );

  app.post(
    '/meetings/:id/decisions',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(
        reply,
        request.pageContext(),
        request.params.id,
        'decision',
        request.body,
        () =>
          meetings.addDecision(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            request.body.decision ?? '',
          ),
        { text: 'decision' },
      ),
  );

  app.post(
    '/meetings/:id/action-points',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'actionPoint', body, () =>
        meetings.addActionPoint(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          {
            text: body.text ?? '',
            ownerOrganisationId: body.ownerOrganisationId ?? '',
            dueOn: body.dueOn ?? '',
          },
        ),
      );
    },
  );

  app.post(
    '/meetings/:id/action-points/:childId/status',
    { schema: { params: ChildParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'actionPoint', body, () =>
        meetings.updateActionPoint(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
          { status: body.status === 'done' ? 'done' : 'open' },
          versionOf(body.version),
        ),
      );
    },
  );
}
