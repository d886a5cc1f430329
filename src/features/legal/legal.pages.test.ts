import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { systemContext } from '../audit/audit.events.js';

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('legal pages', () => {
  let platform: TestPlatform;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member', 'Eurojust');
  });
  after(() => platform.close());

  const pages = [
    ['/privacy', 'Privacy statement'],
    ['/accessibility', 'Accessibility statement'],
    ['/legal-notice', 'Legal notice'],
  ] as const;

  test('each page renders for anonymous visitors and signed-in users with its heading', async () => {
    for (const [url, heading] of pages) {
      for (const as of [null, member]) {
        const response = await platform.request({ url, as });
        assert.equal(response.statusCode, 200, url);
        assert.match(response.headers['content-type'] as string, /^text\/html/);
        assert.equal(response.body.match(/<h1[^>]*>/g)?.length, 1, url);
        assert.ok(response.body.includes(`>${heading}</h1>`), url);
        assert.doesNotMatch(response.body, /lorem|ipsum|TODO|TBD|\{\w+\}/i, url);
      }
    }
  });

  test('the privacy statement gives what Regulation (EU) 2018/1725 requires', async () => {
    const body = text((await platform.request({ url: '/privacy' })).body);
    for (const expected of [
      'Regulation (EU) 2018/1725',
      'Article 5(1)(a)',
      'network secretariat',
      'Audit log: for security and accountability',
      'IP address and user agent',
      'Sign-in attempts',
      'not transferred to countries outside the European Economic Area',
      `after ${platform.config.sessionIdleMinutes} minutes without activity`,
      `${platform.config.sessionMaxHours} hours after sign-in`,
      'as long as the platform runs',
      'Articles 17 to 24',
      'rectified',
      'erased',
      'restricted',
      'object',
      'data protection officer',
      'European Data Protection Supervisor',
    ]) {
      assert.ok(body.includes(expected), expected);
    }
  });

  test("the privacy statement names this year's chair as controller once it is recorded", async () => {
    const year = new Date().getUTCFullYear();
    const before = text((await platform.request({ url: '/privacy' })).body);
    assert.ok(before.includes(`The chair of the network for ${year} has not yet been recorded`));
    const eige = await platform.services.network.get('EIGE');
    await platform.services.network.setChair(
      systemContext,
      year,
      { organisationId: eige.id },
      undefined,
    );
    const response = await platform.request({ url: '/privacy' });
    const after = text(response.body);
    assert.ok(after.includes(`In ${year} the network is chaired by the ${eige.name} (EIGE)`));
    assert.ok(response.body.includes(`href="${eige.website ?? ''}"`));
  });

  test('the accessibility statement states the standard, the tests and the enforcement procedure', async () => {
    const body = text((await platform.request({ url: '/accessibility' })).body);
    for (const expected of [
      'WCAG) 2.1',
      'EN 301 549',
      'axe-core',
      'keyboard',
      'without JavaScript',
      'Known limitations',
      'European Ombudsman',
    ]) {
      assert.ok(body.includes(expected), expected);
    }
  });

  test('the legal notice says who runs the platform and points to the privacy statement', async () => {
    const response = await platform.request({ url: '/legal-notice' });
    const body = text(response.body);
    assert.ok(body.includes('network secretariat'));
    assert.ok(body.includes('Disclaimer'));
    assert.ok(body.includes('© European Union'));
    assert.match(response.body, /<a class="ecl-link" href="\/privacy">privacy statement<\/a>/);
  });

  test('the footer of every page links to the three', async () => {
    const response = await platform.request({ url: '/privacy' });
    for (const url of ['/privacy', '/accessibility', '/legal-notice']) {
      assert.ok(response.body.includes(`href="${url}"`), url);
    }
  });
});
