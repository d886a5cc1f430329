/**
 * What routes and schema files declare for the OpenAPI document beyond what Fastify reads:
 * names of shared schemas, answers that are not JSON, and answers that do not always send the
 * ETag of the record they hold. `src/app/openapi/` reads these when it builds the document.
 */
import { Type, type TSchema } from 'typebox';

const givenNames = new Set<string>();

/**
 * Names schemas for the OpenAPI document: each becomes one entry of `components.schemas` that
 * every operation using it refers to, instead of a copy in each. The name is the schema's JSON
 * Schema `title`, which validation ignores; a schema file names its own at its end, so that the
 * name reaches every schema built from it afterwards. Names are unique across the API: the
 * document is not built when two different schemas share one.
 */
export function nameSchemas(schemas: Record<string, TSchema>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    (schema as TSchema & { title?: string }).title = name;
    givenNames.add(name);
  }
}

/**
 * Every name given with `nameSchemas`, so a test can find one that never reaches the document:
 * a wrapper such as `Type.Optional(schema)` copies the schema before the file names it.
 */
export function schemaNames(): ReadonlySet<string> {
  return givenNames;
}

/** A response whose body is text of one media type, such as text/csv, rather than JSON. */
export function textResponse(description: string, mediaType: string) {
  return { description, content: { [mediaType]: { schema: Type.String() } } };
}

/** A response whose body is a file, of one of the media types given. */
export function fileResponse(description: string, mediaTypes: readonly string[]) {
  const schema = Type.String({ format: 'binary' });
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema }])),
  };
}

/** How an answer that holds a versioned record sends its ETag, where not always. */
export const VERSION_TAG = Symbol('versionTag');

/**
 * Marks, for the OpenAPI document, an answer that holds a versioned record but does not always
 * send its ETag: `'sometimes'` (the record as it is now, not as it stood on a day) or `'never'`
 * (its version is a number of another kind, or no change is based on this answer). Every other
 * successful answer whose body carries an integer `version` or `rowVersion` sends it as ETag.
 */
export function versionTagSent<T extends TSchema>(schema: T, sent: 'sometimes' | 'never'): T {
  return { ...schema, [VERSION_TAG]: sent };
}
