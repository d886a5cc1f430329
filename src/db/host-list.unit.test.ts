import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { loadConfig } from '../config.js';
import { libpqUrlWithoutPassword, parseHostList, urlOfHost } from './host-list.js';

describe('a database URL with a list of hosts', () => {
  test('each host with its port, the default port where none is given', () => {
    const list = parseHostList(
      'postgres://app:s%40cret@db1:5432,db2,[::1]:5433/jhanet?sslmode=require',
    );
    assert.deepEqual(list.hosts, [
      { host: 'db1', port: 5432 },
      { host: 'db2', port: 5432 },
      { host: '::1', port: 5433 },
    ]);
    assert.equal(list.user, 'app');
    assert.equal(list.password, 's%40cret');
    assert.equal(list.rest, '/jhanet?sslmode=require');
  });

  test('each host gets a URL of its own, with the credentials, database and options', () => {
    const list = parseHostList('postgresql://app:pw@db1:5432,[::1]:5433/jhanet?sslmode=require');
    assert.deepEqual(
      list.hosts.map((host) => urlOfHost(list, host)),
      [
        'postgresql://app:pw@db1:5432/jhanet?sslmode=require',
        'postgresql://app:pw@[::1]:5433/jhanet?sslmode=require',
      ],
    );
  });

  test('one host is a list of one, and a URL without credentials keeps none', () => {
    assert.deepEqual(parseHostList('postgres:///jhanet').hosts, [
      { host: 'localhost', port: 5432 },
    ]);
    const list = parseHostList('postgres://127.0.0.1/test');
    assert.deepEqual(list.hosts, [{ host: '127.0.0.1', port: 5432 }]);
    assert.equal(
      urlOfHost(list, { host: '127.0.0.1', port: 5432 }),
      'postgres://127.0.0.1:5432/test',
    );
  });

  test("PostgreSQL's own programs get the list without the password, asking for the writable host", () => {
    assert.equal(
      libpqUrlWithoutPassword(parseHostList('postgres://app:pw@db1:5432,db2:5433/jhanet')),
      'postgres://app@db1:5432,db2:5433/jhanet?target_session_attrs=read-write',
    );
    assert.equal(
      libpqUrlWithoutPassword(parseHostList('postgres://app:pw@db1/jhanet?sslmode=require')),
      'postgres://app@db1:5432/jhanet?sslmode=require',
    );
  });

  test('a malformed list is refused at start, naming DATABASE_URL and the entry', () => {
    const refused = (url: string, pattern: RegExp) => {
      assert.throws(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }), pattern, url);
    };
    refused(
      'postgres://app@db1:5432,,db2/jhanet',
      /DATABASE_URL: every host of the list must be named/,
    );
    refused('postgres://app@db1:99999/jhanet', /DATABASE_URL: the port of "db1:99999"/);
    refused('postgres://app@db1:54x2/jhanet', /DATABASE_URL: the port of "db1:54x2"/);
    assert.equal(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://app@db1:5432,db2:5433/jhanet' })
        .databaseUrl,
      'postgres://app@db1:5432,db2:5433/jhanet',
    );
  });
});
