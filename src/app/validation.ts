/**
 * The validators of request schemas. Every number a schema accepts is finite, and every integer
 * fits an integer column: a schema that states no bounds gets those of the column, and one that
 * states wider bounds stops the server at start.
 */
import { Ajv, _, type KeywordCxt, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import { STORABLE_INTEGER } from './integers.js';

const ajvBase: AjvOptions = { allErrors: false, useDefaults: true, removeAdditional: false };
// Bodies are JSON and must have the right types; query strings and paths are text and get coerced.
const bodyAjv = addFormats.default(new Ajv({ ...ajvBase, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv({ ...ajvBase, coerceTypes: 'array' }));

/**
 * Ajv checks bounds only on finite numbers, and its coercion of text reads "1e400" and
 * "Infinity" as Infinity, which then passes every bound. This keyword refuses them. It names no
 * data type on purpose: Ajv would put it among the number keywords, which skip what is not finite.
 */
const finiteKeyword = {
  keyword: 'finite',
  schemaType: 'boolean',
  code(context: KeywordCxt) {
    context.fail(_`typeof ${context.data} == "number" && !Number.isFinite(${context.data})`);
  },
  error: { message: 'must be a finite number' },
} as const;

for (const ajv of [bodyAjv, textAjv]) {
  ajv.addKeyword('example');
  ajv.addKeyword(finiteKeyword);
}

/** Keywords whose values are data, not schemas: they are copied as they are. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

type SchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(node: SchemaNode): unknown[] {
  return Array.isArray(node.type) ? node.type : [node.type];
}

/** The integer bounds a schema states must lie within those of an integer column. */
function checkStatedBounds(node: SchemaNode, where: string): void {
  const { minimum, maximum } = STORABLE_INTEGER;
  const allowed: Record<string, [number, number]> = {
    minimum: [minimum, maximum],
    maximum: [minimum, maximum],
    exclusiveMinimum: [minimum - 1, maximum],
    exclusiveMaximum: [minimum, maximum + 1],
  };
  for (const [keyword, [low, high]] of Object.entries(allowed)) {
    const bound = node[keyword];
    if (typeof bound === 'number' && (bound < low || bound > high))
      throw new Error(
        `${where}: the integer bound ${keyword}: ${String(bound)} is beyond what an integer column holds.`,
      );
  }
}

/** A copy of the schema with the number rules above added to each of its numbers. */
function withNumberRules(schema: unknown, where: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withNumberRules(item, where));
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(schema))
    copy[key] = DATA_KEYWORDS.has(key) ? value : withNumberRules(value, where);
  const types = typesOf(schema);
  if (types.includes('integer')) {
    checkStatedBounds(schema, where);
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
      copy.minimum = STORABLE_INTEGER.minimum;
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
      copy.maximum = STORABLE_INTEGER.maximum;
  }
  if (types.includes('integer') || types.includes('number')) copy.finite = true;
  return copy;
}

type Validator = ReturnType<Ajv['compile']>;
/** By schema, for bodies and for the text parts: the two are compiled differently. */
const compiled = { body: new WeakMap<object, Validator>(), text: new WeakMap<object, Validator>() };

/**
 * Fastify's validator compiler: bodies strictly typed, the text parts of a request coerced, and
 * the number rules above applied to both. A schema shared by several routes is compiled once.
 */
export function compileValidator(route: {
  schema: object;
  httpPart?: string;
  method?: string;
  url?: string;
}): Validator {
  const part = route.httpPart === 'body' ? 'body' : 'text';
  const known = compiled[part].get(route.schema);
  if (known) return known;
  const ajv = part === 'body' ? bodyAjv : textAjv;
  const where = `${route.method ?? ''} ${route.url ?? ''} (${route.httpPart ?? 'schema'})`;
  const validator = ajv.compile(withNumberRules(route.schema, where) as object);
  compiled[part].set(route.schema, validator);
  return validator;
}
