import { Type } from 'typebox';
import { PageQuery, oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';

export const NotificationKindSchema = oneOf([
  'meeting_invitation',
  'consultation_open',
  'document_release',
  'action_point',
] as const);

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: NotificationKindSchema,
  title: Type.String({ description: 'The name of the subject, as the reader may see it.' }),
  href: Type.String({ description: 'The page of the subject.' }),
  context: Type.Union([Type.String(), Type.Null()], {
    description: 'The meeting of an action point, the registration number of a document.',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export const NotificationPageSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  total: Type.Integer(),
  unread: Type.Integer({ description: 'Unread notifications in all, whatever the filter.' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const NotificationListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones.' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const NotificationIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
});

export const MarkedSchema = Type.Object({ marked: Type.Integer() });

export const NotificationPreferencesSchema = Type.Object(
  {
    dailyDigest: Type.Boolean({
      description:
        'Whether a daily e-mail lists the unread notifications (on unless switched off).',
    }),
  },
  { additionalProperties: false },
);

nameSchemas({
  Notification: NotificationSchema,
  NotificationPage: NotificationPageSchema,
  NotificationsMarked: MarkedSchema,
  NotificationPreferences: NotificationPreferencesSchema,
});
