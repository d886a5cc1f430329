import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../test/support/node-test.js';
import { anyone } from './access.js';
import { buildServer } from './server.js';
import { testPlatform, type Session, type TestPlatform } from '../../test/support/platform.js';

describe('server assembly', () => {
  let platform: TestPlatform;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member');
  });
  after(() => platform.close());

  test('refuses to start when a route declares no access rule', async () => {
    const app = await buildServer(platform.services, { logger: false });
    assert.throws(
      () => app.get('/api/unguarded', async () => ({ ok: true })),
      /declares no access rule/,
    );
    await app.close();
  });

  test('a failure answers 500 with a reference and none of its internals', async () => {
    const app = await buildServer(platform.services, { logger: false });
    for (const [url, page] of [
      ['/api/explode', false],
      ['/explode', true],
    ] as const) {
      app.get(url, { config: { access: anyone, page } }, () => {
        throw new Error('secret internals: connection string postgres://admin:pw@db');
      });
    }
    const api = await app.inject({ url: '/api/explode' });
    assert.equal(api.statusCode, 500);
    assert.doesNotMatch(api.body, /secret internals|postgres:/);
    assert.match(api.json<{ detail: string }>().detail, /reference/);
    const page = await app.inject({ url: '/explode', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Something went wrong/);
    assert.doesNotMatch(page.body, /secret internals|postgres:|at \//);
    await app.close();
  });

  test('health and readiness probes answer', async () => {
    assert.deepEqual((await platform.request({ url: '/healthz' })).json(), { status: 'ok' });
    const ready = await platform.request({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), {
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok' },
    });
  });

  test("every answer carries the server's own request id, whatever the client sends", async () => {
    const generated = await platform.request({ url: '/healthz' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    for (const chosen of ['client-chosen-id-1234', '<bad id>']) {
      const response = await platform.request({
        url: '/healthz',
        headers: { 'x-request-id': chosen },
      });
      assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.notEqual(response.headers['x-request-id'], generated.headers['x-request-id']);
    }
  });

  test('an unknown API path answers problem details, an unknown page a friendly 404 page', async () => {
    const api = await platform.request({ url: '/api/nothing-here', as: member });
    assert.equal(api.statusCode, 404);
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(api.json<{ status: number }>().status, 404);
    const page = await platform.request({
      url: '/nothing-here',
      as: member,
      headers: { accept: 'text/html' },
    });
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Page not found/);
    assert.match(page.body, /Signed in as/, 'the 404 page knows who is signed in');
  });

  test('pages and API answers carry the security headers', async () => {
    const response = await platform.request({ url: '/api/agencies', as: member });
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  test('the OpenAPI document is 3.1 and describes who may call each operation', async () => {
    const response = await platform.request({ url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { description?: string }>>;
    }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/agencies']?.get);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        assert.match(
          operation.description ?? '',
          /Access: /,
          `${method} ${path} states its access`,
        );
      }
    }
    assert.equal(
      Object.keys(doc.paths).some((p) => p.startsWith('/assets')),
      false,
      'static assets are not API operations',
    );
  });

  test('serves the Europa Component Library from the platform itself', async () => {
    const css = await platform.request({ url: '/assets/ecl/styles/ecl-eu.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['content-type'] as string, /text\/css/);
    const logo = await platform.request({
      url: '/assets/ecl/images/logo/standard-version/positive/logo-eu--en.svg',
    });
    assert.equal(logo.statusCode, 200);
    const escape = await platform.request({ url: '/assets/ecl/../../../package.json' });
    assert.notEqual(escape.statusCode, 200);
  });

  test('an oversize body answers 413 with problem details', async () => {
    const response = await platform.request({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.eu', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  });
});
