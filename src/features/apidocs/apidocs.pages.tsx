import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { anyone } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { Table, type Column } from '../../app/html/components.js';
import { resolveReference, type Reference } from '../../app/openapi/openapi-types.js';

/**
 * The parts of an OpenAPI 3.1 document this page reads. The document is generated from the
 * route schemas by @fastify/swagger and finished by `src/app/openapi/`, so only these shapes
 * occur in it; named schemas and shared answers are references into its components.
 */
interface SchemaObject {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  $ref?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, ResponseObject | Reference>;
}

interface ResponseObject {
  description: string;
  content?: Record<string, unknown>;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Partial<Record<string, Operation>>>;
  components: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Entry {
  document: OpenApiDocument;
  id: string;
  method: string;
  path: string;
  operation: Operation;
}

interface Field {
  name: string;
  where?: string;
  required: boolean;
  schema: SchemaObject | undefined;
  description?: string | undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A schema as a person reads it: "string (date)", "one of asc, desc", "list of integer". */
function typeOf(ctx: PageContext, schema: SchemaObject | undefined): string {
  const { t } = ctx;
  if (!schema) return t('apiDocs.type.any');
  if (schema.$ref) return schema.$ref.split('/').pop() ?? schema.$ref;
  if (schema.enum) return t('apiDocs.type.oneOf', { values: schema.enum.map(show).join(', ') });
  if (schema.const !== undefined) return show(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return alternatives
      .map((alternative) => typeOf(ctx, alternative))
      .reduce((left, right) => t('apiDocs.type.or', { left, right }));
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return t('apiDocs.type.any');
  return types
    .map((type) => {
      if (type === 'array') return t('apiDocs.type.listOf', { type: typeOf(ctx, schema.items) });
      return schema.format ? `${type} (${schema.format})` : type;
    })
    .reduce((left, right) => t('apiDocs.type.or', { left, right }));
}

/** The limits and default of a value, and what it means, in one line. */
function notesOf(ctx: PageContext, field: Field): string {
  const { t } = ctx;
  const schema = field.schema ?? {};
  const notes: string[] = [];
  const description = field.description ?? schema.description;
  if (description) notes.push(description);
  const { minLength, maxLength, minimum, maximum } = schema;
  if (minLength !== undefined && maxLength !== undefined) {
    notes.push(t('apiDocs.length', { min: minLength, max: maxLength }));
  } else if (maxLength !== undefined) {
    notes.push(t('apiDocs.maxLength', { max: maxLength }));
  } else if (minLength !== undefined) {
    notes.push(t('apiDocs.minLength', { min: minLength }));
  }
  if (minimum !== undefined && maximum !== undefined) {
    notes.push(t('apiDocs.range', { min: minimum, max: maximum }));
  } else if (maximum !== undefined) {
    notes.push(t('apiDocs.maximum', { max: maximum }));
  } else if (minimum !== undefined) {
    notes.push(t('apiDocs.minimum', { min: minimum }));
  }
  if (schema.pattern) notes.push(t('apiDocs.pattern', { pattern: schema.pattern }));
  if (schema.default !== undefined)
    notes.push(t('apiDocs.default', { value: show(schema.default) }));
  return notes.join('. ');
}

function anchorOf(method: string, path: string): string {
  return `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

function tagAnchor(tag: string): string {
  return `tag-${tag.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Operations grouped by their first tag, in the order the routes were declared. */
function groupByTag(document: OpenApiDocument, untagged: string): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? untagged;
      const entries = groups.get(tag) ?? [];
      entries.push({ document, id: anchorOf(method, path), method, path, operation });
      groups.set(tag, entries);
    }
  }
  return groups;
}

function FieldTable({
  ctx,
  caption,
  fields,
  withLocation,
}: {
  ctx: PageContext;
  caption: string;
  fields: Field[];
  withLocation: boolean;
}): Html {
  const { t } = ctx;
  const columns: Column<Field>[] = [
    { header: t('apiDocs.name'), cell: (f) => <code>{f.name}</code> },
    ...(withLocation ? [{ header: t('apiDocs.in'), cell: (f: Field) => f.where ?? '' }] : []),
    {
      header: t('apiDocs.required'),
      cell: (f) => (f.required ? t('common.yes') : t('common.no')),
    },
    { header: t('apiDocs.type'), cell: (f) => typeOf(ctx, f.schema) },
    { header: t('apiDocs.notes'), cell: (f) => notesOf(ctx, f) },
  ];
  return <Table ctx={ctx} caption={caption} columns={columns} rows={fields} />;
}

function bodyFields(schema: SchemaObject): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    required: required.has(name),
    schema: property,
  }));
}

