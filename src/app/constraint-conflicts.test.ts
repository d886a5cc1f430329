import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from '../../test/support/node-test.js';
import { testPlatform, type TestPlatform } from '../../test/support/platform.js';
import { anyone } from './access.js';
import { buildServer } from './server.js';

/**
 * Every reference an input names is checked before a write, as a field error. Should a check be
 * missing, the database's constraint still refuses the write: the answer is then a 409 conflict
 * that says nothing of tables, columns or values, never a 500.
 */
describe('a write a database constraint refuses', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  test('answers 409 conflict without the database message, to the API and to pages', async () => {
    const db = platform.services.database.db;
    const europol = await platform.services.network.get('Europol');
    const app = await buildServer(platform.services, { logger: false });
    const writes = {
      repeated: () =>
        db
          .insertInto('organisations')
          .values({
            id: randomUUID(),
            kind: 'agency',
            acronym: europol.acronym,
            name: 'A second Europol',
            category: 'jha-agency',
            hq_city: null,
            hq_country: null,
            website: null,
            description: '',
            established_year: null,
            version: 1,
            created_at: '2017-01-01T00:00:00.000Z',
            updated_at: '2017-01-01T00:00:00.000Z',
          })
          .execute(),
      dangling: () =>
        db
          .insertInto('chair_years')
          .values({
            year: 2031,
            organisation_id: randomUUID(),
            note: '',
            version: 1,
            updated_at: '2017-01-01T00:00:00.000Z',
          })
          .execute(),
    };
    for (const [name, write] of Object.entries(writes)) {
      app.get(`/api/constraint/${name}`, { config: { access: anyone } }, async () => {
        await write();
        return { ok: true };
      });
      app.get(`/constraint/${name}`, { config: { access: anyone, page: true } }, async () => {
        await write();
        return 'written';
      });
    }
    const internals = /UNIQUE|FOREIGN|duplicate|violates|organisations|chair_years|acronym|SQLITE/i;
    for (const name of Object.keys(writes)) {
      const api = await app.inject({ url: `/api/constraint/${name}` });
      assert.equal(api.statusCode, 409, api.body);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(api.json<{ code: string }>().code, 'conflict');
      assert.doesNotMatch(api.body, internals);
      const page = await app.inject({
        url: `/constraint/${name}`,
        headers: { accept: 'text/html' },
      });
      assert.equal(page.statusCode, 409, name);
      assert.doesNotMatch(page.body, internals);
    }
    await app.close();
  });
});
