import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ActivityView } from './scorecard.model.js';

const CLIENTS = 8;
const WRITES_PER_CLIENT = 6;
const ACTIVITIES = 3;

/**
 * Many clients edit the same activities at once, each reading the current version and writing
 * on it, retrying when refused as stale. Every accepted write leaves a mark in the description;
 * at the end every mark must be there, and the version count must match the accepted writes.
 */
describe('scorecard under concurrent writers', () => {
  let platform: TestPlatform;
  let clients: Session[];
  let activityIds: string[];

  before(async () => {
    platform = await testPlatform();
    const lead = await platform.session('contact', 'Europol');
    clients = [lead];
    for (let i = 1; i < CLIENTS; i += 1) {
      clients.push(await platform.session(i % 2 === 0 ? 'admin' : 'contact', 'Europol'));
    }
    activityIds = [];
    for (let i = 0; i < ACTIVITIES; i += 1) {
      const response = await platform.request({
        method: 'POST',
        url: '/api/activities',
        as: lead,
        body: {
          year: 2017,
          title: `Shared activity ${String(i)}`,
          description: '',
          lines: ['1.2.1'],
          lead: 'Europol',
          kind: 'joint-product',
          plannedStart: '2017-01-01',
          plannedEnd: '2017-12-31',
        },
      });
      assert.equal(response.statusCode, 201, response.body);
      activityIds.push(response.json<ActivityView>().id);
    }
  });
  after(() => platform.close());

  test('no accepted write is lost', async (t) => {
    const accepted = new Map<string, string[]>(activityIds.map((id) => [id, []]));
    let refused = 0;

    const writer = async (client: Session, clientIndex: number) => {
      for (let n = 0; n < WRITES_PER_CLIENT; n += 1) {
        const id = activityIds[(clientIndex + n) % ACTIVITIES] ?? '';
        const mark = `c${String(clientIndex)}w${String(n)}`;
        for (;;) {
          const read = await platform.request({ url: `/api/activities/${id}`, as: client });
          const current = read.json<ActivityView>();
          const write = await platform.request({
            method: 'PATCH',
            url: `/api/activities/${id}`,
            as: client,
            headers: { 'if-match': String(read.headers.etag) },
            body: { description: `${current.description} ${mark}`.trim() },
          });
          if (write.statusCode === 200) {
            accepted.get(id)?.push(mark);
            break;
          }
          assert.equal(write.statusCode, 412, write.body);
          refused += 1;
        }
      }
    };
    await Promise.all(clients.map((client, index) => writer(client, index)));

    for (const id of activityIds) {
      const final = (
        await platform.request({ url: `/api/activities/${id}`, as: clients[0] })
      ).json<ActivityView>();
      const marks = accepted.get(id) ?? [];
      assert.deepEqual(final.description.split(' ').sort(), [...marks].sort());
      assert.equal(final.version, 1 + marks.length);
      const revisions = await platform.services.database.db
        .selectFrom('scorecard_revisions')
        .select('version')
        .where('activity_id', '=', id)
        .execute();
      assert.equal(revisions.length, final.version, 'one revision per accepted write');
    }
    const total = [...accepted.values()].reduce((sum, marks) => sum + marks.length, 0);
    assert.equal(total, CLIENTS * WRITES_PER_CLIENT);
    // Reported so a run shows the writers really did collide.
    t.diagnostic(`${String(total)} writes accepted, ${String(refused)} refused as stale`);
  });
});
