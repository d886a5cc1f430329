/**
 * Every request gets an id the server makes itself: it is the one in the log, in problem
 * details, in `x-request-id` answers and in audit entries, so a client cannot choose what the
 * audit log records or make two requests share an id. An `X-Request-Id` a client sends (a
 * proxy's or its own, for tracing) is kept in the request's log lines only, as
 * `clientRequestId`, when it is a plausible id.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

export const genReqId = (): string => randomUUID();

/** The logger of a request: the server's bindings, and the client's id marked as the client's. */
export const childLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> =
  function (logger, bindings, options, rawRequest) {
    const incoming = rawRequest.headers['x-request-id'];
    const clientRequestId =
      typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : undefined;
    return logger.child(clientRequestId ? { ...bindings, clientRequestId } : bindings, options);
  };
