import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { systemContext } from '../audit/audit.events.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';

describe('home dashboard', () => {
  let platform: TestPlatform;
  let member: Session;
  const year = new Date().getUTCFullYear();

  before(async () => {
    platform = await testPlatform();
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  test('welcomes a member with their role, organisation, the chair and the registry', async () => {
    const response = await platform.request({ url: '/', as: member });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    const html = response.body;
    assert.match(html, /<h1[^>]*>Welcome, member \d+<\/h1>/);
    assert.match(html, /<dd[^>]*>Agency member<\/dd>/);
    assert.match(
      html,
      /href="\/agencies\/Europol">Europol: European Union Agency for Law Enforcement Cooperation<\/a>/,
    );
    // The demo records chairs up to 2017: the latest one stands in for the current year.
    assert.match(html, new RegExp(`No chair has been recorded for ${year}\\.`));
    assert.match(html, /Chair of the network in 2017<\/h2>/);
    assert.match(
      html,
      /href="\/agencies\/EUDA">EUDA<\/a> \(then EMCDDA\)<\/span>: European Union Drugs Agency/,
    );
    assert.match(html, /href="\/agencies"[^>]*>Member agencies<\/a>/);
    assert.match(html, /9 agencies form the network\./);
    assert.match(html, /16 partners and stakeholders are recorded\./);
    assert.doesNotMatch(html, /Recent changes/);
    assert.doesNotMatch(html, /href="\/audit"/);
  });

  test('shows the chair of the current year once it is recorded', async () => {
    const fra = await platform.services.network.get('FRA');
    await platform.services.network.setChair(
      systemContext,
      year,
      { organisationId: fra.id, note: 'Chair this year' },
      undefined,
    );
    const html = (await platform.request({ url: '/', as: member })).body;
    assert.match(html, new RegExp(`Chair of the network in ${year}</h2>`));
    assert.match(
      html,
      /href="\/agencies\/FRA">FRA<\/a><\/span>: European Union Agency for Fundamental Rights/,
    );
    assert.doesNotMatch(html, /No chair has been recorded/);
  });

  test('shows administrators the ten latest audit entries', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const html = (await platform.request({ url: '/', as: admin })).body;
    assert.match(html, /<dd[^>]*>Network administrator<\/dd>/);
    assert.match(html, /<caption[^>]*>Recent changes<\/caption>/);
    const table = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
    assert.equal([...table.matchAll(/<tr /g)].length, 10);
    const latest = (await platform.services.audit.list({}, 1, 1)).items[0];
    assert.equal(latest?.action, 'session.login');
    assert.match(
      table,
      new RegExp(
        `<code>session.login</code>.*${admin.user.email.replace(/\./g, '\\.')} \\(EUDA\\)`,
      ),
    );
    assert.match(html, /href="\/audit"[^>]*>See the whole audit log<\/a>/);
  });

  test('anonymous visitors are sent to sign in', async () => {
    const response = await platform.request({ url: '/' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login?next=%2F');
  });
});
