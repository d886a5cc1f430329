import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { conformanceTo } from '../../../test/support/openapi-conformance.js';
import { schemaNames } from '../../app/openapi/declare.js';
import {
  operationsOf,
  resolveReference,
  type JsonSchema,
  type OpenApiDocument,
  type OperationObject,
  type ResponseObject,
} from '../../app/openapi/openapi-types.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PROBLEM = 'application/problem+json';

/** Every `$ref` anywhere in a value, with where it was found. */
function referencesIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string'
      ? [{ ref: inner, at }]
      : referencesIn(inner, `${at}/${key}`),
  );
}

/** Every schema an operation holds: parameters, bodies, answers and their headers. */
function schemasOf(document: OpenApiDocument, operation: OperationObject): JsonSchema[] {
  const responses = Object.values(operation.responses).map((r) => resolveReference(document, r));
  return [
    ...(operation.parameters ?? []).flatMap((p) => (p.schema ? [p.schema] : [])),
    ...Object.values(operation.requestBody?.content ?? {}).flatMap((m) =>
      m.schema ? [m.schema] : [],
    ),
    ...responses.flatMap((r) =>
      Object.values(r.content ?? {}).flatMap((m) => (m.schema ? [m.schema] : [])),
    ),
    ...responses.flatMap((r) =>
      Object.values(r.headers ?? {}).map((h) => resolveReference(document, h).schema),
    ),
  ];
}

function operation(document: OpenApiDocument, operationId: string): OperationObject {
  const found = operationsOf(document).find((o) => o.operation.operationId === operationId);
  assert.ok(found, `no operation ${operationId}`);
  return found.operation;
}

function answer(document: OpenApiDocument, operationId: string, status: string): ResponseObject {
  const response = operation(document, operationId).responses[status];
  assert.ok(response, `${operationId} documents no ${status}`);
  return resolveReference(document, response);
}

