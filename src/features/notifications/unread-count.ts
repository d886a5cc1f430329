import type { FastifyInstance } from 'fastify';

/**
 * Counts the signed-in user's unread notifications before a page is rendered, for the header.
 * On the root instance, so that every page gets it; API calls are not counted.
 */
export function countUnreadForPages(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.config.page || !request.actor) return;
    request.unreadNotifications = await app.services.notifications.unreadCount(request.actor);
  });
}
