import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../../test/support/platform.js';

describe('API reference', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  test('renders for anonymous visitors, with its heading, from the OpenAPI document', async () => {
    const response = await platform.request({ url: '/api/docs' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    const html = response.body;
    assert.match(html, /<h1[^>]*>API reference<\/h1>/);
    assert.ok(html.includes('<code>GET</code> <code>/api/agencies</code>'));
    assert.ok(html.includes('<code>POST</code> <code>/api/session</code>'));
    assert.ok(html.includes('href="/api/openapi.json"'));
  });

  test('lists every operation of the OpenAPI document, grouped by tag', async () => {
    const document = (await platform.request({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    const html = (await platform.request({ url: '/api/docs' })).body;
    let count = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        count += 1;
        assert.ok(
          html.includes(`<code>${method.toUpperCase()}</code> <code>${path}</code>`),
          `${method} ${path}`,
        );
        const tag = operation.tags?.[0];
        if (tag) assert.ok(html.includes(`id="tag-${tag}"`), tag);
      }
    }
    assert.ok(count > 10);
    assert.doesNotMatch(html, /<code>GET<\/code> <code>\/api\/docs<\/code>/);
  });

  test('describes access, parameters, body fields and responses of an operation', async () => {
    const html = (await platform.request({ url: '/api/docs' })).body;
    const start = html.indexOf('id="op-post-api-session"');
    const section = html.slice(start, html.indexOf('</section>', start));
    assert.match(section, /Sign in/);
    assert.match(section, /Access: anyone, signed in or not\./);
    assert.match(section, /Request body \(<code>application\/json<\/code>\)/);
    assert.match(
      section,
      /<td[^>]*><code>email<\/code><\/td><td[^>]*>Yes<\/td><td[^>]*>string<\/td>/,
    );
    assert.match(section, /<code>200<\/code> OK/);
    assert.match(section, /<code>429<\/code> Too Many Requests/);

    const agenciesStart = html.indexOf('id="op-get-api-agencies"');
    const agencies = html.slice(agenciesStart, html.indexOf('</section>', agenciesStart));
    assert.match(agencies, /Access: any signed-in user\./);
    assert.match(
      agencies,
      /<code>sort<\/code><\/td><td[^>]*>query<\/td><td[^>]*>No<\/td><td[^>]*>one of acronym, name, established<\/td><td[^>]*>default acronym<\/td>/,
    );
  });

  test('loads nothing from other hosts', async () => {
    const html = (await platform.request({ url: '/api/docs' })).body;
    assert.doesNotMatch(html, /<script(?![^>]* src="\/assets\/)/, 'scripts only from the platform');
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
  });
});
