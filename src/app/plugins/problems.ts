import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isConstraintViolation } from '../../db/database.js';
import { DatabaseUnavailableError } from '../../db/failover-pool.js';
import { AppError, StaleVersionError, TooManyRequestsError, type FieldError } from '../errors.js';

/** RFC 9457 problem details, as every API error answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  currentVersion?: number;
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(error: AjvError, context: string | undefined): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf =
    typeof error.params.additionalProperty === 'string'
      ? error.params.additionalProperty
      : typeof error.params.missingProperty === 'string'
        ? error.params.missingProperty
        : '';
  const path = [base, leaf].filter((p) => p !== '').join('.');
  return path || (context ?? 'body');
}

function messageOf(error: AjvError): string {
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? 'is not valid';
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  428: 'Precondition required',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function titleOf(status: number): string {
  return titles[status] ?? 'Error';
}

/**
 * The errors Fastify raises itself (its router, its body parsers), under the platform's stable
 * codes; any other of its client errors is a plain bad_request.
 */
const frameworkCodes: Record<string, string> = {
  FST_ERR_BAD_URL: 'invalid_input',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/** What the client can do about an error Fastify raised, in the platform's words. */
const frameworkDetails: Record<string, { detail: string; errors?: FieldError[] }> = {
  FST_ERR_BAD_URL: {
    detail: 'The address is not valid: a percent-encoded part of it is not UTF-8 text.',
    errors: [{ field: 'path', message: 'is not valid percent-encoded UTF-8 text' }],
  },
  FST_ERR_MAX_PARAM_LENGTH: { detail: 'A part of the address is too long.' },
};

/** Maps any error to a problem; a 500 keeps its internals in the log, never in the answer. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  const base = { instance: request.url, requestId: request.id };
  if (error instanceof AppError) {
    return {
      ...base,
      type: `about:blank#${error.code}`,
      title: titleOf(error.status),
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.fieldErrors.length > 0 ? { errors: error.fieldErrors } : {}),
      ...(error instanceof StaleVersionError ? { currentVersion: error.currentVersion } : {}),
    };
  }
  // Errors from Fastify and its plugins carry these; others do not, so each may be missing.
  const fastifyError = error as Partial<FastifyError> & {
    validation?: AjvError[];
    validationContext?: string;
  };
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((e) => ({
      field: fieldOf(e, fastifyError.validationContext),
      message: messageOf(e),
    }));
    return {
      ...base,
      type: 'about:blank#invalid_input',
      title: 'Bad request',
      status: 400,
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      code: 'invalid_input',
      errors,
    };
  }
  // The database is being switched over or is out of reach: worth asking again shortly.
  if (error instanceof DatabaseUnavailableError) {
    return {
      ...base,
      type: 'about:blank#database_unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database cannot be reached at the moment. Try again in a few seconds.',
      code: 'database_unavailable',
    };
  }
  // A write the checks before it should have refused: answered as the conflict it is, never with
  // the database's message, which names tables, columns and values.
  if (isConstraintViolation(error)) {
    return {
      ...base,
      type: 'about:blank#conflict',
      title: 'Conflict',
      status: 409,
      detail: 'The change conflicts with what is stored. Reload and try again.',
      code: 'conflict',
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = frameworkCodes[fastifyError.code ?? ''] ?? 'bad_request';
    const known = frameworkDetails[fastifyError.code ?? ''];
    return {
      ...base,
      type: `about:blank#${code}`,
      title: titles[status] ?? 'Bad request',
      status,
      detail: known?.detail ?? error.message,
      code,
      ...(known?.errors ? { errors: known.errors } : {}),
    };
  }
  return {
    ...base,
    type: 'about:blank#internal_error',
    title: 'Internal server error',
    status: 500,
    detail: `The server could not complete the request. Quote reference ${request.id} when reporting it.`,
    code: 'internal_error',
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, error?: Error): FastifyReply {
  if (error instanceof TooManyRequestsError || error instanceof DatabaseUnavailableError)
    reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
