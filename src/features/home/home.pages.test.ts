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
    assert.match(html, /25 partners and stakeholders are recorded\./);
    assert.match(html, /<h2[^>]*>What waits for you<\/h2>/);
    assert.match(html, /<h2[^>]*>Recent changes<\/h2>/);
    assert.match(html, /No recent changes to show\./);
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

  test('tells the secretariat what is overdue, and changes as sentences', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const europol = await platform.session('contact', 'Europol');
    const created = await platform.request({
      url: '/api/meetings',
      as: europol,
      method: 'POST',
      body: {
        kind: 'network',
        title: 'Europol expert meeting',
        hostOrganisationId: (await platform.services.network.get('Europol')).id,
        venue: 'Europol headquarters',
        city: 'The Hague',
        timeZone: 'Europe/Amsterdam',
        start: '2030-05-01T10:00',
        invitedOrganisationIds: [],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const meetingId = created.json<{ id: string }>().id;
    const point = await platform.request({
      url: `/api/meetings/${meetingId}/action-points`,
      as: europol,
      method: 'POST',
      body: {
        text: 'Circulate the draft conclusions',
        ownerOrganisationId: (await platform.services.network.get('Europol')).id,
        dueOn: '2020-01-15',
      },
    });
    assert.equal(point.statusCode, 201, point.body);
    const html = (await platform.request({ url: '/', as: admin })).body;
    assert.match(html, /<h2[^>]*>Overdue across the network<\/h2>/);
    const overdue = html.slice(html.indexOf('id="work-action-points"'));
    assert.match(
      overdue.slice(0, overdue.indexOf('</section>')),
      /Europol: Circulate the draft conclusions .*Due <time datetime="2020-01-15">15 January 2020<\/time>/,
    );
    assert.match(
      html,
      new RegExp(
        `Europol scheduled &#39;<a class="ecl-link" href="/meetings/${meetingId}">Europol expert meeting</a>&#39;`,
      ),
    );
    assert.doesNotMatch(html, /<code>session\.login<\/code>/, 'no event codes');
    assert.match(html, /href="\/audit"[^>]*>See the whole audit log<\/a>/);
    // A meeting Frontex is neither hosting nor invited to is not named to its contact point.
    const frontex = await platform.session('contact', 'Frontex');
    const hidden = (await platform.request({ url: '/', as: frontex })).body;
    assert.doesNotMatch(hidden, /Europol expert meeting/);
    assert.doesNotMatch(hidden, new RegExp(meetingId));
  });

  test('a contact point sees the invitation to answer until answering it', async () => {
    const admin = await platform.session('admin', 'EUDA');
    const contact = await platform.session('contact', 'CEPOL');
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'training',
        title: 'Training needs assessment workshop',
        hostOrganisationId: (await platform.services.network.get('EUDA')).id,
        venue: 'CEPOL premises',
        city: 'Budapest',
        timeZone: 'Europe/Budapest',
        start: '2030-09-10T09:00',
        invitedOrganisationIds: [(await platform.services.network.get('CEPOL')).id],
      },
    });
    const meetingId = created.json<{ id: string }>().id;
    const invitations = async () => {
      const html = (await platform.request({ url: '/', as: contact })).body;
      const start = html.indexOf('id="work-invitations"');
      return html.slice(start, html.indexOf('</section>', start));
    };
    assert.match(await invitations(), /No invitation waits for your answer\./, 'not sent yet');
    await platform.request({
      url: `/api/meetings/${meetingId}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    assert.match(
      await invitations(),
      new RegExp(`href="/meetings/${meetingId}">Training needs assessment workshop</a>`),
    );
    const answered = await platform.request({
      url: `/api/meetings/${meetingId}/response`,
      as: contact,
      method: 'PUT',
      body: { response: 'accepted' },
    });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.doesNotMatch(await invitations(), /Training needs assessment workshop/);
  });

  test('activities due an update: the lead agency sees its own, the secretariat every agency\u2019s', async () => {
    const eurojust = await platform.session('contact', 'Eurojust');
    const frontex = await platform.session('contact', 'Frontex');
    const admin = await platform.session('admin', 'EUDA');
    const created = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: eurojust,
      body: {
        year: 2017,
        title: 'Joint investigation teams against migrant smuggling',
        lines: ['1.1.3'],
        lead: 'Eurojust',
        kind: 'operational-support',
        status: 'ongoing',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json<{ id: string }>().id;
    const link = new RegExp(`href="/scorecard/activities/${id}">Joint investigation teams`);
    const section = (html: string) => {
      const start = html.indexOf('id="work-activities"');
      return html.slice(start, html.indexOf('</section>', start));
    };
    const own = section((await platform.request({ url: '/', as: eurojust })).body);
    assert.match(own, /Activities Eurojust leads with no update for 90 days/);
    assert.match(own, link);
    assert.match(own, /No update yet/);
    assert.doesNotMatch(section((await platform.request({ url: '/', as: frontex })).body), link);
    const network = section((await platform.request({ url: '/', as: admin })).body);
    assert.match(network, link);
    assert.match(network, /Eurojust/);
  });

  test('a long list of activities due shows its first 15 and says how many there are', async () => {
    const eige = await platform.session('contact', 'EIGE');
    const create = async (title: string, status: string) => {
      const response = await platform.request({
        method: 'POST',
        url: '/api/activities',
        as: eige,
        body: {
          year: 2017,
          title,
          lines: ['1.1.3'],
          lead: 'EIGE',
          kind: 'operational-support',
          status,
          plannedStart: '2017-02-01',
          plannedEnd: '2017-11-30',
        },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ id: string }>().id;
    };
    const titles = Array.from(
      { length: 18 },
      (_, i) => `Gender data ${String(i + 1).padStart(2, '0')}`,
    );
    for (const title of titles.slice(0, 16)) await create(title, 'ongoing');
    // Not due: completed, or updated today.
    await create(titles[16] ?? '', 'completed');
    const updatedToday = await create(titles[17] ?? '', 'planned');
    const update = await platform.request({
      method: 'POST',
      url: `/api/activities/${updatedToday}/updates`,
      as: eige,
      headers: { 'if-match': '"1"' },
      body: {
        postedOn: new Date().toISOString().slice(0, 10),
        text: 'Under way',
        status: 'ongoing',
      },
    });
    assert.equal(update.statusCode, 201, update.body);

    const html = (await platform.request({ url: '/', as: eige })).body;
    const start = html.indexOf('id="work-activities"');
    const section = html.slice(start, html.indexOf('</section>', start));
    assert.match(section, /\(16\)/);
    const shown = [...section.matchAll(/>(Gender data \d\d)</g)].map((m) => m[1]);
    assert.deepEqual(shown, titles.slice(0, 15));
    assert.match(section, /href="\/scorecard"/);
  });

  test('anonymous visitors are sent to sign in', async () => {
    const response = await platform.request({ url: '/' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login?next=%2F');
  });
});
