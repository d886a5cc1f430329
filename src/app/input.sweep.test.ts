/**
 * The sweep that keeps bad input out for every operation, present and future: each operation
 * the OpenAPI document lists gets NUL, a lone surrogate, U+FFFE, U+0001, a 10,000-character
 * string, 1e400, Infinity, -1e400 and 2^53 in each path parameter, query parameter, body field
 * and If-Match header, as an administrator, with everything else of the request made valid
 * enough to reach as far as it can. No answer may be a 500, a value that is bad for where it is
 * put must be refused, and such a refusal stores nothing: the row count of every table is the
 * same before and after.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from '../../test/support/node-test.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../test/support/platform.js';
import { seedDemoMeetings } from '../features/meetings/demo.js';

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  /** The media type of the body, and its schema when it is JSON. */
  body: { type: string; schema?: Schema } | null;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** A bad value, as it is written in a path, in a query string and in a JSON body. */
interface Bad {
  label: string;
  kind: 'text' | 'long' | 'number';
  inUrl: string;
  /** Raw JSON: 1e400 is a number token, which JSON.stringify cannot write. */
  json: string;
  /** For numbers: the value the server reads, to know whether a slot may hold it. */
  value?: number;
}

const long = 'a'.repeat(10_000);
const bads: Bad[] = [
  { label: 'NUL', kind: 'text', inUrl: 'a%00b', json: '"a\\u0000b"' },
  { label: 'lone surrogate', kind: 'text', inUrl: 'a%ED%A0%80b', json: '"a\\ud800b"' },
  { label: 'U+FFFE', kind: 'text', inUrl: 'a%EF%BF%BEb', json: '"a\\ufffeb"' },
  { label: 'U+0001', kind: 'text', inUrl: 'a%01b', json: '"a\\u0001b"' },
  { label: '10,000 characters', kind: 'long', inUrl: long, json: JSON.stringify(long) },
  { label: '1e400', kind: 'number', inUrl: '1e400', json: '1e400', value: Infinity },
  { label: 'Infinity', kind: 'number', inUrl: 'Infinity', json: '"Infinity"' },
  { label: '-1e400', kind: 'number', inUrl: '-1e400', json: '-1e400', value: -Infinity },
  {
    label: '2^53',
    kind: 'number',
    inUrl: '9007199254740992',
    json: '9007199254740992',
    value: 2 ** 53,
  },
];

const ifMatchValues = [
  '"1e400"',
  '"Infinity"',
  '"-1"',
  '"9007199254740992"',
  '"99999999999999999999"',
  '"1\u0000"',
  '"\ud800"',
];

/** A placeholder in a JSON body for the raw text of a bad value. */
const HOLE = '\u0000bad-value\u0000';

/** The OpenAPI document with every $ref replaced by the schema it names. */
function inlined(value: unknown, schemas: Record<string, Schema>): unknown {
  if (Array.isArray(value)) return value.map((item) => inlined(item, schemas));
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as Schema).$ref;
  if (ref) return inlined(schemas[ref.split('/').pop() ?? ''], schemas);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, inlined(item, schemas)]),
  );
}

/**
 * The types a slot may hold, its alternatives included. In a URL a list parameter takes a
 * single value as a list of one, so there the types of its items count too.
 */
function typesOf(schema: Schema | undefined, where: 'url' | 'body'): string[] {
  if (!schema) return [];
  const own = schema.type === undefined ? [] : [schema.type].flat();
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [
    ...own,
    ...(schema.enum ? ['enum'] : []),
    ...(where === 'url' && own.includes('array') ? typesOf(schema.items, where) : []),
    ...alternatives.flatMap((alternative) => typesOf(alternative, where)),
  ];
}

/** Whether a slot of this schema may hold the value, so that accepting it is no defect. */
function mayHold(schema: Schema | undefined, bad: Bad, where: 'url' | 'body'): boolean {
  const types = typesOf(schema, where);
  const free = (s: Schema | undefined) => !s?.format && !s?.pattern && !s?.enum;
  const text = types.includes('string') && free(schema) && free(schema?.items);
  switch (bad.kind) {
    case 'text':
      return false;
    case 'long': {
      const limit = schema?.maxLength ?? schema?.items?.maxLength ?? Infinity;
      return text && limit >= long.length;
    }
    case 'number':
      if (where === 'url') return !types.includes('integer') && !types.includes('number');
      // In a body: "Infinity" is a string; 2^53 is a finite number a double may hold.
      if (bad.value === undefined) return text;
      return Number.isFinite(bad.value) && types.includes('number');
  }
}

