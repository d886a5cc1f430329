import { STATUS_CODES } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { PROBLEM_MEDIA_TYPE } from '../http.js';
import { errorAnswers } from './error-responses.js';
import { hoistNamedSchemas } from './named-schemas.js';
import {
  isJsonMediaType,
  isReference,
  operationsOf,
  type HeaderObject,
  type OpenApiDocument,
  type OperationObject,
  type ResponseObject,
} from './openapi-types.js';

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
/** What the generator writes for an answer nobody described. */
const GENERATED_DESCRIPTION = 'Default Response';

/** The ETag of a versioned record, always sent, or sent with the record as it is now only. */
const ETAG_HEADERS: Record<'always' | 'sometimes', [string, HeaderObject]> = {
  always: [
    'ETag',
    {
      description:
        'The version of the record, such as "3": send it back as If-Match with a change to it.',
      required: true,
      schema: { type: 'string', pattern: '^"\\d+"$' },
    },
  ],
  sometimes: [
    'ETagOfCurrent',
    {
      description:
        'With the record as it is now (not as it stood on a day): its version, such as "3", to send back as If-Match with a change to it.',
      required: false,
      schema: { type: 'string', pattern: '^"\\d+"$' },
    },
  ],
};

/**
 * Each error answer that says nothing of its own becomes a reference to the shared answer of its
 * status, so the document states what a 404 or a 412 means once.
 */
function shareErrorResponses(document: OpenApiDocument, operation: OperationObject): void {
  for (const [status, response] of Object.entries(operation.responses)) {
    const answer = errorAnswers[Number(status)];
    if (!answer || '$ref' in response) continue;
    const plain: ResponseObject = {
      description: answer.description,
      content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } },
    };
    if (!isDeepStrictEqual(response, plain)) continue;
    document.components.responses ??= {};
    document.components.responses[answer.name] = {
      ...plain,
      ...(answer.headers ? { headers: answer.headers } : {}),
    };
    operation.responses[status] = { $ref: `#/components/responses/${answer.name}` };
  }
}

/**
 * A parameter with a default may be left out: the generator marks every property of a query
 * object required, defaults included, and the validator fills them in.
 */
function defaultsAreOptional(operation: OperationObject): void {
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'path' && parameter.schema?.default !== undefined) {
      parameter.required = false;
    }
  }
}

/** An answer the route does not describe is described by its status, such as "Created". */
function describeByStatus(operation: OperationObject): void {
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!isReference(response) && response.description === GENERATED_DESCRIPTION) {
      response.description = STATUS_CODES[status] ?? `Status ${status}`;
    }
  }
}

/** A body of another media type than JSON is the bytes of a file, whatever the validator reads. */
function rawBodiesAreBinary(operation: OperationObject): void {
  for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
    if (isJsonMediaType(mediaType)) continue;
    media.schema = { ...media.schema, type: 'string', format: 'binary' };
  }
}

/** The ETag headers the route's rules found (`x-version-tags`), as shared header components. */
function documentVersionTags(document: OpenApiDocument, operation: OperationObject): void {
  const carrier = operation as OperationObject & {
    'x-version-tags'?: Record<string, 'always' | 'sometimes'>;
  };
  for (const [status, sent] of Object.entries(carrier['x-version-tags'] ?? {})) {
    const response = operation.responses[status];
    if (!response || isReference(response)) continue;
    const [name, header] = ETAG_HEADERS[sent];
    document.components.headers = { ...document.components.headers, [name]: header };
    response.headers = { ...response.headers, ETag: { $ref: `#/components/headers/${name}` } };
  }
  delete carrier['x-version-tags'];
}

function checkOperationIds(document: OpenApiDocument): void {
  const seen = new Map<string, string>();
  for (const { path, method, operation } of operationsOf(document)) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!operation.operationId) throw new Error(`${where} has no operationId`);
    const earlier = seen.get(operation.operationId);
    if (earlier) {
      throw new Error(
        `${where} and ${earlier} are both "${operation.operationId}": give one an operationId`,
      );
    }
    seen.set(operation.operationId, where);
  }
}

/**
 * The rules that apply to the whole generated document: named schemas, shared error answers and
 * ETag headers as components, optional defaults, binary uploads, and unique operationIds.
 */
export function finishDocument(document: OpenApiDocument): OpenApiDocument {
  hoistNamedSchemas(document);
  for (const { operation } of operationsOf(document)) {
    shareErrorResponses(document, operation);
    describeByStatus(operation);
    defaultsAreOptional(operation);
    rawBodiesAreBinary(operation);
    documentVersionTags(document, operation);
  }
  checkOperationIds(document);
  return document;
}
