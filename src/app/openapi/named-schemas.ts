import { isDeepStrictEqual } from 'node:util';
import { operationsOf, type JsonSchema, type OpenApiDocument } from './openapi-types.js';

/** Keywords whose value is one schema, or a list of schemas, or a map of names to schemas. */
const ONE_SCHEMA = [
  'items',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of the schema whose sub-schemas have each been passed through `visit`. */
function mapSubSchemas(schema: JsonSchema, visit: (schema: JsonSchema) => JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  for (const key of ONE_SCHEMA) {
    const value = copy[key];
    if (isSchema(value)) copy[key] = visit(value);
  }
  for (const key of SCHEMA_LISTS) {
    const value = copy[key];
    if (Array.isArray(value)) {
      copy[key] = (value as unknown[]).map((item) => (isSchema(item) ? visit(item) : item));
    }
  }
  for (const key of SCHEMA_MAPS) {
    const value = copy[key];
    if (isSchema(value)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, isSchema(item) ? visit(item) : item]),
      );
    }
  }
  return copy;
}

/**
 * Moves every schema that carries a `title` into `components.schemas` under that title, and puts
 * a `$ref` where it was. TypeBox schemas are plain objects, so a schema shared by many routes
 * is inlined in each of them by the generator; a title names it once. Two different schemas with
 * one title are a mistake that would make one of them lie: the document is not built.
 */
export function hoistNamedSchemas(document: OpenApiDocument): void {
  const named: Record<string, JsonSchema> = { ...document.components.schemas };

  const hoist = (schema: JsonSchema): JsonSchema => {
    const inner = mapSubSchemas(schema, hoist);
    const title = inner.title;
    if (typeof title !== 'string') return inner;
    if (!COMPONENT_NAME.test(title)) {
      throw new Error(
        `The schema title "${title}" cannot name a component: use letters and digits`,
      );
    }
    const existing = named[title];
    if (existing !== undefined && !isDeepStrictEqual(existing, inner)) {
      throw new Error(
        `Two different schemas are titled "${title}": give each its own title.\n${JSON.stringify(existing)}\n${JSON.stringify(inner)}`,
      );
    }
    named[title] = inner;
    return { $ref: `#/components/schemas/${title}` };
  };

  for (const [name, schema] of Object.entries(named)) {
    // A component keeps its own body; only what it contains is referenced.
    named[name] = mapSubSchemas(schema, hoist);
  }
  for (const { operation } of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.schema) parameter.schema = hoist(parameter.schema);
    }
    for (const media of Object.values(operation.requestBody?.content ?? {})) {
      if (media.schema) media.schema = hoist(media.schema);
    }
    for (const response of Object.values(operation.responses)) {
      if ('$ref' in response) continue;
      for (const media of Object.values(response.content ?? {})) {
        if (media.schema) media.schema = hoist(media.schema);
      }
    }
  }
  document.components.schemas = Object.fromEntries(
    Object.entries(named).sort(([a], [b]) => a.localeCompare(b)),
  );
}
