import type { AccessRule, Actor } from './access.js';
import type { PageContext } from './html/page-context.js';
import type { Translate } from './i18n/i18n.js';
import type { Services } from './services.js';
import type { AuditContext } from '../features/audit/audit.events.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: string;
    t: Translate;
    auditContext(): AuditContext;
    pageContext(): PageContext;
    /** Counted for pages of a signed-in user before the handler runs (unread-count.ts). */
    unreadNotifications: number | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route. Every route must declare one, or the server does not start. */
    access?: AccessRule;
    /** Whether the route answers with HTML pages (errors become pages, sign-in redirects). */
    page?: boolean;
    /** The media types its body may have: set at start from its schema (`media-types.ts`). */
    mediaTypes?: readonly string[];
  }
}
