import type { AccessRule } from '../access.js';
import { anyone, signedIn } from '../access.js';
import { PROBLEM_MEDIA_TYPE } from '../http.js';
import type { HeaderObject, JsonSchema, ResponseObject } from './openapi-types.js';

/** What the documenting rules need to know about a route. */
export interface RouteFacts {
  method: string;
  /** The route declares path, query, header or body input. */
  takesInput: boolean;
  hasPathParameters: boolean;
  readsIfMatch: boolean;
  access: AccessRule | undefined;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface ErrorAnswer {
  /** The name of the shared response in `components.responses`. */
  name: string;
  description: string;
  headers?: Record<string, HeaderObject>;
  /** Whether every route with these facts can give it; undefined: only where a route says so. */
  rule?: (route: RouteFacts) => boolean;
}

const isWrite = (route: RouteFacts) => WRITE_METHODS.has(route.method.toUpperCase());
const needsSignIn = (route: RouteFacts) => route.access !== undefined && !route.access.anonymous;
/** A rule other than "anyone" or "any signed-in user" refuses some callers, with a 404. */
const mayRefuse = (route: RouteFacts) =>
  route.access !== undefined && route.access !== anyone && route.access !== signedIn;

/**
 * The error answers of the API by status, each with the rule that says which operations can give
 * it. A route lists only the errors its own handler raises beyond these (409, 422, 428, 429...);
 * the rest follow from what it declares: its input, its access rule, its method.
 */
export const errorAnswers: Readonly<Record<number, ErrorAnswer>> = {
  400: {
    name: 'BadRequest',
    description:
      'The input is not valid: a malformed body, a value out of range or not allowed. `errors` lists each field.',
    rule: (route) => route.takesInput || isWrite(route),
  },
  401: {
    name: 'Unauthenticated',
    description: 'Not signed in, or the API token is unknown, expired or revoked.',
    rule: needsSignIn,
  },
  403: {
    name: 'CsrfFailed',
    description:
      'A write made with the session cookie did not carry the session\'s CSRF token in X-CSRF-Token (code "csrf_failed"). API tokens need none.',
    rule: isWrite,
  },
  404: {
    name: 'NotFound',
    description:
      'The record does not exist, or the caller may not read it or call this operation: the two answers are the same.',
    rule: (route) => route.hasPathParameters || mayRefuse(route),
  },
  409: {
    name: 'Conflict',
    description: "The change conflicts with the record's state or with another record.",
  },
  412: {
    name: 'PreconditionFailed',
    description:
      'If-Match names a version that is no longer current: reload and apply the change again. `currentVersion` holds the current one.',
    rule: (route) => route.readsIfMatch,
  },
  413: {
    name: 'ContentTooLarge',
    description: 'The request body is larger than the operation accepts.',
    rule: isWrite,
  },
  414: {
    name: 'UriTooLong',
    description: 'A path parameter is longer than any the platform accepts.',
    rule: (route) => route.hasPathParameters,
  },
  415: {
    name: 'UnsupportedMediaType',
    description:
      'The body is not of a media type the operation accepts (JSON operations take application/json only).',
    rule: isWrite,
  },
  422: {
    name: 'UnprocessableContent',
    description: 'The input is well formed but cannot be applied, as the detail says.',
  },
  428: {
    name: 'PreconditionRequired',
    description: 'If-Match is missing: send the ETag of the version being changed.',
  },
  429: {
    name: 'TooManyRequests',
    description:
      'Too many attempts, or too many refused requests from one account (each refusal is audited, within a budget): try again after the number of seconds in Retry-After.',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before the next attempt',
        required: true,
        schema: { type: 'integer', minimum: 0 },
      },
    },
    // A signed-in caller's refusals are audited within a budget, past which they answer 429.
    rule: (route) => needsSignIn(route) && (route.hasPathParameters || mayRefuse(route)),
  },
  500: {
    name: 'InternalServerError',
    description:
      'A defect of the platform. The answer reveals nothing else; quote its requestId when reporting it.',
    rule: () => true,
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The platform cannot answer now: it is stopping, or its database is being switched over or is out of reach (code "database_unavailable"). Try again after the number of seconds in Retry-After.',
    headers: {
      'Retry-After': {
        description:
          'Seconds to wait before the next attempt (sent when the database is unavailable)',
        required: false,
        schema: { type: 'integer', minimum: 0 },
      },
    },
    // Any operation that reads or writes the database can meet it during a switch of hosts.
    rule: () => true,
  },
};

/** The error statuses an operation can give by the rules alone. */
export function ruleStatuses(route: RouteFacts): number[] {
  return Object.entries(errorAnswers)
    .filter(([, answer]) => answer.rule?.(route) === true)
    .map(([status]) => Number(status));
}

/** A problem-details answer of a status, with the problem schema given (inlined or referenced). */
export function problemResponse(status: number, problem: JsonSchema): ResponseObject {
  const answer = errorAnswers[status];
  return {
    description: answer?.description ?? `Error ${String(status)}`,
    ...(answer?.headers ? { headers: answer.headers } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: problem } },
  };
}
