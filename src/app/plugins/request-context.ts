import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyone, type Actor } from '../access.js';
import { AppError, NotFoundError, TooManyRefusalsError, UnauthenticatedError } from '../errors.js';
import { resolveLocale, translator } from '../i18n/i18n.js';
import type { PageContext } from '../html/page-context.js';
import { constantTimeEqual, randomSecret } from '../../features/accounts/secrets.js';
import type { AuditContext } from '../../features/audit/audit.events.js';
import type { Config } from '../../config.js';
import { redactUrl } from '../log-redaction.js';

export const SESSION_COOKIE = 'jhanet_session';
/** Before sign-in there is no session to hold a CSRF token, so a cookie holds it (double submit). */
export const CSRF_COOKIE = 'jhanet_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Addresses that programs read (the API, the calendar feeds a calendar application subscribes
 * to): their errors are problem details even when no route could be matched.
 */
const MACHINE_PATHS = ['/api/', '/calendar/'];

export function isPageRequest(request: FastifyRequest): boolean {
  // Undefined on the requests Fastify makes for its router errors, before any route is known.
  const config = request.routeOptions.config as FastifyContextConfig | undefined;
  if (config?.page !== undefined) return config.page;
  if (MACHINE_PATHS.some((prefix) => request.url.startsWith(prefix))) return false;
  const accept = request.headers.accept ?? '';
  if (accept.includes('text/html')) return true;
  // No route matched: outside the API an address is the site's, so a person who opens it gets a
  // page whatever their client sends as Accept (often nothing, or */*). Only a client that asks
  // for JSON gets problem details.
  return request.routeOptions.url === undefined && !JSON_MEDIA_TYPE.test(accept);
}

const JSON_MEDIA_TYPE = /application\/(?:[\w.-]+\+)?json/;

/** Cookies are Secure everywhere but in development and tests over plain HTTP. */
export function useSecureCookies(config: Config): boolean {
  return config.environment === 'production';
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax' as const,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

function auditContextOf(request: FastifyRequest, actor: Actor | null): AuditContext {
  return {
    actor: actor
      ? { userId: actor.userId, email: actor.email, organisationAcronym: actor.organisationAcronym }
      : null,
    requestId: request.id,
    ip: request.ip,
  };
}

/**
 * Resolves who is calling, enforces the route's declared access rule, and checks CSRF tokens.
 * Access is denied by default: a route that declares no rule stops the server from starting.
 */
export async function requestContext(app: FastifyInstance): Promise<void> {
  const { sessions, tokens, audit, config } = app.services;
  const secureCookies = useSecureCookies(config);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access rule: every route must say who may call it.`,
      );
    }
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('unreadNotifications', null);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', translator('en'));
  app.decorateRequest('auditContext', function (this: FastifyRequest) {
    return auditContextOf(this, this.actor);
  });

  const preSessionCsrf = new WeakMap<FastifyRequest, string>();
  app.decorateRequest('pageContext', function (this: FastifyRequest): PageContext {
    const actor = this.actor;
    return {
      actor,
      locale: this.locale,
      t: this.t,
      csrfToken:
        actor?.via.kind === 'session' ? actor.via.csrfToken : (preSessionCsrf.get(this) ?? ''),
      path: this.url.split('?')[0] ?? '/',
      requestId: this.id,
      unreadNotifications: this.unreadNotifications,
    };
  });

  async function resolveActor(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1]
        ? await tokens.resolve(match[1], { requestId: request.id, ip: request.ip })
        : null;
      if (!actor) throw new UnauthenticatedError('The API token is unknown, expired or revoked.');
      return actor;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return null;
    const actor = await sessions.resolve(cookie);
    if (!actor) reply.clearCookie(SESSION_COOKIE, cookieOptions(secureCookies));
    return actor;
  }

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const config = request.routeOptions.config;
    const rule = config.access ?? anyone;
    // Public assets and probes need no identity: skip the lookup on the hottest paths. A page
    // (including the not-found page a browser gets) shows who is signed in, so it needs one.
    const needsActor = rule !== anyone || isPageRequest(request);
    const actor = needsActor ? await resolveActor(request, reply) : null;
    request.actor = actor;
    request.locale = resolveLocale(actor?.locale ?? null, request.headers['accept-language']);
    request.t = translator(request.locale);

    if (config.page && !actor) {
      const existing = request.cookies[CSRF_COOKIE];
      const token = existing && existing.length >= 40 ? existing : randomSecret();
      if (token !== existing) reply.setCookie(CSRF_COOKIE, token, cookieOptions(secureCookies));
      preSessionCsrf.set(request, token);
    }

    if (rule.allows(actor)) return;
    if (!actor) {
      if (config.page) {
        // Only a page can be returned to after sign-in; a form post is lost with its session.
        const params = new URLSearchParams();
        if (request.cookies[SESSION_COOKIE]) params.set('expired', '1');
        if (request.method === 'GET') params.set('next', request.url);
        const query = params.toString();
        return reply.redirect(query ? `/login?${query}` : '/login', 303);
      }
      throw new UnauthenticatedError();
    }
    const refusal = await audit.recordRefusal(auditContextOf(request, actor), {
      action: 'access.denied',
      targetType: 'route',
      targetId: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 64),
      changes: { url: redactUrl(request.url) },
    });
    if (!refusal.recorded) throw new TooManyRefusalsError(refusal.retryAfterSeconds);
    throw new NotFoundError();
  });

  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const actor = request.actor;
    if (actor?.via.kind === 'token') return;
    const body = request.body as Record<string, unknown> | null | undefined;
    const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
    if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
    const supplied = request.headers['x-csrf-token'] ?? fromBody;
    let expected: string | undefined;
    if (actor?.via.kind === 'session') {
      expected = actor.via.csrfToken;
    } else if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
      // A cross-site page cannot send JSON without a CORS preflight, which is never granted.
      return;
    } else {
      expected = request.cookies[CSRF_COOKIE];
    }
    if (typeof supplied !== 'string' || !expected || !constantTimeEqual(supplied, expected)) {
      throw new AppError(
        'csrf_failed',
        403,
        'The request did not carry a valid CSRF token. Reload the page and try again.',
      );
    }
  });
}
