import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from '../test/support/node-test.js';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  test('defaults: production, port 3000, local interface, SQLite, 30-minute idle, 12-hour sessions', () => {
    const config = loadConfig({});
    assert.deepEqual(config, {
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      demo: false,
      environment: 'production',
      logLevel: 'info',
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      trustProxy: false,
      requireSecondFactor: 'privileged',
      publicUrl: 'http://localhost:3000',
      mail: { smtp: null, from: '', pollSeconds: 30, organiser: '' },
      documents: { euciCeiling: 0, maxFileBytes: 25 * 1024 * 1024, fileKeys: null },
      parsing: {
        slots: 2,
        timeoutMs: 60_000,
        memoryBytes: 512 * 1024 * 1024,
        maxUnpackedBytes: 100 * 1024 * 1024,
        maxEntryBytes: 50 * 1024 * 1024,
        pollSeconds: 5,
      },
      backup: { dir: null, keepDaily: 7, keepWeekly: 4, hour: 2 },
      sso: [],
      catalogue: {
        contactName: "JHA agencies' network secretariat",
        contactEmail: null,
        licence: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
      },
    });
  });

  test('empty variables count as unset', () => {
    const config = loadConfig({
      PORT: '',
      HOST: '',
      DATA_DIR: '',
      DATABASE_URL: '',
      JHANET_DEMO: '',
    });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.demo, false);
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/jhanet',
      DATABASE_URL: 'postgresql://app@db/jhanet',
      JHANET_DEMO: 'yes',
      NODE_ENV: 'development',
      LOG_LEVEL: 'debug',
      JHANET_SESSION_IDLE_MINUTES: '15',
      JHANET_SESSION_MAX_HOURS: '8',
      JHANET_TRUST_PROXY: 'TRUE',
      JHANET_REQUIRE_SECOND_FACTOR: 'all',
      JHANET_EUCI_CEILING: 'confidentiel',
      JHANET_MAX_FILE_MB: '50',
      JHANET_FILE_KEYS: 'k1:AAAA',
      JHANET_PARSE_SLOTS: '4',
      JHANET_PARSE_TIMEOUT_SECONDS: '30',
      JHANET_PARSE_MEMORY_MB: '1024',
      JHANET_UNPACK_MAX_MB: '200',
      JHANET_UNPACK_MAX_ENTRY_MB: '80',
      JHANET_EXTRACTION_POLL_SECONDS: '10',
      JHANET_BACKUP_DIR: '/var/backups/jhanet',
      JHANET_BACKUP_KEEP_DAILY: '14',
      JHANET_BACKUP_KEEP_WEEKLY: '8',
      JHANET_BACKUP_HOUR: '23',
    });
    assert.deepEqual(config, {
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/jhanet',
      databaseUrl: 'postgresql://app@db/jhanet',
      demo: true,
      environment: 'development',
      logLevel: 'debug',
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      trustProxy: true,
      requireSecondFactor: 'all',
      publicUrl: 'http://localhost:8080',
      mail: { smtp: null, from: '', pollSeconds: 30, organiser: '' },
      documents: { euciCeiling: 2, maxFileBytes: 50 * 1024 * 1024, fileKeys: 'k1:AAAA' },
      parsing: {
        slots: 4,
        timeoutMs: 30_000,
        memoryBytes: 1024 * 1024 * 1024,
        maxUnpackedBytes: 200 * 1024 * 1024,
        maxEntryBytes: 80 * 1024 * 1024,
        pollSeconds: 10,
      },
      backup: { dir: '/var/backups/jhanet', keepDaily: 14, keepWeekly: 8, hour: 23 },
      sso: [],
      catalogue: {
        contactName: "JHA agencies' network secretariat",
        contactEmail: null,
        licence: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
      },
    });
  });

  test('backup retention keeps at least the latest day, and the hour is one of the day', () => {
    assert.throws(
      () => loadConfig({ JHANET_BACKUP_KEEP_DAILY: '0' }),
      /JHANET_BACKUP_KEEP_DAILY must be a whole number from 1 to 3660, not "0"/,
    );
    assert.throws(() => loadConfig({ JHANET_BACKUP_HOUR: '24' }), /JHANET_BACKUP_HOUR/);
    assert.equal(loadConfig({ JHANET_BACKUP_KEEP_WEEKLY: '0' }).backup.keepWeekly, 0);
  });

  test('parsing caps are checked: a parser process needs room to start, a part fits the whole', () => {
    assert.throws(
      () => loadConfig({ JHANET_PARSE_MEMORY_MB: '64' }),
      /JHANET_PARSE_MEMORY_MB must be a whole number from 128 to 65536, not "64"/,
    );
    assert.throws(() => loadConfig({ JHANET_PARSE_SLOTS: '0' }), /JHANET_PARSE_SLOTS/);
    assert.throws(
      () => loadConfig({ JHANET_PARSE_TIMEOUT_SECONDS: 'soon' }),
      /JHANET_PARSE_TIMEOUT_SECONDS/,
    );
    assert.throws(
      () => loadConfig({ JHANET_UNPACK_MAX_MB: '10', JHANET_UNPACK_MAX_ENTRY_MB: '20' }),
      /JHANET_UNPACK_MAX_ENTRY_MB \(20\) cannot be more than JHANET_UNPACK_MAX_MB \(10\)/,
    );
  });

  test('document settings are checked, and PostgreSQL in production needs shared file keys', () => {
    assert.throws(() => loadConfig({ JHANET_EUCI_CEILING: 'top' }), /JHANET_EUCI_CEILING/);
    assert.throws(() => loadConfig({ JHANET_MAX_FILE_MB: '0' }), /JHANET_MAX_FILE_MB/);
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'postgres://db/jhanet' }),
      /JHANET_FILE_KEYS must be set with DATABASE_URL/,
    );
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://db/jhanet', NODE_ENV: 'development' }).documents
        .fileKeys,
      null,
    );
  });

  test('tests log nothing unless asked to', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).logLevel, 'silent');
    assert.equal(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn' }).logLevel, 'warn');
  });

  test('flags accept the usual spellings of on and off', () => {
    for (const on of ['1', 'true', 'yes', 'on', 'On']) {
      assert.equal(loadConfig({ JHANET_TRUST_PROXY: on }).trustProxy, true, on);
    }
    for (const off of ['0', 'false', 'no', 'off', 'OFF']) {
      assert.equal(loadConfig({ JHANET_DEMO: off }).demo, false, off);
    }
  });

  test('each bad value is refused with a message naming the variable and the value', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'http' }, /^PORT must be a whole number from 0 to 65535, not "http"$/],
      [{ PORT: '65536' }, /^PORT must be a whole number from 0 to 65535, not "65536"$/],
      [{ PORT: '-1' }, /^PORT must be/],
      [{ PORT: '80.5' }, /^PORT must be/],
      [
        { JHANET_SESSION_IDLE_MINUTES: '0' },
        /^JHANET_SESSION_IDLE_MINUTES must be a whole number from 1 to 1440, not "0"$/,
      ],
      [{ JHANET_SESSION_IDLE_MINUTES: '1441' }, /^JHANET_SESSION_IDLE_MINUTES must be/],
      [
        { JHANET_SESSION_MAX_HOURS: '169' },
        /^JHANET_SESSION_MAX_HOURS must be a whole number from 1 to 168, not "169"$/,
      ],
      [{ JHANET_SESSION_MAX_HOURS: 'twelve' }, /^JHANET_SESSION_MAX_HOURS must be/],
      [{ JHANET_DEMO: 'maybe' }, /^JHANET_DEMO must be true or false, not "maybe"$/],
      [{ JHANET_TRUST_PROXY: 'y' }, /^JHANET_TRUST_PROXY must be true or false, not "y"$/],
      [
        { NODE_ENV: 'staging' },
        /^NODE_ENV must be production, development or test, not "staging"$/,
      ],
      [
        { DATABASE_URL: 'mysql://db/jhanet' },
        /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL$/,
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(env),
      );
    }
  });

  test('SMTP: off without a host; with one, TLS mode, port, credentials and sender are checked', () => {
    assert.equal(loadConfig({ JHANET_SMTP_PORT: 'x' }).mail.smtp, null);
    const config = loadConfig({
      JHANET_SMTP_HOST: 'smtp.example.eu',
      JHANET_SMTP_TLS: 'tls',
      JHANET_SMTP_USER: 'network',
      JHANET_SMTP_PASSWORD: 'secret',
      JHANET_MAIL_FROM: 'JHA network <network@example.eu>',
      JHANET_PUBLIC_URL: 'https://jhanet.example.eu/',
    });
    assert.deepEqual(config.mail.smtp, {
      host: 'smtp.example.eu',
      port: 465,
      tls: 'tls',
      user: 'network',
      password: 'secret',
    });
    assert.equal(config.publicUrl, 'https://jhanet.example.eu');
    const base = { JHANET_SMTP_HOST: 'smtp.example.eu', JHANET_MAIL_FROM: 'n@example.eu' };
    assert.equal(loadConfig(base).mail.smtp?.port, 587);
    assert.throws(() => loadConfig({ ...base, JHANET_SMTP_TLS: 'ssl' }), /JHANET_SMTP_TLS/);
    assert.throws(() => loadConfig({ ...base, JHANET_SMTP_USER: 'u' }), /both or neither/);
    assert.throws(() => loadConfig({ ...base, JHANET_MAIL_FROM: '' }), /JHANET_MAIL_FROM/);
    assert.throws(() => loadConfig({ ...base, JHANET_SMTP_PORT: '70000' }), /JHANET_SMTP_PORT/);
    assert.throws(() => loadConfig({ JHANET_PUBLIC_URL: 'ftp://x' }), /JHANET_PUBLIC_URL/);
  });

  test('the organiser of invitations is its own mailbox, or else the sender', () => {
    const base = { JHANET_SMTP_HOST: 'smtp.example.eu', JHANET_MAIL_FROM: 'noreply@example.eu' };
    assert.equal(loadConfig(base).mail.organiser, 'noreply@example.eu');
    const organiser = 'Network secretariat <secretariat@example.eu>';
    assert.equal(
      loadConfig({ ...base, JHANET_MAIL_ORGANISER: organiser }).mail.organiser,
      organiser,
    );
    assert.equal(loadConfig({ JHANET_MAIL_ORGANISER: organiser }).mail.organiser, organiser);
    assert.throws(
      () => loadConfig({ ...base, JHANET_MAIL_ORGANISER: 'the secretariat' }),
      /JHANET_MAIL_ORGANISER/,
    );
  });

  test('the catalogue names its contact and its licence from the EU licence table', () => {
    const defaults = loadConfig({});
    assert.deepEqual(defaults.catalogue, {
      contactName: "JHA agencies' network secretariat",
      contactEmail: null,
      licence: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
    });
    const set = loadConfig({
      JHANET_CATALOGUE_CONTACT_NAME: 'Network secretariat',
      JHANET_CATALOGUE_CONTACT_EMAIL: 'secretariat@example.eu',
      JHANET_CATALOGUE_LICENCE: 'http://publications.europa.eu/resource/authority/licence/CC0',
    });
    assert.deepEqual(set.catalogue, {
      contactName: 'Network secretariat',
      contactEmail: 'secretariat@example.eu',
      licence: 'http://publications.europa.eu/resource/authority/licence/CC0',
    });
    assert.throws(
      () => loadConfig({ JHANET_CATALOGUE_CONTACT_EMAIL: 'the secretariat' }),
      /JHANET_CATALOGUE_CONTACT_EMAIL/,
    );
    assert.throws(
      () => loadConfig({ JHANET_CATALOGUE_LICENCE: 'https://example.org/my-licence' }),
      /JHANET_CATALOGUE_LICENCE/,
    );
  });
});
