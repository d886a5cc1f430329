import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TEnum, type TSchema } from 'typebox';
import { AppError, ValidationError } from './errors.js';
import { storableIntegerOf } from './integers.js';

/** The media type of every API error (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The RFC 9457 body of every API error. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String({
      description: 'A stable error code, such as invalid_input or stale_version',
    }),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            field: Type.String(),
            message: Type.String(),
            row: Type.Optional(
              Type.Integer({
                description: 'In an uploaded spreadsheet: the row, as numbered there',
              }),
            ),
            column: Type.Optional(
              Type.String({ description: 'In an uploaded spreadsheet: the column header' }),
            ),
          },
          { title: 'FieldError' },
        ),
      ),
    ),
    currentVersion: Type.Optional(Type.Integer()),
    candidates: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String(), title: Type.String() },
          { title: 'SimilarRecord', additionalProperties: true },
        ),
        {
          description:
            'With possible_duplicates: the records the one sent resembles, each with what makes it alike; nothing was stored',
        },
      ),
    ),
  },
  { title: 'Problem' },
);

/**
 * The error answers a route gives beyond those every route with its input, access rule and
 * method can give (which the OpenAPI document adds by rule: see `src/app/openapi/`).
 */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};

export const SortDirection = oneOf(['asc', 'desc'] as const, { default: 'asc' });

/** A page of a list; named after its item (`UserPage`) when the item has a name. */
export function pageOf<T extends TSchema>(item: T) {
  const title = (item as { title?: unknown }).title;
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer(),
      page: Type.Integer(),
      pageSize: Type.Integer(),
    },
    typeof title === 'string' ? { title: `${title}Page` } : {},
  );
}

/** Sets the ETag of a versioned record. */
export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/**
 * The version a write is based on, from If-Match. Required: a write that does not say which
 * version it changes could silently overwrite someone else's.
 */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AppError(
      'version_required',
      428,
      'Send If-Match with the ETag of the version you are changing (for example If-Match: "3").',
    );
  }
  const digits = /^(?:W\/)?"(\d+)"$/.exec(header.trim())?.[1];
  // A number no version can reach would only make the database refuse the comparison.
  const version = digits === undefined ? null : storableIntegerOf(digits);
  if (version === null)
    throw new ValidationError(
      [{ field: 'if-match', message: 'is not the ETag of a version, such as "3"' }],
      'If-Match must be the ETag of the version you are changing, such as "3".',
    );
  return version;
}

/** Documented as optional so that a missing one answers 428, not a generic 400. */
export const IfMatchHeader = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'Required: the ETag of the version being changed, such as "3"' }),
  ),
});

/** A schema accepting exactly one of the given strings, typed as their union. */
export function oneOf<T extends string>(
  values: readonly T[],
  options: { default?: T; description?: string } = {},
): TEnum<T[]> {
  return Type.Enum([...values], options);
}