describe('the OpenAPI document', () => {
  let platform: TestPlatform;
  let document: OpenApiDocument;

  before(async () => {
    platform = await testPlatform();
    const served = await platform.request({ url: '/api/openapi.json' });
    assert.equal(served.statusCode, 200);
    document = served.json<OpenApiDocument>();
  });
  after(() => platform.close());

  test('is served whole, as the platform builds it', () => {
    assert.deepEqual(document, JSON.parse(JSON.stringify(platform.app.swagger())));
  });

  test('keeps the structural rules of OpenAPI 3.1', () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.ok(document.info.title && document.info.version);
    const schemes = Object.keys(document.components.securitySchemes ?? {});
    for (const name of Object.keys(document.components.schemas ?? {})) {
      assert.match(name, /^[A-Za-z0-9._-]+$/, `component name ${name}`);
    }
    for (const { ref, at } of referencesIn(document)) {
      assert.ok(ref.startsWith('#/components/'), `${at}: ${ref} is not a component`);
      assert.doesNotThrow(() => resolveReference(document, { $ref: ref }), `${at}: ${ref}`);
    }
    for (const { path, method, operation: op } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.match(path, /^\//, where);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const inPath = (op.parameters ?? []).filter((p) => p.in === 'path');
      assert.deepEqual(inPath.map((p) => p.name).sort(), templated, `${where}: path parameters`);
      for (const p of inPath) assert.equal(p.required, true, `${where}: ${p.name} is required`);
      const keys = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      assert.equal(new Set(keys).size, keys.length, `${where}: a parameter is repeated`);
      assert.ok(Object.keys(op.responses).length > 0, `${where} has no responses`);
      for (const [status, response] of Object.entries(op.responses)) {
        assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${where}: status ${status}`);
        assert.ok(resolveReference(document, response).description, `${where} ${status}`);
      }
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) assert.ok(schemes.includes(scheme));
      }
    }
  });

  test('holds only schemas that are valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const schemas = [
      ...Object.values(document.components.schemas ?? {}),
      ...operationsOf(document).flatMap(({ operation: op }) => schemasOf(document, op)),
    ];
    for (const schema of schemas) {
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    }
  });

  test('documents every error as problem details with the one shared Problem schema', () => {
    const problem = document.components.schemas?.Problem;
    assert.equal(problem?.type, 'object');
    for (const { path, method, operation: op } of operationsOf(document)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith('4') && status !== '500') continue;
        assert.deepEqual(
          resolveReference(document, response).content,
          { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } },
          `${method.toUpperCase()} ${path} ${status}`,
        );
      }
    }
    assert.ok(!JSON.stringify(document.paths).includes('"title":"Problem"'));
  });

  test('gives every operation the errors its input, access and method allow', () => {
    for (const { path, method, operation: op } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      const has = (status: string, why: string) => {
        assert.ok(statuses.includes(status), `${where} (${why}) documents no ${status}`);
      };
      has('500', 'every operation');
      if (method !== 'get') {
        for (const status of ['400', '403', '413', '415']) has(status, 'a write');
      }
      if (op.parameters?.length) has('400', 'it takes parameters');
      if (op.security) has('401', 'it needs a signed-in caller');
      if (path.includes('{')) {
        has('404', 'it names a record');
        has('414', 'it has path parameters');
      }
      if (op.parameters?.some((p) => p.in === 'header' && p.name === 'if-match')) {
        has('412', 'it reads If-Match');
      }
    }
    assert.ok(operation(document, 'signIn').responses['429']);
    const tooMany = answer(document, 'signIn', '429');
    assert.ok(tooMany.headers?.['Retry-After'], 'a 429 says when to try again');
  });

  test('names every operation with a unique operationId', () => {
    const ids = operationsOf(document).map(({ operation: op }) => op.operationId);
    for (const id of ids) assert.match(String(id), /^[a-z][A-Za-z]+$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(operation(document, 'getAgencies').summary, 'The member agencies of the network');
    assert.ok(operation(document, 'disableUser'));
    assert.ok(operation(document, 'exportScorecardCsv'));
  });

  test('names shared schemas once in components and refers to them', () => {
    const names = Object.keys(document.components.schemas ?? {});
    for (const name of ['Problem', 'FieldError', 'User', 'DocumentDetail', 'MeetingDetail']) {
      assert.ok(names.includes(name), `components.schemas has no ${name}`);
    }
    for (const name of schemaNames()) {
      assert.ok(names.includes(name), `${name} is named but does not reach the document`);
    }
    const referenced = new Set(referencesIn(document).map(({ ref }) => ref.split('/').pop()));
    for (const name of names) assert.ok(referenced.has(name), `${name} is never referred to`);
    assert.deepEqual(answer(document, 'getDocument', '200').content?.['application/json'], {
      schema: { $ref: '#/components/schemas/DocumentDetail' },
    });
  });

  test('requires no parameter that has a default', () => {
    for (const { path, method, operation: op } of operationsOf(document)) {
      for (const parameter of op.parameters ?? []) {
        if (parameter.schema?.default === undefined) continue;
        assert.notEqual(parameter.required, true, `${method} ${path}: ${parameter.name}`);
      }
    }
    const scorecard = operation(document, 'getScorecard').parameters ?? [];
    for (const name of ['sort', 'direction', 'page', 'pageSize']) {
      assert.equal(scorecard.find((p) => p.name === name)?.required, false, name);
    }
  });

  test('documents files, text and calendars with their real media types', () => {
    const types = (operationId: string) =>
      Object.keys(answer(document, operationId, '200').content ?? {});
    assert.deepEqual(types('exportAuditCsv'), ['text/csv']);
    assert.deepEqual(types('exportDocumentsCsv'), ['text/csv']);
    assert.deepEqual(types('exportScorecardCsv'), ['text/csv']);
    assert.deepEqual(types('exportScorecardXlsx'), [XLSX]);
    assert.deepEqual(types('getDocumentText'), ['text/plain']);
    assert.deepEqual(types('getCalendarFeedFile'), ['text/calendar']);
    const file = answer(document, 'getDocumentFile', '200').content ?? {};
    for (const type of ['application/pdf', 'image/png', 'text/plain']) {
      assert.deepEqual(file[type]?.schema, { type: 'string', format: 'binary' }, type);
    }
    assert.deepEqual(answer(document, 'getOpenApiDocument', '200').content, {
      'application/json': { schema: { $ref: '#/components/schemas/OpenApiDocument' } },
    });
    const uploads = [
      ['importScorecard', XLSX],
      ['createDocumentVersion', 'application/octet-stream'],
    ] as const;
    for (const [operationId, type] of uploads) {
      const body = operation(document, operationId).requestBody?.content ?? {};
      assert.deepEqual(Object.keys(body), [type], operationId);
      const schema: JsonSchema = body[type]?.schema ?? {};
      assert.equal(schema.type, 'string');
      assert.equal(schema.format, 'binary');
    }
  });

  test('documents the ETag where it is sent and If-Match where it is read', () => {
    for (const operationId of ['getDocument', 'updateDocument', 'getMe', 'createUser']) {
      const status = operationId === 'createUser' ? '201' : '200';
      const header = answer(document, operationId, status).headers?.ETag;
      assert.ok(header, `${operationId} documents no ETag`);
      assert.equal(resolveReference(document, header).required, true);
    }
    assert.equal(answer(document, 'getDocuments', '200').headers, undefined);
    const ifMatch = operation(document, 'updateDocument').parameters?.find(
      (p) => p.name === 'if-match',
    );
    assert.equal(ifMatch?.in, 'header');
    assert.ok(operation(document, 'updateDocument').responses['428']);
  });

  test('the check of every answer against the document names what differs', () => {
    const check = conformanceTo(document);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const agency = '{"items":[],"total":0}';
    assert.deepEqual(
      check.check({
        method: 'GET',
        url: '/api/agencies',
        statusCode: 200,
        headers: json,
        body: agency,
      }),
      { operation: 'getAgencies', differences: [] },
    );
    const undocumented = check.check({
      method: 'GET',
      url: '/api/agencies?q=x',
      statusCode: 409,
      headers: json,
      body: '{}',
    });
    assert.match(undocumented.differences.join(), /status 409 is not documented/);
    const wrongType = check.check({
      method: 'GET',
      url: '/api/agencies/FRA',
      statusCode: 404,
      headers: json,
      body: '{}',
    });
    assert.match(wrongType.differences.join(), /media type application\/json is not documented/);
    const wrongBody = check.check({
      method: 'GET',
      url: '/api/agencies',
      statusCode: 200,
      headers: json,
      body: '{"items":[{"id":1}],"total":"none"}',
    });
    assert.match(wrongBody.differences.join('\n'), /body\/total must be integer/);
    assert.match(wrongBody.differences.join('\n'), /body\/items\/0 must have required property/);
    const untagged = check.check({
      method: 'GET',
      url: '/api/agencies',
      statusCode: 200,
      headers: { ...json, etag: '"1"' },
      body: agency,
    });
    assert.match(untagged.differences.join(), /sends etag but the document does not mention it/);
  });
});
