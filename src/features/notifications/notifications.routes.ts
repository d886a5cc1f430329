import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor, signedIn } from '../../app/access.js';
import {
  MarkedSchema,
  NotificationIdParams,
  NotificationListQuery,
  NotificationPageSchema,
  NotificationPreferencesSchema,
  NotificationSchema,
} from './notifications.schema.js';

const tags = ['notifications'];

/** The signed-in user's own notifications and digest choice: nobody reads another's. */
export async function notificationsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications } = app.services;

  app.get(
    '/api/notifications',
    {
      schema: {
        summary: 'My notifications',
        description:
          'Newest first. A notification whose subject the user may no longer read is left out of the list and the counts.',
        tags,
        querystring: NotificationListQuery,
        response: { 200: NotificationPageSchema },
      },
      config: { access: signedIn },
    },
    async (request) => notifications.list(requireActor(request.actor), request.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        operationId: 'markNotificationRead',
        summary: 'Mark one of my notifications read',
        description: 'Marking a read notification again changes nothing and records nothing.',
        tags,
        params: NotificationIdParams,
        response: { 200: NotificationSchema },
      },
      config: { access: signedIn },
    },
    async (request) =>
      notifications.markRead(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
      ),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        operationId: 'markAllNotificationsRead',
        summary: 'Mark all my notifications read',
        tags,
        response: { 200: MarkedSchema },
      },
      config: { access: signedIn },
    },
    async (request) =>
      notifications.markAllRead(requireActor(request.actor), request.auditContext()),
  );

  app.get(
    '/api/me/notification-preferences',
    {
      schema: {
        summary: 'My choice of the daily e-mail digest',
        tags,
        response: { 200: NotificationPreferencesSchema },
      },
      config: { access: signedIn },
    },
    async (request) => notifications.preferences(requireActor(request.actor)),
  );

  app.put(
    '/api/me/notification-preferences',
    {
      schema: {
        summary: 'Switch the daily e-mail digest on or off',
        tags,
        body: NotificationPreferencesSchema,
        response: { 200: NotificationPreferencesSchema },
      },
      config: { access: signedIn },
    },
    async (request) =>
      notifications.setPreferences(
        requireActor(request.actor),
        request.auditContext(),
        request.body,
      ),
  );
}
