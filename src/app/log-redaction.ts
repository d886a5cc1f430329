import type { FastifyRequest, FastifyServerOptions } from 'fastify';

const REDACTED = '[redacted]';

/** The secrets jhanet issues (API tokens, calendar feed addresses), known by their prefix. */
const ISSUED_SECRET = /(?:jht|jhcal)_[\w-]/i;

/** A calendar feed path: its second segment is the credential, whatever the client put there. */
const CALENDAR_FEED = /(?:^|\/)calendar\/[^/]/i;

/** Paths whose last segment is a password reset link's secret. */
const RESET_LINK = /^\/(?:login\/reset|api\/password-resets)\/[^/]+$/i;

/** Query parameters whose value is a secret by its name, whichever client sent it. */
const SECRET_PARAMETER =
  /^(?:_?csrf|access_?token|api_?key|auth|authorization|code|key|password|passwd|secret|session|sig|signature|token)$/i;

/** A piece of a URL decoded as many times as it was encoded (a URL inside a `next` parameter). */
function decoded(piece: string): string {
  let value = piece;
  for (let round = 0; round < 4; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
    if (next === value) return value;
    value = next;
  }
  return value;
}

function holdsSecret(piece: string): boolean {
  const value = decoded(piece);
  return ISSUED_SECRET.test(value) || CALENDAR_FEED.test(value);
}

/**
 * A request URL as it may be written to a log (or an audit entry): each path segment and query
 * value that holds a secret, however often it was percent-encoded, is replaced, and so is the
 * value of a query parameter named like a secret; the rest is kept, so the line still says what
 * was asked for.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const segments = path.split('/');
  if (RESET_LINK.test(path)) segments[segments.length - 1] = REDACTED;
  const redactedPath = segments
    .map((segment, i) =>
      (i === 2 && segments[1]?.toLowerCase() === 'calendar') || holdsSecret(segment)
        ? REDACTED
        : segment,
    )
    .join('/');
  if (queryAt === -1) return redactedPath;
  const redactedQuery = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      const value = equals === -1 ? '' : pair.slice(equals + 1);
      if (holdsSecret(name)) return REDACTED;
      if (equals === -1) return pair;
      return SECRET_PARAMETER.test(decoded(name).trim()) || holdsSecret(value)
        ? `${name}=${REDACTED}`
        : pair;
    })
    .join('&');
  return `${redactedPath}?${redactedQuery}`;
}

/** Fastify's request serializer, with the URL redacted. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}

/** Logger options that write request URLs only with their secrets redacted. */
export function redactingLogger(
  logger: FastifyServerOptions['logger'],
): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: requestForLog } };
}
