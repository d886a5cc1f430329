import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from '../../test/support/node-test.js';
import {
  freshDatabase,
  testDb,
  testPlatform,
  type RequestOptions,
  type TestPlatform,
} from '../../test/support/platform.js';
import { TcpProxy } from '../../test/support/tcp-proxy.js';
import { freePort } from '../ops/drills/platform-process.js';
import { openPostgres } from './database.js';

/** The server the suite runs on, whose database a platform reaches through a list of hosts. */
const server = { host: '127.0.0.1', port: 5432 };

/** A platform on a fresh database, reached through the list of hosts `hostsOf` makes. */
async function platformOn(hostsOf: (database: string) => string): Promise<TestPlatform> {
  const fresh = await freshDatabase();
  const name = new URL(fresh.url ?? '').pathname;
  const database = openPostgres(`postgres://root@${hostsOf(name)}`, 4);
  return testPlatform(
    {},
    {
      database,
      drop: async () => {
        await database.close();
        await fresh.drop();
      },
    },
  );
}

/** The answers of requests sent until one is `status`, at most `attempts` of them. */
async function until(
  platform: TestPlatform,
  request: RequestOptions,
  status: number,
  attempts = 50,
): Promise<number[]> {
  const statuses: number[] = [];
  while (statuses.length < attempts && statuses.at(-1) !== status) {
    // After a search that found no host, the pool answers 503 at once for 0.2 s: ask past it.
    if (statuses.length > 0) await sleep(50);
    statuses.push((await platform.request(request)).statusCode);
  }
  return statuses;
}

describe(
  'PostgreSQL: a list of hosts, followed to the one that accepts writes',
  { skip: testDb !== 'postgres' && 'a list of database hosts is PostgreSQL only' },
  () => {
    test('the first host of the list that answers is written to, past a closed port', async () => {
      const closed = await freePort();
      const platform = await platformOn(
        (database) =>
          `127.0.0.1:${String(closed)},${server.host}:${String(server.port)}${database}`,
      );
      try {
        assert.equal((await platform.request({ url: '/readyz' })).statusCode, 200);
        // Signing in writes the session and its audit entry.
        const session = await platform.session('contact');
        const me = await platform.request({ url: '/api/agencies', as: session });
        assert.equal(me.statusCode, 200);
      } finally {
        await platform.close();
      }
    });

    describe('the database goes away while the platform runs', () => {
      let proxy: TcpProxy;
      let platform: TestPlatform;
      before(async () => {
        proxy = await TcpProxy.start(server);
        platform = await platformOn((database) => `127.0.0.1:${String(proxy.port)}${database}`);
      });
      after(async () => {
        await proxy.close();
        await platform.close();
      });

      test('requests answer 503 with Retry-After at once, /readyz says not ready', async () => {
        const session = await platform.session('member');
        await proxy.close();
        const api = await platform.request({ url: '/api/agencies', as: session });
        assert.equal(api.statusCode, 503);
        assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
        assert.equal(api.json<{ code: string }>().code, 'database_unavailable');
        assert.match(String(api.headers['retry-after']), /^[0-9]+$/);
        const page = await platform.request({ url: '/scorecard', as: session });
        assert.equal(page.statusCode, 503);
        assert.match(String(page.headers['content-type']), /^text\/html/);
        assert.match(String(page.headers['retry-after']), /^[0-9]+$/);
        const ready = await platform.request({ url: '/readyz' });
        assert.equal(ready.statusCode, 503);
        assert.equal(ready.json<{ checks: { database: string } }>().checks.database, 'unreachable');
      });

      test('the platform serves again once the database is back, without a restart', async () => {
        await proxy.open();
        const statuses = await until(platform, { url: '/readyz' }, 200);
        assert.equal(statuses.at(-1), 200, `readiness answered ${statuses.join(', ')}`);
        const session = await platform.session('member');
        const api = await platform.request({ url: '/api/agencies', as: session });
        assert.equal(api.statusCode, 200);
      });
    });

    test('when the host written to goes away, the next host that accepts writes takes over', async () => {
      const first = await TcpProxy.start(server);
      const platform = await platformOn(
        (database) =>
          `127.0.0.1:${String(first.port)},${server.host}:${String(server.port)}${database}`,
      );
      try {
        const session = await platform.session('member');
        const before = first.accepted;
        assert.ok(before > 0, 'the first host of the list was written to');
        await first.close();
        const statuses = await until(platform, { url: '/api/agencies', as: session }, 200);
        assert.equal(statuses.at(-1), 200, `answers: ${statuses.join(', ')}`);
        assert.ok(
          statuses.every((status) => status === 200 || status === 503),
          `only 503 during the switch: ${statuses.join(', ')}`,
        );
        // A write, with its audit entry, on the host that took over.
        const again = await platform.session('contact');
        assert.equal((await platform.request({ url: '/api/agencies', as: again })).statusCode, 200);
        assert.equal(first.accepted, before, 'nothing went to the host that is gone');
      } finally {
        await first.close();
        await platform.close();
      }
    });
  },
);
