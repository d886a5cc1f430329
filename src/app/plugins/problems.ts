import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isConstraintViolation } from '../../db/database.js';
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
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Maps any error to a problem; a 500 keeps its internals in the log, never in the answer. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  const base = { instance: request.url, requestId: request.id };
  if (error instanceof AppError) {
    return {
      ...base,
      type: `about:blank#${error.code}`,
      title: titles[error.status] ?? 'Error',
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
    const code = (fastifyError.code ?? 'bad_request').toLowerCase();
    return {
      ...base,
      type: `about:blank#${code}`,
      title: titles[status] ?? 'Bad request',
      status,
      detail: error.message,
      code,
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
  if (error instanceof TooManyRequestsError)
    reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