function OperationSection({ ctx, entry }: { ctx: PageContext; entry: Entry }): Html {
  const { t } = ctx;
  const { document, operation, method, path } = entry;
  const label = `${method.toUpperCase()} ${path}`;
  const parameters: Field[] = (operation.parameters ?? []).map((p) => ({
    name: p.name,
    where: p.in,
    required: p.required === true,
    schema: p.schema,
    description: p.description,
  }));
  const bodyTypes = Object.entries(operation.requestBody?.content ?? {}).map(
    ([mediaType, media]) =>
      [mediaType, media.schema && resolveReference(document, media.schema)] as const,
  );
  const responses = Object.entries(operation.responses ?? {}).map(
    ([status, response]) => [status, resolveReference(document, response)] as const,
  );
  return (
    <section class="ecl-u-mb-2xl" aria-labelledby={entry.id}>
      <h3 class="ecl-u-type-heading-3" id={entry.id}>
        <code>{method.toUpperCase()}</code> <code>{path}</code>
      </h3>
      {operation.summary ? <p class="ecl-u-type-paragraph-m">{operation.summary}</p> : null}
      {(operation.description ?? '')
        .split(/\n{2,}/)
        .filter((paragraph) => paragraph.trim() !== '')
        .map((paragraph) => (
          <p class="ecl-u-type-paragraph">{paragraph}</p>
        ))}
      {parameters.length > 0 ? (
        <div>
          <h4 class="ecl-u-type-heading-4">{t('apiDocs.parameters')}</h4>
          <FieldTable
            ctx={ctx}
            caption={t('apiDocs.parametersOf', { operation: label })}
            fields={parameters}
            withLocation={true}
          />
        </div>
      ) : null}
      {bodyTypes.map(([mediaType, schema]) => (
        <div>
          <h4 class="ecl-u-type-heading-4">
            {t('apiDocs.requestBody')} (<code>{mediaType}</code>)
          </h4>
          {schema?.properties ? (
            <FieldTable
              ctx={ctx}
              caption={t('apiDocs.requestBodyOf', { operation: label })}
              fields={bodyFields(schema)}
              withLocation={false}
            />
          ) : (
            <p class="ecl-u-type-paragraph">{typeOf(ctx, schema)}</p>
          )}
        </div>
      ))}
      {responses.length > 0 ? (
        <div>
          <h4 class="ecl-u-type-heading-4">{t('apiDocs.responses')}</h4>
          <ul class="ecl-unordered-list">
            {responses.map(([status, response]) => {
              const meaning = STATUS_CODES[status] ?? '';
              const detail =
                response.description && response.description !== meaning
                  ? `: ${response.description}`
                  : '';
              const types = Object.keys(response.content ?? {});
              return (
                <li class="ecl-unordered-list__item">
                  <code>{status}</code> {meaning}
                  {detail}
                  {types.length > 0 ? (
                    <span>
                      {' '}
                      ({types.map((type, i) => [i > 0 ? ', ' : '', <code>{type}</code>])})
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function ApiReference({ ctx, document }: { ctx: PageContext; document: OpenApiDocument }): Html {
  const { t } = ctx;
  const groups = groupByTag(document, t('apiDocs.untagged'));
  return (
    <Layout ctx={ctx} title={t('apiDocs.title')}>
      <p class="ecl-u-type-paragraph">{t('apiDocs.intro', { url: '/api/openapi.json' })}</p>
      {document.info.description ? (
        <p class="ecl-u-type-paragraph">{document.info.description}</p>
      ) : null}
      <p>
        <a class="ecl-link ecl-link--standalone" href="/api/openapi.json">
          {t('apiDocs.openapiLink')}
        </a>
      </p>
      <nav aria-labelledby="api-contents">
        <h2 class="ecl-u-type-heading-2" id="api-contents">
          {t('apiDocs.contents')}
        </h2>
        <ul class="ecl-unordered-list">
          {[...groups].map(([tag, entries]) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={`#${tagAnchor(tag)}`}>
                {tag}
              </a>
              <ul class="ecl-unordered-list">
                {entries.map((entry) => (
                  <li class="ecl-unordered-list__item">
                    <a class="ecl-link" href={`#${entry.id}`}>
                      <code>{entry.method.toUpperCase()}</code> <code>{entry.path}</code>
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      {[...groups].map(([tag, entries]) => (
        <section aria-labelledby={tagAnchor(tag)}>
          <h2 class="ecl-u-type-heading-2" id={tagAnchor(tag)}>
            {tag}
          </h2>
          {entries.map((entry) => (
            <OperationSection ctx={ctx} entry={entry} />
          ))}
        </section>
      ))}
    </Layout>
  );
}

/** The API reference, rendered on the server from the same OpenAPI document the API serves. */
export async function apiDocsPages(app: FastifyInstance): Promise<void> {
  app.get('/api/docs', { config: { access: anyone, page: true } }, async (request, reply) => {
    // app.swagger() is typed for OpenAPI 2 and 3 at once; this page reads only the shapes above.
    const document = app.swagger() as unknown as OpenApiDocument;
    return sendHtml(reply, <ApiReference ctx={request.pageContext()} document={document} />);
  });
}
