/**
 * The parts of an OpenAPI 3.1 document that the platform writes and reads: the generator's
 * finishing rules, the API reference page and the tests that hold answers to the document.
 */

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Record<string, unknown>;

export interface Reference {
  $ref: string;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface RequestBodyObject {
  required?: boolean;
  description?: string;
  content: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Reference>;
  security?: Record<string, string[]>[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, PathItemObject>;
  components: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, HeaderObject>;
    securitySchemes?: Record<string, Record<string, unknown>>;
  };
}

/** JSON and its structured suffix (`application/problem+json`). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

export function isReference(value: unknown): value is Reference {
  return (
    typeof value === 'object' && value !== null && typeof (value as Reference).$ref === 'string'
  );
}

/** Every operation of the document with its path and method, in document order. */
export function operationsOf(
  document: OpenApiDocument,
): { path: string; method: HttpMethod; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
}

/** Follows a local reference (`#/components/...`) to what it names. */
export function resolveReference<T>(document: object, value: T | Reference): T {
  if (!isReference(value)) return value;
  if (!value.$ref.startsWith('#/')) throw new Error(`Not a local reference: ${value.$ref}`);
  let target: unknown = document;
  for (const part of value.$ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    target = (target as Record<string, unknown> | undefined)?.[key];
  }
  if (target === undefined) throw new Error(`Unresolved reference: ${value.$ref}`);
  return target as T;
}
