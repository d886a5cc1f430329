/**
 * How every error is answered, whoever raised it: a service, a hook, the router or a body parser
 * of Fastify, or Node's HTTP parser before there is a request at all. The API answers RFC 9457
 * problem details, a browser asking for a page gets the friendly error page, and both carry the
 * request's id in `x-request-id`, which the log lines of the request carry too.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, TooManyRefusalsError } from '../errors.js';
import { ErrorPage } from '../error-pages.js';
import { sendHtml } from '../html/send-html.js';
import type { PageContext } from '../html/page-context.js';
import { resolveLocale, translator } from '../i18n/i18n.js';
import { isConstraintViolation } from '../../db/database.js';
import { DatabaseUnavailableError } from '../../db/failover-pool.js';
import { isPageRequest } from './request-context.js';
import { sendProblem, titleOf, toProblem, type Problem } from './problems.js';

/**
 * The page context of the request, or, for an error Fastify raised before the platform's hooks
 * ran (a malformed address), that of an anonymous visitor.
 */
function pageContextOf(request: FastifyRequest): PageContext {
  // Fastify builds the request of its router errors without the platform's decorations.
  if (typeof (request as Partial<FastifyRequest>).pageContext === 'function')
    return request.pageContext();
  const locale = resolveLocale(null, request.headers['accept-language']);
  return {
    actor: null,
    locale,
    t: translator(locale),
    csrfToken: '',
    path: request.url.split('?')[0] ?? '/',
    requestId: request.id,
    unreadNotifications: null,
  };
}

/** Answers an error as a problem or as an error page; a 500 is logged with its cause. */
export function answerError(
  request: FastifyRequest,
  reply: FastifyReply,
  thrown: unknown,
): FastifyReply {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const problem = toProblem(error, request);
  // A switch of database hosts answers many requests 503 at once: expected, and said once by the pool.
  if (error instanceof DatabaseUnavailableError) {
    request.log.warn({ err: error }, 'the database is unavailable');
    reply.header('retry-after', String(error.retryAfterSeconds));
  } else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  // A missing check somewhere: the caller gets a conflict, operators the cause.
  else if (isConstraintViolation(error))
    request.log.warn({ err: error }, 'a database constraint refused a write');
  reply.header('x-request-id', request.id);
  if (isPageRequest(request))
    return sendHtml(reply, ErrorPage({ ctx: pageContextOf(request), problem }), problem.status);
  return sendProblem(reply, problem, error);
}

export function answerNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // The very answer a refused or missing record gets, so that no route is told apart by it.
  return answerError(request, reply, new NotFoundError());
}

/**
 * A refused request for a record (missing or hidden: one answer) is audited with the id that was
 * asked for, the same way for both, within the account's budget of refusals; past the budget the
 * answer is 429 and nothing is written.
 */
async function recordedRefusal(
  app: FastifyInstance,
  request: FastifyRequest,
  thrown: unknown,
): Promise<unknown> {
  if (!(thrown instanceof NotFoundError) || !thrown.asked || !request.actor) return thrown;
  const refusal = await app.services.audit.recordRefusal(request.auditContext(), {
    action: 'access.not_found',
    targetType: thrown.asked.type,
    targetId: thrown.asked.id,
    changes: { route: `${request.method} ${request.routeOptions.url ?? ''}` },
  });
  return refusal.recorded ? thrown : new TooManyRefusalsError(refusal.retryAfterSeconds);
}

/** Answers errors from handlers and hooks, and requests no route matches. */
export function registerErrorAnswers(app: FastifyInstance): void {
  app.setErrorHandler(async (thrown, request, reply) =>
    answerError(request, reply, await recordedRefusal(app, request, thrown)),
  );
  app.setNotFoundHandler((request, reply) => answerNotFound(request, reply));
}

interface ClientError extends Error {
  code?: string;
}

/**
 * Answers a request Node's HTTP parser refused (a malformed request line or header, headers too
 * large, a timeout): there is no request object, so the id is made here.
 */
export function answerClientError(this: FastifyInstance, error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 408
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : 400;
  const requestId = randomUUID();
  const code =
    status === 408 ? 'request_timeout' : status === 431 ? 'headers_too_large' : 'bad_request';
  const problem: Problem = {
    type: `about:blank#${code}`,
    title: titleOf(status),
    status,
    detail:
      status === 408
        ? 'The request took too long to arrive.'
        : status === 431
          ? 'The request headers are too large.'
          : 'The request is not valid HTTP.',
    instance: `urn:uuid:${requestId}`,
    code,
    requestId,
  };
  this.log.debug({ err: error, requestId }, 'malformed request refused');
  if (socket.writable) {
    const body = JSON.stringify(problem);
    socket.write(
      [
        `HTTP/1.1 ${String(status)} ${STATUS_CODES[status] ?? ''}`,
        'Content-Type: application/problem+json; charset=utf-8',
        `Content-Length: ${String(Buffer.byteLength(body))}`,
        `x-request-id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
