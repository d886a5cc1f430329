import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { after, before, describe, test } from '../../test/support/node-test.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../test/support/platform.js';
import { anyone } from './access.js';
import { buildServer } from './server.js';

interface Problem {
  status: number;
  code: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

const activity = {
  year: 2017,
  title: 'Joint training on fundamental rights at the borders',
  lines: ['1.1.3'],
  lead: 'Frontex',
  kind: 'joint-training',
  plannedStart: '2017-03-01',
  plannedEnd: '2017-12-31',
};

/** An answer of the API to bad input: problem details naming the field, with the request's id. */
function assertRefused(response: LightMyRequestResponse, field: string, status = 400): Problem {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  const problem = response.json<Problem>();
  assert.equal(problem.code, status === 400 ? 'invalid_input' : problem.code);
  assert.equal(response.headers['x-request-id'], problem.requestId);
  if (status === 400)
    assert.ok(
      problem.errors?.some((e) => e.field === field),
      `${field} is named: ${JSON.stringify(problem.errors)}`,
    );
  return problem;
}

describe(`clean input at the edge (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;

  const count = async (table: 'scorecard_activities' | 'users' | 'documents' | 'audit_log') => {
    const row = await platform.services.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const createActivity = (body: unknown) =>
    platform.request({
      method: 'POST',
      url: '/api/activities',
      as: admin,
      // A string is sent as it is: JSON.stringify cannot write 1e400, and writes a lone
      // surrogate as the escape \ud800, which the server's JSON reader turns back into one.
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  const me = async () =>
    (await platform.request({ url: '/api/me', as: admin })).json<{
      name: string;
      version: number;
    }>();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
  });
  after(() => platform.close());

  test('NUL and lone surrogates in a JSON body are refused, naming the field; nothing is stored', async () => {
    const activities = await count('scorecard_activities');
    const entries = await count('audit_log');
    for (const [body, field] of [
      [{ ...activity, title: 'Joint\u0000training' }, 'title'],
      [{ ...activity, title: 'Joint training \ud800' }, 'title'],
      [{ ...activity, description: '\udc00 trailing half' }, 'description'],
      [
        { ...activity, indicators: [{ name: 'Cases\u0000', unit: '', target: 1, value: 0 }] },
        'indicators.0.name',
      ],
      [{ ...activity, tags: ['ok', 'bad\u0000'] }, 'tags.1'],
    ] as const) {
      assertRefused(await createActivity(body), field);
    }
    assert.equal(await count('scorecard_activities'), activities);
    assert.equal(await count('audit_log'), entries);
  });

  test('the sign-in e-mail address with NUL or a lone surrogate is refused, not a server error', async () => {
    for (const email of ['admin\u0000@euda.example.eu', 'admin\ud800@euda.example.eu']) {
      const response = await platform.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: JSON.stringify({ email, password: 'not the password' }),
        headers: { 'content-type': 'application/json' },
      });
      assertRefused(response, 'email');
    }
  });

  test('a field name holding NUL is refused like a value', async () => {
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: JSON.stringify({ email: 'a@b.eu', password: 'x', 'x\u0000': 1 }),
      headers: { 'content-type': 'application/json' },
    });
    const problem = assertRefused(response, 'body');
    assert.match(
      problem.errors?.[0]?.message ?? '',
      /field name contains the control character U\+0000/,
    );
  });

  test('a JSON body that is not UTF-8 is refused instead of being changed', async () => {
    const before = await me();
    const response = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: admin,
      // {"name":"<the bytes of a lone surrogate, ED A0 80>"}
      body: Buffer.concat([
        Buffer.from('{"name":"A'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]),
      headers: { 'content-type': 'application/json', 'if-match': `"${String(before.version)}"` },
    });
    assertRefused(response, 'body');
    assert.deepEqual(await me(), before);
  });

  test('query strings: NUL, lone surrogates and percent-encoding that is not UTF-8 are refused', async () => {
    for (const query of ['q=%00', 'q=a%ED%A0%80', 'q=%FF', 'q=%EF%BF%BE', 'q=%01']) {
      assertRefused(await platform.request({ url: `/api/users?${query}`, as: admin }), 'q');
    }
  });

  test('path parameters are checked after percent-decoding', async () => {
    assertRefused(await platform.request({ url: '/api/users/a%00b', as: admin }), 'id');
    assertRefused(await platform.request({ url: '/api/users/a%01b', as: admin }), 'id');
    // The router cannot decode it at all: the address is refused before any route is known.
    assertRefused(await platform.request({ url: '/api/users/%ED%A0%80', as: admin }), 'path');
  });

  test('URL-encoded and multipart form bodies are checked like JSON; nothing is stored', async () => {
    const users = await count('users');
    const documents = await count('documents');
    const newUser = {
      _csrf: admin.csrfToken,
      email: 'someone@euda.example.eu',
      organisationId: (await platform.services.network.get('EUDA')).id,
      role: 'member',
    };
    const nul = await platform.request({
      url: '/users',
      as: admin,
      form: { ...newUser, name: 'Some\u0000one' },
    });
    assert.equal(nul.statusCode, 400);
    assert.match(String(nul.headers['content-type']), /text\/html/);
    const undecodable = await platform.app.inject({
      method: 'POST',
      url: '/users',
      headers: {
        cookie: `jhanet_session=${admin.cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `${new URLSearchParams(newUser).toString()}&name=Some%ED%A0%80one`,
    });
    assert.equal(undecodable.statusCode, 400);
    const form = new FormData();
    form.append('_csrf', admin.csrfToken);
    for (const [name, value] of Object.entries({
      title: 'Annual report\u0001',
      documentType: 'report',
      language: 'en',
      classification: 'none',
      releasability: 'network',
    }))
      form.append(name, value);
    const encoded = new Response(form);
    const multipart = await platform.app.inject({
      method: 'POST',
      url: '/documents',
      headers: {
        cookie: `jhanet_session=${admin.cookie}`,
        'content-type': encoded.headers.get('content-type') ?? '',
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    assert.equal(multipart.statusCode, 400, multipart.body);
    assert.equal(await count('users'), users);
    assert.equal(await count('documents'), documents);
  });

  test('headers the platform reads as text are checked: If-Match', async () => {
    const before = await me();
    const response = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: admin,
      body: { name: 'Changed' },
      headers: { 'if-match': `"${String(before.version)}\u0000"` },
    });
    assertRefused(response, 'if-match');
    assert.deepEqual(await me(), before);
  });

  test('characters an .xlsx cannot hold are refused; TAB, LF and CR are kept', async () => {
    for (const character of ['\u0001', '\u000B', '\u001F', '\uFFFE', '\uFFFF']) {
      assertRefused(await createActivity({ ...activity, title: `Training${character}` }), 'title');
    }
    const description = 'First line\r\nSecond line\n\tindented';
    const created = await createActivity({ ...activity, description });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json<{ description: string }>().description, description);
  });

  test('non-finite numbers in query strings and paths are refused, not passed to SQL', async () => {
    const document = '00000000-0000-4000-8000-000000000000';
    for (const [url, field] of [
      ['/api/users?page=1e400', 'page'],
      ['/api/users?page=Infinity', 'page'],
      ['/api/users?pageSize=-1e400', 'pageSize'],
      ['/api/scorecard?year=1e400', 'year'],
      ['/api/documents?year=Infinity', 'year.0'],
      ['/api/priorities/2017/versions/Infinity', 'version'],
      [`/api/documents/${document}/versions/1e400/file`, 'number'],
    ] as const) {
      assertRefused(await platform.request({ url, as: admin }), field);
    }
  });

  test('an integer without declared bounds gets those of an integer column', async () => {
    const document = '00000000-0000-4000-8000-000000000000';
    const tooLarge = `/api/documents/${document}/versions/2147483648/file`;
    assertRefused(await platform.request({ url: tooLarge, as: admin }), 'number');
    const largest = `/api/documents/${document}/versions/2147483647/file`;
    assert.equal((await platform.request({ url: largest, as: admin })).statusCode, 404);
  });

  test('a schema stating integer bounds wider than an integer column stops the server at start', async () => {
    const app = await buildServer(platform.services, { logger: false });
    app.get(
      '/api/too-wide',
      {
        schema: { querystring: Type.Object({ n: Type.Integer({ maximum: 2 ** 40 }) }) },
        config: { access: anyone },
      },
      async () => ({}),
    );
    await assert.rejects(async () => {
      await app.ready();
    }, /beyond what an integer column holds/);
    await app.close();
  });

  test('If-Match out of the range of a version answers 400, not a database error', async () => {
    const before = await me();
    for (const tag of ['"99999999999999999999"', '"2147483648"', '"1e400"', '"Infinity"']) {
      const response = await platform.request({
        method: 'PATCH',
        url: '/api/me',
        as: admin,
        body: { name: 'Changed' },
        headers: { 'if-match': tag },
      });
      assertRefused(response, 'if-match');
    }
    assert.deepEqual(await me(), before);
  });

  test('errors Fastify raises itself answer problem details with the request id', async () => {
    const cases: [string, InjectOptions, number, string][] = [
      ['a path that is not UTF-8', { url: '/api/users/%FF' }, 400, 'invalid_input'],
      ['a path parameter too long', { url: `/api/users/${'a'.repeat(200)}` }, 414, 'uri_too_long'],
      [
        'malformed JSON',
        {
          method: 'POST',
          url: '/api/session',
          payload: '{"email":',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'invalid_json',
      ],
      [
        'an empty JSON body',
        {
          method: 'POST',
          url: '/api/session',
          payload: '',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'invalid_json',
      ],
      [
        'a body too large',
        {
          method: 'POST',
          url: '/api/session',
          payload: JSON.stringify({ email: 'a@b.eu', password: 'x'.repeat(2 * 1024 * 1024) }),
          headers: { 'content-type': 'application/json' },
        },
        413,
        'body_too_large',
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const response = await platform.app.inject({
        ...request,
        headers: {
          ...request.headers,
          cookie: `jhanet_session=${admin.cookie}`,
          'x-csrf-token': admin.csrfToken,
        },
      });
      assert.equal(response.statusCode, status, `${what}: ${response.body}`);
      assert.equal(
        response.headers['content-type'],
        'application/problem+json; charset=utf-8',
        what,
      );
      const problem = response.json<Problem>();
      assert.equal(problem.code, code, what);
      assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/, what);
      assert.equal(response.headers['x-request-id'], problem.requestId, what);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
    }
    // Pages get the friendly error page, with the id too.
    const pages: [InjectOptions, number][] = [
      [{ url: '/users/%FF' }, 400],
      [{ url: `/users/${'a'.repeat(200)}` }, 414],
      [
        {
          // A page may take multipart forms, but this one has no reader for them: Fastify's 415.
          method: 'POST',
          url: '/users',
          payload: '--x--',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        },
        415,
      ],
    ];
    for (const [request, status] of pages) {
      const page = await platform.app.inject({
        ...request,
        headers: {
          ...request.headers,
          accept: 'text/html',
          cookie: `jhanet_session=${admin.cookie}`,
        },
      });
      assert.equal(page.statusCode, status, page.body);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /<html/);
      assert.match(String(page.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    }
  });

  test("a request Node's HTTP parser refuses answers problem details with an id", async () => {
    const app = await buildServer(platform.services, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address && typeof address === 'object');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
      });
      socket.on('end', () => {
        resolve(received);
      });
      socket.on('error', reject);
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nNot a header\r\n\r\n');
    });
    await app.close();
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 400 /);
    assert.match(head, /content-type: application\/problem\+json/i);
    const id = /x-request-id: ([0-9a-f-]{36})/i.exec(head)?.[1];
    assert.ok(id, head);
    const problem = JSON.parse(body) as Problem;
    assert.equal(problem.requestId, id);
    assert.equal(problem.status, 400);
  });

  test('JSON operations refuse URL-encoded and other bodies with 415; nothing is stored', async () => {
    const before = await me();
    const form = await platform.request({
      method: 'PATCH',
      url: '/api/me',
      as: admin,
      body: 'name=Changed',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'if-match': `"${String(before.version)}"`,
      },
    });
    assertRefused(form, '', 415);
    assert.equal(form.json<Problem>().code, 'unsupported_media_type');
    const text = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: 'email=a@b.eu',
      headers: { 'content-type': 'text/plain' },
    });
    assertRefused(text, '', 415);
    assert.deepEqual(await me(), before);
  });

  test('raw uploads take only the media type they declare; pages take forms, not JSON', async () => {
    const imported = await platform.request({
      method: 'POST',
      url: '/api/scorecard/import',
      as: admin,
      body: JSON.stringify({ rows: [] }),
      headers: { 'content-type': 'application/json' },
    });
    assertRefused(imported, '', 415);
    const page = await platform.request({
      method: 'POST',
      url: '/users',
      as: admin,
      body: JSON.stringify({ name: 'Someone' }),
      headers: { 'content-type': 'application/json', accept: 'text/html' },
    });
    assert.equal(page.statusCode, 415);
  });

  test('a new route takes JSON unless it declares otherwise', async () => {
    const app = await buildServer(platform.services, { logger: false });
    app.post(
      '/api/new-operation',
      {
        schema: { body: Type.Object({ name: Type.String({ maxLength: 10 }) }) },
        config: { access: anyone },
      },
      async () => ({ ok: true }),
    );
    const form = await app.inject({
      method: 'POST',
      url: '/api/new-operation',
      payload: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.statusCode, 415);
    const json = await app.inject({
      method: 'POST',
      url: '/api/new-operation',
      payload: { name: 'x' },
    });
    assert.equal(json.statusCode, 200);
    await app.close();
  });

  test("the audit log records the server's own request id, never one the client chose", async () => {
    const lines: string[] = [];
    const app = await buildServer(platform.services, {
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    });
    const user = await platform.user('member', 'Europol');
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.email, password: user.password },
      headers: { 'x-request-id': 'client-chosen-id-1234' },
    });
    await app.close();
    assert.equal(response.statusCode, 200, response.body);
    const requestId = String(response.headers['x-request-id']);
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    const entry = await platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'request_id'])
      .where('action', '=', 'session.login')
      .where('actor_user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(entry.request_id, requestId);
    const logged = lines.map(
      (line) => JSON.parse(line) as { reqId?: string; clientRequestId?: string },
    );
    assert.ok(
      logged.some((l) => l.reqId === requestId && l.clientRequestId === 'client-chosen-id-1234'),
      'the log keeps the client id beside the server id',
    );
    assert.ok(logged.every((l) => l.reqId !== 'client-chosen-id-1234'));
  });
});