describe(`bad input, swept over every operation (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  /** Who calls each operation: an administrator, or the role it is for when they may not. */
  const callerOf = new Map<Operation, Session>();
  let doc: OpenApi;
  let operations: Operation[];
  const known = new Map<string, string>();
  const failures: string[] = [];
  /** How many probes a test sent, so that a sweep that reaches nothing fails too. */
  let sent = 0;

  /** A value of the schema, valid enough to get a request past its checks. */
  const sample = (schema: Schema | undefined, name = ''): unknown => {
    if (!schema) return 'sample';
    if (schema.const !== undefined) return schema.const;
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
    if (alternatives) {
      const chosen = alternatives.find((a) => a.type !== 'null') ?? alternatives[0];
      return sample(chosen, name);
    }
    const type = [schema.type ?? 'string'].flat().find((t) => t !== 'null') ?? 'null';
    switch (type) {
      case 'object':
        return Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, key)]),
        );
      case 'array':
        return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
          sample(schema.items, name),
        );
      case 'integer':
      case 'number':
        return Math.max(
          schema.minimum ?? 1,
          Math.min(schema.maximum ?? 2017, /year/i.test(name) ? 2017 : 1),
        );
      case 'boolean':
        return false;
      case 'null':
        return null;
      default:
        return sampleText(schema, name);
    }
  };

  const sampleText = (schema: Schema, name: string): string => {
    if (schema.format === 'date') return '2017-06-01';
    if (schema.format === 'date-time') return '2017-06-01T10:00:00Z';
    if (schema.format === 'email' || /email/i.test(name)) return 'someone@europol.example.eu';
    if (schema.format === 'uuid' || /Id$/.test(name)) return known.get('organisation') ?? '';
    if (schema.format === 'uri' || /url|website/i.test(name)) return 'https://www.europa.eu/';
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      const candidates = [
        '2017/1',
        '1.1',
        '1.1.3',
        known.get('line') ?? '',
        'abc',
        '1',
        'a-b',
        'Europol',
      ];
      return candidates.find((c) => pattern.test(c)) ?? 'sample';
    }
    const text = 'Sample text'.padEnd(schema.minLength ?? 0, 'x');
    return text.slice(0, schema.maxLength ?? text.length);
  };

  /** The value of a path parameter: a record that exists, found by the segment before it. */
  const pathValue = (path: string, name: string): string => {
    const segments = path.split('/');
    const at = segments.indexOf(`{${name}}`);
    const previous = segments[at - 1] ?? '';
    const byPrevious: Record<string, string | undefined> = {
      tokens: known.get('token'),
      users: known.get('user'),
      agencies: known.get('organisation'),
      bodies: known.get('body'),
      chairs: '2017',
      priorities: '2017',
      versions: '1',
      sections: '1.1',
      lines: known.get('line'),
      activities: known.get('activity'),
      meetings: known.get('meeting'),
      invitations: known.get('invitation'),
      participants: known.get('participant'),
      agenda: known.get('agendaItem'),
      'action-points': known.get('actionPoint'),
      calendar: known.get('feed'),
      documents: known.get('document'),
      'euci-agreement': known.get('organisation'),
    };
    if (name === 'feed') return 'network.ics';
    if (name === 'userId') return known.get('user') ?? '';
    return byPrevious[previous] ?? '00000000-0000-4000-8000-000000000000';
  };

  const urlOf = (operation: Operation, override?: { name: string; inUrl: string }, query = '') => {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      override?.name === name
        ? override.inUrl
        : encodeURIComponent(pathValue(operation.path, name)),
    );
    const required = operation.parameters
      .filter((p) => p.in === 'query' && p.required && p.schema?.default === undefined)
      .filter((p) => !query.startsWith(`${p.name}=`))
      .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`);
    const parts = [query, ...required].filter((p) => p !== '');
    return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
  };

  /** The body of the operation with one field replaced by the raw JSON of a bad value. */
  const bodyOf = (operation: Operation, field?: { path: (string | number)[]; json: string }) => {
    if (!operation.body) return undefined;
    if (operation.body.type !== 'application/json') return Buffer.from('sample file\n');
    const body = sample(operation.body.schema);
    if (!field) return JSON.stringify(body);
    let target: unknown = body;
    for (const key of field.path.slice(0, -1)) target = (target as Record<string, unknown>)[key];
    (target as Record<string | number, unknown>)[field.path.at(-1) ?? ''] = HOLE;
    return JSON.stringify(body).replace(JSON.stringify(HOLE), field.json);
  };

  /** Every field of a body schema, nested ones and the first item of lists included. */
  const fieldsOf = (
    schema: Schema | undefined,
    path: (string | number)[] = [],
  ): { path: (string | number)[]; schema: Schema }[] => {
    if (!schema) return [];
    const own = path.length > 0 ? [{ path, schema }] : [];
    const alternatives = schema.anyOf ?? schema.oneOf;
    const inner = alternatives ? alternatives.find((a) => a.type !== 'null') : schema;
    if (inner?.type === 'object')
      return [
        ...own,
        ...Object.entries(inner.properties ?? {}).flatMap(([key, value]) =>
          fieldsOf(value, [...path, key]),
        ),
      ];
    if (inner?.type === 'array') return [...own, ...fieldsOf(inner.items, [...path, 0])];
    return own;
  };

  const send = (
    operation: Operation,
    url: string,
    body: string | Buffer | undefined,
    headers: Record<string, string> = {},
    as = callerOf.get(operation) ?? admin,
  ) =>
    platform.request({
      method: operation.method.toUpperCase() as 'GET',
      url,
      as,
      ...(body === undefined ? {} : { body }),
      headers: {
        ...(body === undefined
          ? {}
          : { 'content-type': operation.body?.type ?? 'application/json' }),
        ...headers,
      },
    });

  let tables: string[] = [];
  const rowCounts = async () => {
    const union = tables
      .map((t) => `select '${t}' as t, count(*) as n from "${t}"`)
      .join(' union all ');
    const result = await sql<{ t: string; n: number | string }>`${sql.raw(union)}`.execute(
      platform.services.database.db,
    );
    return Object.fromEntries(result.rows.map((row) => [row.t, Number(row.n)]));
  };

  /** Ends a test: no failure, and at least `minimum` probes that had to be refused were sent. */
  const settle = (minimum: number) => {
    const count = sent;
    sent = 0;
    assert.deepEqual(failures.splice(0), []);
    assert.ok(
      count >= minimum,
      `${String(count)} probes were refused, fewer than ${String(minimum)}`,
    );
  };

  /** Runs probes that must be refused; none may be a 500, none may store anything. */
  const refusals = async (
    operation: Operation,
    probes: {
      what: string;
      url: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
      text: boolean;
    }[],
  ) => {
    if (probes.length === 0) return;
    const before = await rowCounts();
    for (const probe of probes) {
      sent += 1;
      const response = await send(operation, probe.url, probe.body, probe.headers);
      const name = `${operation.method.toUpperCase()} ${operation.path} ${probe.what}`;
      if (response.statusCode >= 500)
        failures.push(`${name}: ${String(response.statusCode)} ${response.body.slice(0, 200)}`);
      else if (response.statusCode < 400)
        failures.push(`${name}: accepted with ${String(response.statusCode)}`);
      else if (
        probe.text &&
        (response.statusCode !== 400 || !response.body.includes('"code":"invalid_input"'))
      )
        failures.push(`${name}: ${String(response.statusCode)} instead of 400 invalid_input`);
    }
    const afterwards = await rowCounts();
    for (const table of tables)
      if (before[table] !== afterwards[table])
        failures.push(
          `${operation.method.toUpperCase()} ${operation.path}: ${table} went from ${String(before[table])} to ${String(afterwards[table])} rows`,
        );
  };

  /** Runs probes of values a slot may hold: only a 500 is a defect. */
  const tolerated = async (
    operation: Operation,
    probes: {
      what: string;
      url: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
    }[],
  ) => {
    for (const probe of probes) {
      const response = await send(operation, probe.url, probe.body, probe.headers);
      if (response.statusCode >= 500)
        failures.push(
          `${operation.method.toUpperCase()} ${operation.path} ${probe.what}: ${String(response.statusCode)} ${response.body.slice(0, 200)}`,
        );
    }
  };

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    await seedDemoMeetings(platform.services);
    tables = (await platform.services.database.db.introspection.getTables())
      .map((t) => t.name)
      .filter((name) => !name.startsWith('kysely_') && !name.startsWith('document_search'));
    const { network } = platform.services;
    known.set('organisation', (await network.get('Europol')).id);
    known.set('body', (await network.get('EMSA')).id);
    known.set('user', (await platform.user('member', 'Europol')).id);
    const json = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const response = await platform.request({
        method,
        url,
        as: admin,
        ...(body ? { body } : {}),
      });
      assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
      return response.json<Record<string, unknown> & { id: string }>();
    };
    known.set('token', (await json('POST', '/api/me/tokens', { name: 'Sweep' })).id);
    const version = await json('GET', '/api/priorities/2017/versions/1');
    known.set('line', /"key":"([0-9a-f-]{36})"/.exec(JSON.stringify(version))?.[1] ?? '');
    const activity = await json('POST', '/api/activities', {
      year: 2017,
      title: 'Sweep activity',
      lines: ['1.1.3'],
      lead: 'Europol',
      kind: 'joint-training',
      plannedStart: '2017-03-01',
      plannedEnd: '2017-12-31',
    });
    known.set('activity', activity.id);
    const meetings = (await json('GET', '/api/meetings?pageSize=50')) as unknown as {
      items: { id: string }[];
    };
    for (const { id } of meetings.items) {
      const meeting = (await json('GET', `/api/meetings/${id}`)) as unknown as Record<
        string,
        { id: string }[]
      >;
      if (!known.has('meeting') || (meeting.participants?.length && meeting.actionPoints?.length)) {
        known.set('meeting', id);
        for (const [list, key] of [
          ['invitations', 'invitation'],
          ['participants', 'participant'],
          ['agenda', 'agendaItem'],
          ['actionPoints', 'actionPoint'],
        ] as const) {
          const first = meeting[list]?.[0]?.id;
          if (first) known.set(key, first);
        }
      }
    }
    const document = await json('POST', '/api/documents', {
      title: 'Sweep document',
      documentType: 'report',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
    });
    known.set('document', (document.document as { id: string } | undefined)?.id ?? document.id);
    const feed = await platform.request({ method: 'POST', url: '/api/calendar-feed', as: admin });
    known.set(
      'feed',
      /"token":"([^"]+)"/.exec(feed.body)?.[1] ??
        /\/calendar\/([^/"]+)\//.exec(feed.body)?.[1] ??
        'none',
    );

    const published = (await platform.request({ url: '/api/openapi.json' })).json<OpenApi>();
    doc = inlined(published, published.components?.schemas ?? {}) as OpenApi;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const content = Object.entries(operation.requestBody?.content ?? {})[0];
        return {
          method,
          path,
          parameters: operation.parameters ?? [],
          body: content
            ? { type: content[0], ...(content[1].schema ? { schema: content[1].schema } : {}) }
            : null,
        };
      }),
    );
    assert.ok(
      operations.length >= 100,
      `the document lists ${String(operations.length)} operations`,
    );
    // Operations that take no input at all (signing out, for one) have nothing to probe.
    operations = operations.filter(
      (o) => o.parameters.length > 0 || o.body?.type === 'application/json',
    );
    // A caller the route refuses gets 404 before any input is read, and an access.denied entry.
    const denials = async () =>
      Number(
        (
          await platform.services.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('action', '=', 'access.denied')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const callers = [
      admin,
      await platform.session('contact', 'Europol'),
      await platform.session('member', 'Europol'),
      await platform.session('observer', 'DG HOME'),
    ];
    for (const operation of operations) {
      const url = urlOf(operation);
      const probe = `${url}${url.includes('?') ? '&' : '?'}probe=%00`;
      for (const caller of callers) {
        const before = await denials();
        await send(operation, probe, bodyOf(operation), {}, caller);
        if ((await denials()) > before) continue;
        callerOf.set(operation, caller);
        break;
      }
      assert.ok(
        callerOf.has(operation),
        `some role may call ${operation.method} ${operation.path}`,
      );
    }
  });
  after(() => platform.close());

  test('path parameters', async () => {
    for (const operation of operations) {
      const params = operation.parameters.filter((p) => p.in === 'path');
      const body = bodyOf(operation);
      const probe = (p: Parameter, bad: Bad) => ({
        what: `path ${p.name}=${bad.label}`,
        url: urlOf(operation, { name: p.name, inUrl: bad.inUrl }),
        ...(body === undefined ? {} : { body }),
      });
      await refusals(
        operation,
        params.flatMap((p) =>
          bads
            .filter((bad) => !mayHold(p.schema, bad, 'url') || bad.kind === 'long')
            .map((bad) => ({ ...probe(p, bad), text: bad.kind === 'text' })),
        ),
      );
      await tolerated(
        operation,
        params.flatMap((p) =>
          bads
            .filter((bad) => mayHold(p.schema, bad, 'url') && bad.kind !== 'long')
            .map((bad) => probe(p, bad)),
        ),
      );
    }
    settle(500);
  });

  test('query parameters', async () => {
    for (const operation of operations) {
      const params = operation.parameters.filter((p) => p.in === 'query');
      const body = bodyOf(operation);
      const probe = (p: Parameter, bad: Bad) => ({
        what: `query ${p.name}=${bad.label}`,
        url: urlOf(operation, undefined, `${p.name}=${bad.inUrl}`),
        ...(body === undefined ? {} : { body }),
      });
      await refusals(
        operation,
        params.flatMap((p) =>
          bads
            .filter((bad) => !mayHold(p.schema, bad, 'url'))
            .map((bad) => ({ ...probe(p, bad), text: bad.kind === 'text' })),
        ),
      );
      await tolerated(
        operation,
        params.flatMap((p) =>
          bads.filter((bad) => mayHold(p.schema, bad, 'url')).map((bad) => probe(p, bad)),
        ),
      );
    }
    settle(700);
  });

  test('body fields', async () => {
    for (const operation of operations) {
      if (operation.body?.type !== 'application/json') continue;
      const fields = fieldsOf(operation.body.schema);
      const url = urlOf(operation);
      const probe = (field: { path: (string | number)[] }, bad: Bad) => ({
        what: `body ${field.path.join('.')}=${bad.label}`,
        url,
        body: bodyOf(operation, { path: field.path, json: bad.json }),
      });
      await refusals(
        operation,
        fields.flatMap((f) =>
          bads
            .filter((bad) => !mayHold(f.schema, bad, 'body'))
            .map((bad) => ({ ...probe(f, bad), text: bad.kind === 'text' })),
        ),
      );
      await tolerated(
        operation,
        fields.flatMap((f) =>
          bads.filter((bad) => mayHold(f.schema, bad, 'body')).map((bad) => probe(f, bad)),
        ),
      );
    }
    settle(2000);
  });

  test('If-Match', async () => {
    for (const operation of operations) {
      if (!operation.parameters.some((p) => p.in === 'header' && p.name === 'if-match')) continue;
      const url = urlOf(operation);
      // The body that gets the request as far as reading If-Match: a stale version answers 412.
      const candidates = [bodyOf(operation), operation.body ? '{}' : undefined];
      let body = candidates[0];
      for (const candidate of candidates) {
        const stale = await send(operation, url, candidate, { 'if-match': '"2147483647"' });
        if (stale.statusCode === 400) continue;
        body = candidate;
        break;
      }
      await refusals(
        operation,
        ifMatchValues.map((value) => ({
          what: `If-Match ${JSON.stringify(value)}`,
          url,
          ...(body === undefined ? {} : { body }),
          headers: { 'if-match': value },
          text: false,
        })),
      );
    }
    settle(200);
  });
});
