import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { PriorityStatus } from '../../db/schema.js';
import type { FrameworkView } from './priorities.service.js';

describe('yearly priorities', () => {
  let platform: TestPlatform;
  let admin: Session;
  let contact: Session;
  let member: Session;
  let observer: Session;

  /** Adds a bare version of 2018 in a status, straight into the database. */
  async function addVersion(version: number, status: PriorityStatus): Promise<void> {
    const now = new Date().toISOString();
    await platform.services.database.db
      .insertInto('priority_frameworks')
      .values({
        id: randomUUID(),
        year: 2018,
        version,
        status,
        title: `Priorities 2018, version ${version}`,
        chair_organisation_id: null,
        introduction: '[]',
        agreed_on: null,
        agreed_at: null,
        based_on_id: null,
        row_version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    contact = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    await addVersion(1, 'draft');
    await addVersion(2, 'consultation');
  });
  after(() => platform.close());

  test('the 2017 priorities of the paper are there in full', async () => {
    const response = await platform.request({ url: '/api/priorities/2017', as: member });
    assert.equal(response.statusCode, 200, response.body);
    const framework = response.json<FrameworkView>();
    assert.equal(framework.status, 'agreed');
    assert.equal(framework.chairAcronym, 'EMCDDA');
    assert.deepEqual(
      framework.sections.map((s) => [s.number, s.group]),
      [
        ['1.1', 'thematic'],
        ['1.2', 'thematic'],
        ['1.3', 'thematic'],
        ['2.1', 'horizontal'],
        ['2.2', 'horizontal'],
        ['2.3', 'horizontal'],
        ['2.4', 'horizontal'],
      ],
    );
    const migration = framework.sections.find((s) => s.number === '1.1');
    assert.ok(migration);
    assert.equal(migration.title, 'Migration, asylum and border management');
    assert.equal(migration.lines.length, 13);
    assert.deepEqual(
      framework.sections.map((s) => s.lines.length),
      [13, 7, 0, 8, 5, 8, 5],
      'every line of action of the paper',
    );
    assert.ok(migration.lines.some((l) => l.text.includes('Joint Investigation Teams')));
    assert.ok(
      migration.objectiveReferences.some((r) => r.url.includes('communication_on_migration')),
    );
    const everyLine = framework.sections.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
    for (const phrase of [
      'toolbox on foreign terrorist fighters',
      'online matrix established by CEPOL',
      "external relations 'Relex' matrix",
      'multilateral agreement on the exchange of European Union classified information',
      'index of analytical products and reports',
    ]) {
      assert.ok(everyLine.includes(phrase), phrase);
    }
    assert.deepEqual(
      framework.principles.map((p) => p.key),
      ['fundamental-rights', 'gender-equality', 'data-protection'],
    );
    const references = framework.sections.flatMap((s) => [
      ...s.objectiveReferences,
      ...s.lines.flatMap((l) => l.references),
    ]);
    assert.equal(references.length, 6, 'the six footnotes of the paper');
  });

  test('an administrator sees every version; each role only what it may read', async () => {
    const versionsOf = async (session: Session) =>
      (await platform.request({ url: '/api/priorities?year=2018', as: session }))
        .json<{ version: number }[]>()
        .map((v) => v.version);
    assert.deepEqual(await versionsOf(admin), [2, 1]);
    assert.deepEqual(await versionsOf(contact), [2]);
    assert.deepEqual(await versionsOf(member), []);
    assert.deepEqual(await versionsOf(observer), []);
  });

  test('a version one may not read answers 404 like a missing one', async () => {
    const hidden = await platform.request({ url: '/api/priorities/2018/versions/1', as: contact });
    const missing = await platform.request({ url: '/api/priorities/2018/versions/9', as: contact });
    assert.equal(hidden.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(
      hidden.json<{ detail: string }>().detail,
      missing.json<{ detail: string }>().detail,
    );
    assert.equal(
      (await platform.request({ url: '/api/priorities/2018', as: member })).statusCode,
      404,
    );
    assert.equal(
      (await platform.request({ url: '/api/priorities/2018/versions/1', as: admin })).statusCode,
      200,
    );
    const page = await platform.request({ url: '/priorities/2018/versions/2', as: member });
    assert.equal(page.statusCode, 404);
    const list = await platform.request({ url: '/priorities', as: member });
    assert.doesNotMatch(list.body, /Priorities 2018/);
  });

  test('without a version, the agreed one is shown, else the latest readable', async () => {
    const forContact = await platform.request({ url: '/api/priorities/2018', as: contact });
    assert.equal(forContact.json<{ version: number }>().version, 2);
  });

  test('anonymous callers are refused; bad years answer 400 naming the field', async () => {
    assert.equal((await platform.request({ url: '/api/priorities' })).statusCode, 401);
    assert.equal((await platform.request({ url: '/api/priorities/2017' })).statusCode, 401);
    assert.equal((await platform.request({ url: '/priorities/2017' })).statusCode, 303);
    const bad = await platform.request({ url: '/api/priorities/1999', as: member });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ errors: { field: string }[] }>().errors[0]?.field, 'year');
    const badQuery = await platform.request({ url: '/api/priorities?year=next', as: member });
    assert.equal(badQuery.statusCode, 400);
    const unknown = await platform.request({ url: '/api/priorities?colour=red', as: member });
    assert.equal(unknown.statusCode, 400);
  });

  test('the page shows the whole document with its references as links', async () => {
    const page = await platform.request({ url: '/priorities/2017', as: observer });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Priorities of the network in 2017/);
    assert.match(page.body, /1\.1 Migration, asylum and border management/);
    assert.match(page.body, /2\.4 Communication/);
    assert.match(page.body, /href="http:\/\/eur-lex\.europa\.eu[^"]*32015D1601"/);
    assert.match(page.body, /Agreed on 9 February 2017/);
    const list = await platform.request({ url: '/priorities', as: observer });
    assert.match(list.body, /href="\/priorities\/2017\/versions\/1"/);
  });

  test('importing the priorities was audited', async () => {
    const entries = await platform.services.audit.list({ action: 'priorities.import' }, 1, 5);
    assert.equal(entries.total, 1);
    assert.deepEqual((await platform.services.audit.verify()).ok, true);
  });
});
