import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../test/support/platform.js';

/** What Chromium sends when a person opens an address. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

describe('an unknown address, signed out', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  test('outside the API is the friendly 404 page, whatever the client accepts', async () => {
    const accepts: Record<string, string>[] = [{ accept: BROWSER_ACCEPT }, {}, { accept: '*/*' }];
    for (const headers of accepts) {
      for (const url of ['/no-such-page', '/documents/no/such/page', '/no-such.json']) {
        const response = await platform.request({ url, headers });
        const label = `${url} with Accept ${headers.accept ?? '(none)'}`;
        assert.equal(response.statusCode, 404, label);
        assert.match(String(response.headers['content-type']), /^text\/html/, label);
        assert.match(response.body, /<h1[^>]*>Page not found<\/h1>/, label);
        assert.match(response.body, /Sign in/, `${label}: the page is for a signed-out visitor`);
      }
    }
  });

  test('under /api/, and for a client that asks for JSON, is problem details', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/api/no-such-thing', {}],
      ['/api/no-such-thing', { accept: BROWSER_ACCEPT }],
      ['/api/no-such-thing', { accept: '*/*' }],
      ['/no-such-page', { accept: 'application/json' }],
      ['/no-such-page', { accept: 'application/problem+json' }],
    ];
    for (const [url, headers] of cases) {
      const response = await platform.request({ url, headers });
      const label = `${url} with Accept ${headers.accept ?? '(none)'}`;
      assert.equal(response.statusCode, 404, label);
      assert.equal(
        response.headers['content-type'],
        'application/problem+json; charset=utf-8',
        label,
      );
      assert.equal(response.json<{ status: number }>().status, 404, label);
    }
  });
});
