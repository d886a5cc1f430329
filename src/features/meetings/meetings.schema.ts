import { Type } from 'typebox';
import { PageQuery, SortDirection, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import {
  actionPointStatuses,
  meetingKinds,
  meetingStatuses,
  participantKinds,
  participantResponses,
} from '../../db/schema.js';
import { meetingSortKeys } from './meetings.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const WallClock = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
    description: `${description}, as a wall-clock time at the venue: 2017-02-09T13:00`,
  });

export const MeetingSummarySchema = Type.Object({
  id: Type.String(),
  kind: oneOf(meetingKinds),
  title: Type.String(),
  hostOrganisationId: Type.String(),
  hostAcronym: Type.String(),
  hostAcronymOnDate: Type.Optional(
    Type.String({
      description:
        "The host's acronym on the meeting's first day, when it differs from today's (`hostAcronym`)",
    }),
  ),
  venue: Type.String(),
  city: Type.String(),
  timeZone: Type.String({ description: 'IANA time zone of the venue' }),
  start: Type.String({ description: 'UTC instant' }),
  end: Type.String({ description: 'UTC instant' }),
  localStart: Type.String({ description: 'Wall-clock time at the venue' }),
  localEnd: Type.String({ description: 'Wall-clock time at the venue' }),
  status: oneOf(meetingStatuses),
  capacity: Nullable(Type.Integer()),
  sequence: Type.Integer({ description: 'iCalendar SEQUENCE, raised on every change' }),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

const ActionPointSchema = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  text: Type.String(),
  ownerOrganisationId: Type.String(),
  ownerAcronym: Type.String(),
  dueOn: Type.String(),
  status: oneOf(actionPointStatuses),
  activityId: Nullable(Type.String()),
  version: Type.Integer(),
});
export { ActionPointSchema };

export const MeetingDetailSchema = Type.Intersect([
  MeetingSummarySchema,
  Type.Object({
    description: Type.String(),
    invitations: Type.Array(
      Type.Object({
        id: Type.String(),
        acronym: Type.String(),
        acronymOnDate: Type.Optional(
          Type.String({
            description:
              "The acronym on the meeting's first day, when it differs from today's (`acronym`)",
          }),
        ),
        name: Type.String(),
        kind: oneOf(['agency', 'body'] as const),
      }),
    ),
    participants: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: oneOf(participantKinds),
        userId: Nullable(Type.String()),
        name: Type.String(),
        email: Nullable(Type.String({ description: 'Shown to those who manage the meeting' })),
        affiliation: Type.String(),
        topic: Type.String(),
        response: oneOf(participantResponses),
        respondedAt: Nullable(Type.String()),
      }),
    ),
    agenda: Type.Array(
      Type.Object({
        id: Type.String(),
        position: Type.Integer(),
        start: Type.String(),
        end: Type.String(),
        localStart: Type.String(),
        localEnd: Type.String(),
        title: Type.String(),
        presenter: Type.String(),
        notes: Type.String(),
        priorityLines: Type.Array(
          Type.Object({ key: Type.String(), label: Type.String(), text: Type.String() }),
        ),
      }),
      { description: 'Empty until published, except for those who manage the meeting' },
    ),
    agendaPublishedAt: Nullable(Type.String()),
    invitationsSentAt: Nullable(Type.String()),
    minutes: Type.String(),
    report: Type.String(),
    reportInFinalReport: Type.Boolean(),
    decisions: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
    actionPoints: Type.Array(ActionPointSchema),
    permissions: Type.Object({ manage: Type.Boolean(), answer: Type.Boolean() }),
    myResponse: Nullable(oneOf(participantResponses)),
  }),
]);

export const MeetingListQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Meetings ending after' })),
    until: Type.Optional(
      Type.String({ format: 'date-time', description: 'Meetings starting before' }),
    ),
    kind: Type.Optional(oneOf(meetingKinds)),
    sort: oneOf(meetingSortKeys, {
      default: 'start',
      description:
        'start and title follow direction; upcoming lists meetings not yet over first, soonest first, then those held, latest first',
    }),
    direction: SortDirection,
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const MeetingParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const MeetingChildParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  childId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const NewMeetingBody = Type.Object(
  {
    kind: oneOf(meetingKinds),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    hostOrganisationId: Type.String({ minLength: 1, maxLength: 64 }),
    venue: Type.String({ minLength: 1, maxLength: 300 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'Such as Europe/Lisbon' }),
    start: WallClock('Start'),
    end: Type.Optional(
      WallClock(
        'End; omitted, regular and Heads meetings end the next day at the same time, others at 17:00',
      ),
    ),
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
    invitedOrganisationIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
    ),
  },
  { additionalProperties: false },
);

export const MeetingChangesBody = Type.Partial(
  Type.Omit(NewMeetingBody, ['invitedOrganisationIds']),
  { additionalProperties: false },
);

export const InviteBody = Type.Object(
  { organisationIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }) },
  { additionalProperties: false },
);

export const ParticipantBody = Type.Object(
  {
    kind: oneOf(participantKinds),
    userId: Type.Optional(Type.String({ maxLength: 64, description: 'For an attendee' })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'For a speaker' })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    affiliation: Type.Optional(Type.String({ maxLength: 200 })),
    topic: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const ResponseBody = Type.Object(
  { response: oneOf(['accepted', 'declined', 'tentative'] as const) },
  { additionalProperties: false },
);

export const AgendaItemBody = Type.Object(
  {
    start: WallClock('Start'),
    end: WallClock('End'),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    presenter: Type.Optional(Type.String({ maxLength: 200 })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    priorityLineKeys: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 50,
        description: 'Keys of lines of action of the priorities',
      }),
    ),
  },
  { additionalProperties: false },
);

export const OutcomesBody = Type.Object(
  {
    minutes: Type.Optional(Type.String({ maxLength: 100_000 })),
    report: Type.Optional(Type.String({ maxLength: 100_000 })),
    reportInFinalReport: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
);

export const ActionPointBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    ownerOrganisationId: Type.String({ minLength: 1, maxLength: 64 }),
    dueOn: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
);

export const ActionPointChangesBody = Type.Object(
  {
    status: Type.Optional(oneOf(actionPointStatuses)),
    activityId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CalendarFeedSchema = Type.Object({
  active: Type.Boolean(),
  createdAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});

export const CalendarFeedUrlsSchema = Type.Object({
  networkUrl: Type.String({ description: 'Every meeting you may see; shown only this once' }),
  personalUrl: Type.String({ description: 'The meetings you take part in; shown only this once' }),
});

nameSchemas({
  MeetingSummary: MeetingSummarySchema,
  ActionPoint: ActionPointSchema,
  MeetingDetail: MeetingDetailSchema,
  NewMeetingBody,
  MeetingChangesBody,
  InviteBody,
  ParticipantBody,
  AttendanceResponseBody: ResponseBody,
  AgendaItemBody,
  OutcomesBody,
  DecisionBody,
  ActionPointBody,
  ActionPointChangesBody,
  CalendarFeed: CalendarFeedSchema,
  CalendarFeedUrls: CalendarFeedUrlsSchema,
});
