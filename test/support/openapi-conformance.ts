/**
 * Holds every API answer a test receives to the OpenAPI document: the status must be documented
 * for the operation, the media type among those documented for that status, the body valid
 * against the documented schema, and the headers the document promises (or that the answer sends
 * and the document must mention, such as ETag) present on both sides.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  isJsonMediaType,
  isReference,
  operationsOf,
  resolveReference,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ResponseObject,
} from '../../src/app/openapi/openapi-types.js';

/** An answer as a test saw it. */
export interface ObservedAnswer {
  method: string;
  url: string;
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

interface Route {
  path: string;
  method: HttpMethod;
  operation: OperationObject;
  pattern: RegExp;
  /** For choosing among matches as the router does: literal segments win over parameters. */
  rank: number[];
}

/** Headers an answer may send that the document must then name for its operation and status. */
const HEADERS_TO_DOCUMENT = ['etag'];

function mediaTypeOf(header: string | string[] | number | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return header.split(';')[0]?.trim().toLowerCase();
}

function matchesRange(range: string, mediaType: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return mediaType.startsWith(range.slice(0, -1));
  return range === mediaType;
}

function pointer(parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function routeOf(path: string, method: HttpMethod, operation: OperationObject): Route {
  const segments = path.split('/').slice(1);
  const pattern = new RegExp(
    `^/${segments
      .map((segment) =>
        /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
      )
      .join('/')}$`,
  );
  return {
    path,
    method,
    operation,
    pattern,
    rank: segments.map((segment) => (segment.startsWith('{') ? 1 : 0)),
  };
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export class OpenApiConformance {
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(document, 'openapi.json');
    this.routes = operationsOf(document).map(({ path, method, operation }) =>
      routeOf(path, method, operation),
    );
  }

  /**
   * The operation the answer is to (its operationId, or the path when none is documented) and
   * what differs between the answer and the document: nothing when the answer is documented.
   */
  check(answer: ObservedAnswer): { operation: string; differences: string[] } {
    const path = answer.url.split('?')[0] ?? '';
    const route = this.routeOf(answer.method, path);
    return {
      operation: route
        ? (route.operation.operationId ?? `${route.method.toUpperCase()} ${route.path}`)
        : 'no documented operation',
      differences: route ? this.routedDifferences(answer, route) : this.unroutedDifferences(answer),
    };
  }

  private routeOf(method: string, path: string): Route | undefined {
    const wanted = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    return this.routes
      .filter((candidate) => candidate.method === wanted && candidate.pattern.test(path))
      .sort((a, b) => compareRanks(a.rank, b.rank))[0];
  }

  private routedDifferences(answer: ObservedAnswer, route: Route): string[] {
    const status = String(answer.statusCode);
    const responses = route.operation.responses;
    const key = [status, `${status.charAt(0)}XX`, 'default'].find((k) => k in responses);
    const declared = key === undefined ? undefined : responses[key];
    if (key === undefined || declared === undefined) {
      return [
        `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const responsePointer = isReference(declared)
      ? declared.$ref.slice(2).split('/')
      : ['paths', route.path, route.method, 'responses', key];
    const response = resolveReference<ResponseObject>(this.document, declared);
    return [
      ...this.headerDifferences(answer, response),
      ...this.bodyDifferences(answer, response, responsePointer),
    ];
  }

  /** A path that no operation documents may still answer an error, as problem details. */
  private unroutedDifferences(answer: ObservedAnswer): string[] {
    if (answer.statusCode < 400 || !answer.url.startsWith('/api/')) return [];
    return this.bodyDifferences(
      answer,
      resolveReference<ResponseObject>(this.document, {
        $ref: '#/components/responses/NotFound',
      }),
      ['components', 'responses', 'NotFound'],
    );
  }

  private headerDifferences(answer: ObservedAnswer, response: ResponseObject): string[] {
    const documented = new Map(
      Object.entries(response.headers ?? {}).map(([name, header]) => [
        name.toLowerCase(),
        resolveReference(this.document, header),
      ]),
    );
    const differences: string[] = [];
    for (const name of HEADERS_TO_DOCUMENT) {
      if (answer.headers[name] !== undefined && !documented.has(name)) {
        differences.push(`the answer sends ${name} but the document does not mention it`);
      }
    }
    for (const [name, header] of documented) {
      if (header.required && answer.headers[name] === undefined) {
        differences.push(`the document promises the header ${name} but the answer has none`);
      }
    }
    return differences;
  }

  private bodyDifferences(
    answer: ObservedAnswer,
    response: ResponseObject,
    responsePointer: string[],
  ): string[] {
    const content = response.content ?? {};
    const documentedTypes = Object.keys(content);
    const mediaType = mediaTypeOf(answer.headers['content-type']);
    const hasBody = answer.body.length > 0 && answer.method.toUpperCase() !== 'HEAD';
    if (documentedTypes.length === 0) {
      return hasBody ? [`the answer has a ${mediaType ?? 'untyped'} body; the document none`] : [];
    }
    if (mediaType === undefined) {
      return hasBody || answer.method.toUpperCase() === 'HEAD'
        ? ['the answer has no Content-Type']
        : [];
    }
    const range = documentedTypes.find((documented) =>
      matchesRange(documented.toLowerCase(), mediaType),
    );
    if (range === undefined) {
      return [
        `media type ${mediaType} is not documented (documented: ${documentedTypes.join(', ')})`,
      ];
    }
    if (!hasBody || !isJsonMediaType(mediaType) || content[range]?.schema === undefined) return [];

    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`the ${mediaType} body is not JSON`];
    }
    const validate = this.validatorFor([...responsePointer, 'content', range, 'schema']);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `body${error.instancePath || ''} ${error.message ?? 'is not valid'}${
          error.keyword === 'additionalProperties'
            ? ` (${String(error.params.additionalProperty)})`
            : ''
        } [schema ${error.schemaPath}]`,
    );
  }

  private validatorFor(parts: string[]): ValidateFunction {
    const ref = `openapi.json#/${pointer(parts)}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

const checkersByText = new Map<string, OpenApiConformance>();
const checkersByDocument = new WeakMap<OpenApiDocument, OpenApiConformance>();

/**
 * The checker of a document, compiled once per process for each distinct document: each
 * platform builds its document once, and platforms built with other settings mostly build the
 * same one.
 */
export function conformanceTo(document: OpenApiDocument): OpenApiConformance {
  let checker = checkersByDocument.get(document);
  if (!checker) {
    const text = JSON.stringify(document);
    checker = checkersByText.get(text) ?? new OpenApiConformance(document);
    checkersByText.set(text, checker);
    checkersByDocument.set(document, checker);
  }
  return checker;
}

/** Throws, naming the operation and every difference, when an answer is not as documented. */
export function assertDocumented(checker: OpenApiConformance, answer: ObservedAnswer): void {
  const { operation, differences } = checker.check(answer);
  if (differences.length === 0) return;
  const type = answer.headers['content-type'];
  throw new Error(
    `${answer.method.toUpperCase()} ${answer.url} (${operation}) answered ${String(answer.statusCode)}${
      typeof type === 'string' ? ` ${type}` : ''
    }, not as the OpenAPI document says:\n  ${differences.join('\n  ')}\n  body: ${answer.body.slice(0, 300)}`,
  );
}
