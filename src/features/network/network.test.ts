import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';

describe('network registry API', () => {
  let platform: TestPlatform;
  let admin: Session;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  test('lists the nine member agencies with their current names', async () => {
    const response = await platform.request({ url: '/api/agencies', as: member });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ items: { acronym: string }[]; total: number }>();
    assert.equal(body.total, 9);
    assert.deepEqual(
      body.items.map((a) => a.acronym),
      ['CEPOL', 'EIGE', 'eu-LISA', 'EUAA', 'EUDA', 'Eurojust', 'Europol', 'FRA', 'Frontex'],
    );
  });

  test('keeps the name history: EASO became EUAA, EMCDDA became EUDA', async () => {
    const euaa = (await platform.request({ url: '/api/agencies/EUAA', as: member })).json<{
      formerNames: { acronym: string; validUntil: string }[];
    }>();
    assert.deepEqual(
      euaa.formerNames.map((n) => n.acronym),
      ['EASO'],
    );
    assert.equal(euaa.formerNames[0]?.validUntil.slice(0, 4), '2022');
    const euda = (await platform.request({ url: '/api/agencies/euda', as: member })).json<{
      formerNames: { acronym: string }[];
      chairYears: number[];
    }>();
    assert.deepEqual(
      euda.formerNames.map((n) => n.acronym),
      ['EMCDDA'],
    );
    assert.deepEqual(euda.chairYears, [2017]);
  });

  test('lists the partners and stakeholders the paper names', async () => {
    const body = (await platform.request({ url: '/api/bodies?sort=acronym', as: member })).json<{
      items: { acronym: string }[];
    }>();
    const acronyms = body.items.map((b) => b.acronym);
    for (const expected of [
      'COSI',
      'LIBE Secretariat',
      'DG HOME',
      'DG JUST',
      'EEAS',
      'OLAF',
      'EMSA',
      'EFCA',
      'MAOC (N)',
      'ENISA',
      'EJTN',
      'ESDC',
    ]) {
      assert.ok(acronyms.includes(expected), `${expected} is listed`);
    }
  });

  test('filters and sorts', async () => {
    const body = (
      await platform.request({ url: '/api/agencies?q=hague&sort=name&direction=desc', as: member })
    ).json<{ items: { acronym: string }[] }>();
    assert.deepEqual(
      body.items.map((a) => a.acronym),
      [],
    );
    const byName = (
      await platform.request({
        url: '/api/agencies?q=law%20enforcement&sort=acronym&direction=desc',
        as: member,
      })
    ).json<{
      items: { acronym: string }[];
    }>();
    assert.deepEqual(
      byName.items.map((a) => a.acronym),
      ['Europol', 'CEPOL'],
    );
  });

  test('a search for % or _ takes them literally', async () => {
    for (const q of ['%', '_', '\\']) {
      const body = (
        await platform.request({ url: `/api/agencies?q=${encodeURIComponent(q)}`, as: member })
      ).json<{ total: number }>();
      assert.equal(body.total, 0, q);
    }
  });

  test('records the chairs: FRA in 2016, EMCDDA (now EUDA) in 2017', async () => {
    const chairs = (await platform.request({ url: '/api/chairs', as: member })).json<
      { year: number; acronym: string }[]
    >();
    assert.deepEqual(
      chairs.map((c) => [c.year, c.acronym]),
      [
        [2017, 'EUDA'],
        [2016, 'FRA'],
      ],
    );
  });

  test('refuses anonymous callers with 401', async () => {
    for (const url of ['/api/agencies', '/api/bodies', '/api/chairs', '/api/agencies/FRA']) {
      const response = await platform.request({ url });
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('an unknown agency and a body asked for as an agency answer 404', async () => {
    assert.equal(
      (await platform.request({ url: '/api/agencies/NOPE', as: member })).statusCode,
      404,
    );
    assert.equal(
      (await platform.request({ url: '/api/agencies/COSI', as: member })).statusCode,
      404,
    );
  });

  test('bad query parameters answer 400 naming the field', async () => {
    const response = await platform.request({ url: '/api/agencies?sort=budget', as: member });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ errors: { field: string }[] }>().errors[0]?.field, 'sort');
  });

  test('an administrator renames an agency, keeping the old name in its history', async () => {
    const current = await platform.request({ url: '/api/agencies/FRA', as: admin });
    const etag = current.headers.etag as string;
    const response = await platform.request({
      method: 'PATCH',
      url: '/api/agencies/FRA',
      as: admin,
      headers: { 'if-match': etag },
      body: { name: 'EU Agency for Fundamental Rights (renamed)', renamedOn: '2030-01-01' },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{
      name: string;
      formerNames: { name: string; validUntil: string }[];
      version: number;
    }>();
    assert.equal(body.name, 'EU Agency for Fundamental Rights (renamed)');
    assert.equal(body.formerNames.at(-1)?.name, 'European Union Agency for Fundamental Rights');
    assert.equal(body.formerNames.at(-1)?.validUntil, '2030-01-01');
    const entries = await platform.services.audit.list({ action: 'organisation.update' }, 1, 10);
    assert.equal(entries.total, 1);
    assert.match(entries.items[0]?.changes ?? '', /renamed/);
  });

  test('a stale version is refused with 412 and changes nothing', async () => {
    const current = await platform.request({ url: '/api/agencies/CEPOL', as: admin });
    const version = current.json<{ version: number }>().version;
    const first = await platform.request({
      method: 'PATCH',
      url: '/api/agencies/CEPOL',
      as: admin,
      headers: { 'if-match': `"${version}"` },
      body: { hqCity: 'Budapest XI' },
    });
    assert.equal(first.statusCode, 200);
    const stale = await platform.request({
      method: 'PATCH',
      url: '/api/agencies/CEPOL',
      as: admin,
      headers: { 'if-match': `"${version}"` },
      body: { hqCity: 'Elsewhere' },
    });
    assert.equal(stale.statusCode, 412);
    assert.equal(
      stale.json<{ code: string; currentVersion: number }>().currentVersion,
      version + 1,
    );
    const after = await platform.request({ url: '/api/agencies/CEPOL', as: admin });
    assert.equal(after.json<{ hqCity: string }>().hqCity, 'Budapest XI');
  });

  test('of concurrent writes based on the same version, exactly one is accepted', async () => {
    const current = await platform.request({ url: '/api/agencies/EIGE', as: admin });
    const etag = current.headers.etag as string;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        platform.request({
          method: 'PATCH',
          url: '/api/agencies/EIGE',
          as: admin,
          headers: { 'if-match': etag },
          body: { description: `Concurrent edit ${i}` },
        }),
      ),
    );
    const accepted = responses.filter((r) => r.statusCode === 200);
    assert.equal(accepted.length, 1);
    assert.ok(responses.every((r) => r.statusCode === 200 || r.statusCode === 412));
    const stored = (await platform.request({ url: '/api/agencies/EIGE', as: admin })).json<{
      description: string;
    }>();
    assert.equal(stored.description, accepted[0]?.json<{ description: string }>().description);
  });

  test('saving without a change keeps the version and audits nothing', async () => {
    const current = await platform.request({ url: '/api/agencies/FRA', as: admin });
    const before = current.json<{ version: number; hqCity: string }>();
    const audited = (await platform.services.audit.list({}, 1, 1)).total;
    const response = await platform.request({
      method: 'PATCH',
      url: '/api/agencies/FRA',
      as: admin,
      headers: { 'if-match': current.headers.etag as string },
      body: { hqCity: before.hqCity },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ version: number }>().version, before.version);
    assert.equal((await platform.services.audit.list({}, 1, 1)).total, audited);
  });

  test('a write without If-Match is refused with 428', async () => {
    const response = await platform.request({
      method: 'PATCH',
      url: '/api/agencies/CEPOL',
      as: admin,
      body: { hqCity: 'Budapest' },
    });
    assert.equal(response.statusCode, 428);
  });

  test('bad input is refused naming the field, and nothing is stored', async () => {
    const before = await platform.services.audit.list({}, 1, 1);
    for (const [body, field] of [
      [{ hqCountry: 'Portugal' }, 'hqCountry'],
      [{ website: 'ftp://x' }, 'website'],
      [{ colour: 'blue' }, 'colour'],
      [{ establishedYear: 'old' }, 'establishedYear'],
      [{ name: 'Renamed', renamedOn: '2030-02-30' }, 'renamedOn'],
    ] as const) {
      const current = await platform.request({ url: '/api/agencies/EIGE', as: admin });
      const response = await platform.request({
        method: 'PATCH',
        url: '/api/agencies/EIGE',
        as: admin,
        headers: { 'if-match': current.headers.etag as string },
        body,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json<{ errors: { field: string }[] }>().errors[0]?.field, field);
    }
    const afterwards = await platform.services.audit.list({}, 1, 1);
    assert.equal(afterwards.total, before.total);
  });

  test('non-administrators cannot change the registry: 404, and the refusal is audited', async () => {
    const contact = await platform.session('contact', 'Frontex');
    for (const session of [member, contact]) {
      const response = await platform.request({
        method: 'PATCH',
        url: '/api/agencies/Frontex',
        as: session,
        headers: { 'if-match': '"1"' },
        body: { hqCity: 'Nowhere' },
      });
      assert.equal(response.statusCode, 404);
    }
    const denied = await platform.services.audit.list({ action: 'access.denied' }, 1, 10);
    assert.ok(denied.total >= 2);
    const create = await platform.request({
      method: 'POST',
      url: '/api/organisations',
      as: member,
      body: { kind: 'body', acronym: 'X', name: 'X', category: 'network' },
    });
    assert.equal(create.statusCode, 404);
  });

  test('an administrator adds a body; a duplicate acronym is refused', async () => {
    const response = await platform.request({
      method: 'POST',
      url: '/api/organisations',
      as: admin,
      body: {
        kind: 'body',
        acronym: 'EPPO',
        name: "European Public Prosecutor's Office",
        category: 'eu-office',
        hqCountry: 'LU',
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    const duplicate = await platform.request({
      method: 'POST',
      url: '/api/organisations',
      as: admin,
      body: { kind: 'body', acronym: 'eppo', name: 'Again', category: 'eu-office' },
    });
    assert.equal(duplicate.statusCode, 400);
    assert.equal(duplicate.json<{ errors: { field: string }[] }>().errors[0]?.field, 'acronym');
  });

  test('an administrator records a chair; only agencies may chair', async () => {
    const eige = (await platform.request({ url: '/api/agencies/EIGE', as: admin })).json<{
      id: string;
    }>();
    const cosi = (await platform.request({ url: '/api/bodies/COSI', as: admin })).json<{
      id: string;
    }>();
    const refused = await platform.request({
      method: 'PUT',
      url: '/api/chairs/2018',
      as: admin,
      body: { organisationId: cosi.id },
    });
    assert.equal(refused.statusCode, 400);
    const created = await platform.request({
      method: 'PUT',
      url: '/api/chairs/2018',
      as: admin,
      body: { organisationId: eige.id, note: 'Chair in 2018' },
    });
    assert.equal(created.statusCode, 200, created.body);
    const memberTry = await platform.request({
      method: 'PUT',
      url: '/api/chairs/2019',
      as: member,
      body: { organisationId: eige.id },
    });
    assert.equal(memberTry.statusCode, 404);
  });
});
