import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../config.js';
import type { Role } from '../../db/schema.js';
import { systemContext } from '../audit/audit.events.js';
import { seedDemoNetwork } from '../network/demo.js';
import { startPlatform, type Platform } from '../../platform.js';
import {
  inspectableDatabase,
  type InspectableDatabase,
} from '../../../test/support/inspectable-database.js';
import { pngPixel } from '../../../test/support/fixture-files.js';
import { throughFourEyes } from '../../../test/support/euci.js';
import { generateKeySpec } from './file-crypto.js';
import type { DocumentDetail } from './documents.model.js';

/**
 * What the database holds, byte for byte: nothing of a file refused above the accreditation
 * ceiling, and only ciphertext of a file accepted. SQLite runs on a file here so that its bytes
 * (the database and its write-ahead log) can be read.
 */

interface Session {
  userId: string;
  cookie: string;
  csrfToken: string;
}

describe('the accreditation ceiling and files at rest', () => {
  let store: InspectableDatabase;
  let platform: Platform;
  let config: Config;
  const firstKey = generateKeySpec('k1');
  let admin: Session;
  let contact: Session;

  const request = (
    app: Platform['app'],
    session: Session,
    url: string,
    method: 'GET' | 'POST' | 'PUT' = 'GET',
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: {
        cookie: `jhanet_session=${session.cookie}`,
        ...(method !== 'GET' ? { 'x-csrf-token': session.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const api = (session: Session, url: string, method?: 'GET' | 'POST' | 'PUT', body?: unknown) =>
    request(platform.app, session, url, method, body);

  async function session(role: Role, acronym: string): Promise<Session> {
    const organisation = await platform.services.network.get(acronym);
    const email = `${role}.${randomBytes(4).toString('hex')}@example.eu`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const created = await platform.services.users.create(systemContext, {
      email,
      name: `${role} of ${acronym}`,
      organisationId: organisation.id,
      role,
      password,
    });
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password },
    });
    assert.equal(response.statusCode, 200, response.body);
    const cookie = response.cookies.find((c) => c.name === 'jhanet_session');
    assert.ok(cookie);
    return {
      userId: created.user.id,
      cookie: cookie.value,
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    };
  }

  function upload(
    app: Platform['app'],
    as: Session,
    id: string,
    filename: string,
    content: Buffer,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: 'POST',
      url: `/api/documents/${id}/versions?filename=${encodeURIComponent(filename)}`,
      headers: {
        cookie: `jhanet_session=${as.cookie}`,
        'x-csrf-token': as.csrfToken,
        'content-type': 'application/octet-stream',
      },
      payload: content,
    });
  }

  async function register(marking: Record<string, unknown>, title: string) {
    const response = await api(contact, '/api/documents', 'POST', {
      title,
      documentType: 'analysis',
      language: 'en',
      marking,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ document: DocumentDetail }>().document;
  }

  const marker = () => `MARKER${randomBytes(8).toString('hex').toUpperCase()}`;

  before(async () => {
    store = await inspectableDatabase();
    const defaults = loadConfig({ NODE_ENV: 'test', JHANET_REQUIRE_SECOND_FACTOR: 'optional' });
    // The default ceiling: no EU classified content at all.
    config = { ...defaults, documents: { ...defaults.documents, fileKeys: firstKey } };
    assert.equal(config.documents.euciCeiling, 0);
    platform = await startPlatform(config, { database: store.database, logger: false });
    await seedDemoNetwork(platform.services, { withUsers: false });
    admin = await session('admin', 'EUDA');
    contact = await session('contact', 'Europol');
    const confirmer = await session('admin', 'Eurojust');
    const confirm = (url: string) => api(confirmer, url, 'POST');
    const europol = await platform.services.network.get('Europol');
    const signed = await api(admin, `/api/euci-agreement/${europol.id}`, 'PUT', {
      signedOn: '2019-06-01',
    });
    await throughFourEyes(signed, confirm);
    const briefed = await api(admin, `/api/users/${contact.userId}/clearance`, 'PUT', {
      clearance: 'none',
      briefedOn: '2020-01-01',
    });
    await throughFourEyes(briefed, confirm);
  });
  after(async () => {
    await platform.app.close();
    await store.drop();
  });

  test('an upload above the ceiling stores no byte of the file', async () => {
    const document = await register(
      { classification: 'restreint', releasability: 'network' },
      'Restricted threat picture',
    );
    assert.equal(document.isReference, true);
    const secret = marker();
    const response = await upload(
      platform.app,
      contact,
      document.id,
      'picture.txt',
      Buffer.from(`Restricted content ${secret} end`),
    );
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json<{ code: string }>().code, 'above_ceiling');
    assert.equal(response.body.includes(secret), false);

    const db = platform.services.database.db;
    const files = await db
      .selectFrom('document_files')
      .select('id')
      .where('document_id', '=', document.id)
      .execute();
    assert.deepEqual(files, []);
    const contents = await db
      .selectFrom('document_file_contents')
      .innerJoin('document_files', 'document_files.id', 'document_file_contents.file_id')
      .select('document_file_contents.file_id')
      .where('document_files.document_id', '=', document.id)
      .execute();
    assert.deepEqual(contents, []);
    const texts = await db
      .selectFrom('document_sealed_texts')
      .select('document_id')
      .where('document_id', '=', document.id)
      .where('kind', '=', 'text')
      .execute();
    assert.deepEqual(texts, []);
    assert.equal(await store.contains(secret), false, 'the marker is nowhere in the database');
    // The scan itself finds what is there: the document's registration number.
    assert.equal(await store.contains(document.registrationNumber), true);
  });

  test('an accepted file is encrypted at rest, and survives a key rotation unchanged', async () => {
    const document = await register(
      { classification: 'none', releasability: 'network' },
      'Image with trailing bytes',
    );
    const secret = marker();
    // A PNG: its bytes are not text, so nothing of them is extracted for search.
    const content = Buffer.concat([pngPixel(), Buffer.from(` ${secret} `)]);
    const stored = await upload(platform.app, contact, document.id, 'pixel.png', content);
    assert.equal(stored.statusCode, 201, stored.body);
    assert.equal(stored.json<DocumentDetail>().currentFile?.contentType, 'image/png');
    assert.equal(await store.contains(secret), false, 'plaintext at rest');

    const before = await api(contact, `/api/documents/${document.id}/file`);
    assert.equal(before.statusCode, 200);
    assert.deepEqual(before.rawPayload, content);

    // The new key first, the old one kept to open what it sealed.
    const rotatedConfig: Config = {
      ...config,
      documents: { ...config.documents, fileKeys: `${generateKeySpec('k2')},${firstKey}` },
    };
    const rotated = await startPlatform(rotatedConfig, {
      database: store.database,
      logger: false,
    });
    try {
      const count = await rotated.services.documentFiles.rotate(store.database);
      assert.ok(count >= 1, `rotated ${String(count)}`);
      const keys = await store.database.db
        .selectFrom('document_file_contents')
        .select('key_id')
        .execute();
      assert.ok(keys.length >= 1);
      assert.deepEqual(new Set(keys.map((k) => k.key_id)), new Set(['k2']));
      assert.equal(await rotated.services.documentFiles.rotate(store.database), 0);

      const after = await request(rotated.app, contact, `/api/documents/${document.id}/file`);
      assert.equal(after.statusCode, 200, after.body);
      assert.deepEqual(after.rawPayload, content);
      assert.equal(await store.contains(secret), false, 'plaintext at rest after rotation');
    } finally {
      await rotated.app.close();
    }
  });

  test('a scheduled declassification applies on its day, audited and in the history, not before', async () => {
    const document = await register(
      { classification: 'restreint', releasability: 'network' },
      'Declassified on schedule',
    );
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const eve = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const scheduled = await request(
      platform.app,
      contact,
      `/api/documents/${document.id}/schedule`,
      'PUT',
      { on: day, classification: 'none', reason: 'Operation closed' },
      { 'if-match': `"${String(document.version)}"` },
    );
    assert.equal(scheduled.statusCode, 200, scheduled.body);
    assert.equal(scheduled.json<DocumentDetail>().scheduledChange?.on, day);

    const documents = platform.services.documents;
    assert.equal(await documents.applyScheduledChanges(systemContext, eve), 0);
    const early = await api(contact, `/api/documents/${document.id}`);
    assert.equal(early.json<DocumentDetail>().marking.classification, 'restreint');
    assert.equal(early.json<DocumentDetail>().markingHistory.length, 0);

    assert.equal(await documents.applyScheduledChanges(systemContext, day), 1);
    const applied = (await api(contact, `/api/documents/${document.id}`)).json<DocumentDetail>();
    assert.equal(applied.marking.classification, 'none');
    assert.equal(applied.isReference, false);
    assert.equal(applied.scheduledChange, null);
    const [latest] = applied.markingHistory;
    assert.ok(latest);
    assert.equal(latest.kind, 'scheduled');
    assert.match(latest.reason, /Operation closed/);
    const entries = await platform.services.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('action', '=', 'document.scheduled_change')
      .where('target_id', '=', document.id)
      .execute();
    assert.equal(entries.length, 1);
    assert.doesNotMatch(entries[0]?.changes ?? '', /Operation closed/);
    assert.match(entries[0]?.changes ?? '', /"reason":"hmac:/);
    assert.equal(await documents.applyScheduledChanges(systemContext, day), 0);
  });
});
