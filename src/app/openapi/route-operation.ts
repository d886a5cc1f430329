import type { FastifySchema } from 'fastify';
import { anyone, type AccessRule } from '../access.js';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '../http.js';
import { VERSION_TAG } from './declare.js';
import { errorAnswers, ruleStatuses, type RouteFacts } from './error-responses.js';
import { operationIdOf } from './operation-id.js';

/** The route schema as the OpenAPI generator reads it, with the keys the platform adds. */
export interface DocumentedSchema extends FastifySchema {
  operationId?: string;
  hide?: boolean;
  /** Read and removed by `finishDocument`: which answers send the record's ETag. */
  'x-version-tags'?: Record<string, 'always' | 'sometimes'>;
  security?: Record<string, string[]>[];
  response?: Record<string, unknown>;
}

function isProblemSchema(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { title?: unknown }).title === 'Problem'
  );
}

type Schema = Record<string | symbol, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null;
}

/** The properties a schema gives its instances, through intersections. */
function propertiesOf(schema: Schema): Record<string, unknown> {
  const own = isSchema(schema.properties) ? schema.properties : {};
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [];
  return Object.assign({}, own, ...parts.map(propertiesOf)) as Record<string, unknown>;
}

/** A record the API versions: it carries its version, which travels as its ETag. */
function isVersioned(schema: unknown): boolean {
  if (!isSchema(schema)) return false;
  const properties = propertiesOf(schema);
  return ['version', 'rowVersion'].some((name) => {
    const property = properties[name];
    return isSchema(property) && property.type === 'integer';
  });
}

/**
 * Which successful answers send an ETag: those whose body is a versioned record, and those that
 * create one (201), also when the record comes with facts shown only then (a new account and
 * its generated password); unless the route marks the answer otherwise (`versionTagSent`).
 */
function versionTagsOf(declared: Record<string, unknown>): Record<string, 'always' | 'sometimes'> {
  const tags: Record<string, 'always' | 'sometimes'> = {};
  for (const [status, schema] of Object.entries(declared)) {
    if (!status.startsWith('2') || !isSchema(schema)) continue;
    const marked = schema[VERSION_TAG];
    if (marked === 'never') continue;
    if (marked === 'sometimes') {
      tags[status] = 'sometimes';
      continue;
    }
    const created = status === '201' && Object.values(propertiesOf(schema)).some(isVersioned);
    if (isVersioned(schema) || created) tags[status] = 'always';
  }
  return tags;
}

function declaresIfMatch(headers: unknown): boolean {
  const properties = (headers as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties !== undefined && 'if-match' in properties;
}

/**
 * The responses of an operation: its own, then the errors its facts imply, every error in
 * problem-details form. Ordered by status so the document reads like the HTTP specification.
 */
function responsesOf(schema: DocumentedSchema, facts: RouteFacts): Record<string, unknown> {
  const declared = schema.response ?? {};
  const statuses = new Set([
    ...Object.keys(declared),
    ...ruleStatuses(facts).map((status) => String(status)),
  ]);
  const responses: Record<string, unknown> = {};
  for (const status of [...statuses].sort()) {
    const own = declared[status];
    responses[status] =
      own === undefined || isProblemSchema(own)
        ? {
            description: errorAnswers[Number(status)]?.description ?? `Error ${status}`,
            content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
          }
        : own;
  }
  return responses;
}

/**
 * The OpenAPI operation of a route, from what the route declares: who may call it (its access
 * rule, also in words), its operationId (derived from method and path unless it names one), and
 * every answer it can give.
 */
export function documentRoute(
  method: string,
  url: string,
  declared: DocumentedSchema,
  access: AccessRule | undefined,
): DocumentedSchema {
  const facts: RouteFacts = {
    method,
    takesInput: [declared.params, declared.querystring, declared.headers, declared.body].some(
      (part) => part !== undefined,
    ),
    hasPathParameters: /[:{]/.test(url),
    readsIfMatch: declaresIfMatch(declared.headers),
    access,
  };
  const description = [declared.description, access ? `Access: ${access.description}.` : '']
    .filter((part) => part)
    .join('\n\n');
  return {
    ...declared,
    operationId: declared.operationId ?? operationIdOf(method, url),
    description,
    ...(access && access !== anyone ? { security: [{ session: [] }, { bearer: [] }] } : {}),
    response: responsesOf(declared, facts),
    'x-version-tags': versionTagsOf(declared.response ?? {}),
  };
}
