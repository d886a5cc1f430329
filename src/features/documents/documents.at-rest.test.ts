import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { throughFourEyes } from '../../../test/support/euci.js';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { extractQueuedTexts } from '../../../test/support/text-extraction.js';
import {
  inspectableDatabase,
  type InspectableDatabase,
} from '../../../test/support/inspectable-database.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { loadConfig, type Config } from '../../config.js';
import { migrateTo } from '../../db/migrate.js';
import { startPlatform, type Platform } from '../../platform.js';
import { generateKeySpec } from './file-crypto.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';
import { everyDocument } from './documents.policy.js';
import { matchingDocuments } from './documents.repository.js';
import { SNIPPET_END, SNIPPET_START } from './search-snippets.js';
import { searchTerms } from './search-terms.js';

/**
 * Nothing a document says is readable at rest: its title, description and text are sealed, and
 * the search index holds keyed hashes of words. Search still finds documents by those words and
 * their prefixes, with snippets, for a reader who may read them and for no one else. SQLite runs
 * on a file here, so that the test reads the bytes of the database and its write-ahead log.
 */

/** A word found nowhere else: letters and digits, as search keeps them. */
const distinctive = (label: string) => `${label}${randomBytes(6).toString('hex')}`;

interface Sample {
  label: string;
  marking: Record<string, unknown>;
  title: string;
  description: string;
  text: string;
  /** Who of the two readers may read it. */
  reader: boolean;
  outsider: boolean;
  id?: string;
}

describe('document content at rest', () => {
  let store: InspectableDatabase;
  let platform: TestPlatform;
  let owner: Session;
  let reader: Session;
  let outsider: Session;
  const firstKey = generateKeySpec('k1');

  const samples: Sample[] = [
    {
      label: 'limite',
      marking: { limite: true, releasability: 'network' },
      reader: true,
      outsider: true,
    },
    {
      label: 'amber',
      marking: { tlp: 'amber', releasability: 'originator' },
      reader: false,
      outsider: false,
    },
    {
      label: 'restreint',
      marking: { classification: 'restreint', releasability: 'network' },
      reader: true,
      outsider: false,
    },
    {
      label: 'sensitive',
      marking: { sensitive: true, releasability: 'named' },
      reader: true,
      outsider: false,
    },
  ].map((s) => ({
    ...s,
    title: distinctive('ttl'),
    description: distinctive('dsc'),
    text: distinctive('txt'),
  }));
  const everyWord = samples.flatMap((s) => [s.title, s.description, s.text]);

  const api: TestPlatform['api'] = (...request) => platform.api(...request);

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  function search(
    app: Platform['app'],
    session: Session,
    q: string,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: 'GET',
      url: `/api/documents?q=${encodeURIComponent(q)}`,
      headers: { cookie: `jhanet_session=${session.cookie}` },
    });
  }

  async function found(app: Platform['app'], session: Session, q: string) {
    const response = await search(app, session, q);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<DocumentSearchResult>().items;
  }

  /** Every word and prefix finds its document for whoever may read it, and for no one else. */
  async function assertSearchable(app: Platform['app']) {
    for (const sample of samples) {
      for (const word of [sample.title, sample.description, sample.text]) {
        for (const q of [word, word.slice(0, 9).toUpperCase()]) {
          for (const [session, may] of [
            [owner, true],
            [reader, sample.reader],
            [outsider, sample.outsider],
          ] as const) {
            const items = await found(app, session, q);
            assert.deepEqual(
              items.map((d) => d.id),
              may ? [sample.id] : [],
              `${sample.label}: "${q}" as ${session.user.organisation} ${session.user.role}`,
            );
            if (may && items[0]) assert.equal(items[0].title, sample.title);
          }
        }
      }
      // The passage is made from the document's opened text, its word marked, a prefix too.
      const [hit] = await found(app, owner, sample.text.slice(0, 9));
      assert.equal(
        hit?.snippet,
        `${sample.description} for the network Background of the case. The ${SNIPPET_START}${sample.text}${SNIPPET_END} was observed along the route`,
      );
      const [described] = await found(app, owner, sample.description);
      assert.ok(
        described?.snippet?.startsWith(
          `${SNIPPET_START}${sample.description}${SNIPPET_END} for the network`,
        ),
        described?.snippet ?? 'no snippet',
      );
    }
  }

  async function assertNothingInClear(when: string) {
    for (const word of everyWord) {
      assert.equal(await store.contains(word), false, `"${word}" is readable at rest ${when}`);
    }
  }

  before(async () => {
    store = await inspectableDatabase();
    const defaults = loadConfig({ NODE_ENV: 'test', JHANET_REQUIRE_SECOND_FACTOR: 'optional' });
    platform = await testPlatform(
      { documents: { ...defaults.documents, euciCeiling: 1, fileKeys: firstKey } },
      store,
    );
    const admin = await platform.session('admin', 'EUDA');
    const confirmer = await platform.session('admin', 'Eurojust');
    const confirm = (url: string) => api(confirmer, url, 'POST');
    owner = await platform.session('contact', 'Europol');
    reader = await platform.session('member', 'Frontex');
    outsider = await platform.session('member', 'EIGE');
    for (const acronym of ['Europol', 'Frontex']) {
      const signed = await api(admin, `/api/euci-agreement/${await idOf(acronym)}`, 'PUT', {
        signedOn: '2019-06-01',
      });
      await throughFourEyes(signed, confirm);
    }
    for (const session of [owner, reader]) {
      const briefed = await api(admin, `/api/users/${session.user.id}/clearance`, 'PUT', {
        clearance: 'none',
        briefedOn: '2020-01-01',
      });
      await throughFourEyes(briefed, confirm);
    }
    const frontex = await idOf('Frontex');
    for (const sample of samples) {
      const registered = await api(owner, '/api/documents', 'POST', {
        title: sample.title,
        description: `${sample.description} for the network`,
        documentType: 'analysis',
        language: 'en',
        marking: {
          classification: 'none',
          ...sample.marking,
          ...(sample.marking.releasability === 'named' ? { releasedTo: [frontex] } : {}),
        },
      });
      assert.equal(registered.statusCode, 201, registered.body);
      const document = registered.json<{ document: DocumentDetail }>().document;
      assert.equal(document.isReference, false);
      sample.id = document.id;
      const uploaded = await platform.app.inject({
        method: 'POST',
        url: `/api/documents/${document.id}/versions?filename=notes.txt`,
        headers: {
          cookie: `jhanet_session=${owner.cookie}`,
          'x-csrf-token': owner.csrfToken,
          'content-type': 'application/octet-stream',
        },
        payload: Buffer.from(
          `Background of the case.\nThe ${sample.text} was observed along the route.\n`,
        ),
      });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const actions = await platform.services.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'document')
        .where('target_id', '=', document.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['document.register', 'document.version_add'],
      );
    }
    // The text of an upload is extracted in the background, soon after the upload answered.
    await extractQueuedTexts(platform.services);
  });
  after(() => platform.close());

  test('a marked document is found by its words and their prefixes, by those who may read it only', async () => {
    await assertSearchable(platform.app);
  });

  test('no word of a marked document, nor of what was searched, is readable in the database', async () => {
    await assertNothingInClear('after registration and search');
    // The scan sees what is in clear: registration numbers, for one.
    const [first] = samples;
    const detail = await api(owner, `/api/documents/${first?.id ?? ''}`);
    assert.equal(await store.contains(detail.json<DocumentDetail>().registrationNumber), true);
  });

  test('a key rotation re-seals the texts and rebuilds the index; search still works', async () => {
    const config: Config = {
      ...platform.config,
      documents: { ...platform.config.documents, fileKeys: `${generateKeySpec('k2')},${firstKey}` },
    };
    const rotated = await startPlatform(config, { database: store.database, logger: false });
    try {
      const db = store.database.db;
      // Until the index is rebuilt, the new key's tokens find nothing.
      assert.deepEqual(await found(rotated.app, owner, samples[0]?.title ?? ''), []);
      const result = await rotated.services.documentTexts.rotate(store.database, 2);
      const documents = await db.selectFrom('documents').select('id').execute();
      assert.equal(result.reindexed, documents.length);
      assert.ok(result.resealed >= samples.length * 3, `resealed ${String(result.resealed)}`);
      const keys = await db
        .selectFrom('document_sealed_texts')
        .select('key_id')
        .distinct()
        .execute();
      assert.deepEqual(
        keys.map((k) => k.key_id),
        ['k2'],
      );
      assert.deepEqual(await rotated.services.documentTexts.rotate(store.database), {
        resealed: 0,
        reindexed: 0,
      });
      await assertSearchable(rotated.app);
      await assertNothingInClear('after a key rotation');
    } finally {
      await rotated.app.close();
    }
  });
});

describe('texts an earlier version stored in clear', () => {
  let store: InspectableDatabase;
  let platform: Platform;
  const id = randomUUID();
  const words = {
    title: distinctive('ttl'),
    description: distinctive('dsc'),
    body: distinctive('txt'),
  };

  before(async () => {
    store = await inspectableDatabase();
    const db = store.database.db;
    await migrateTo(db, '2026-11-29T1000-documents');
    const now = new Date().toISOString();
    const organisation = randomUUID();
    await sql`insert into organisations
      (id, kind, acronym, name, category, description, version, created_at, updated_at)
      values (${organisation}, 'agency', 'OLD', 'An agency', 'agency', '', 1, ${now}, ${now})`.execute(
      db,
    );
    await sql`insert into documents (id, registration_number, registered_on, title, description,
      document_type, language, originator_organisation_id, classification_level, limite, sensitive,
      releasability, is_reference, point_of_contact, version, created_at, updated_at)
      values (${id}, 'OLD-2017-00001', '2017-05-01', ${`The ${words.title} file`},
        ${`About ${words.description}`}, 'analysis', 'en', ${organisation}, 0, 1, 0,
        'network', 0, '', 1, ${now}, ${now})`.execute(db);
    await sql`insert into document_texts (document_id, body)
      values (${id}, ${`Seen: ${words.body}.`})`.execute(db);
    if (testDb === 'postgres')
      await sql`insert into document_search (document_id, vector)
        values (${id}, to_tsvector('simple', ${`${words.title} ${words.description} ${words.body}`}))`.execute(
        db,
      );
    else
      await sql`insert into document_search (document_id, title, reference, description, body)
        values (${id}, ${words.title}, 'OLD-2017-00001', ${words.description}, ${words.body})`.execute(
        db,
      );
    assert.equal(await store.contains(words.body), true, 'the scan sees the text in clear');
    const defaults = loadConfig({ NODE_ENV: 'test', JHANET_REQUIRE_SECOND_FACTOR: 'optional' });
    platform = await startPlatform(
      { ...defaults, documents: { ...defaults.documents, fileKeys: generateKeySpec('k1') } },
      { database: store.database, logger: false },
    );
  });
  after(async () => {
    await platform.app.close();
    await store.drop();
  });

  test('are sealed and indexed at start, and no copy stays in the database', async () => {
    const db = store.database.db;
    const texts = platform.services.documentTexts;
    const left = await db.selectFrom('document_clear_texts').select('document_id').execute();
    assert.deepEqual(left, []);
    const row = await db
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const [opened] = await texts.withDetails(db, [row]);
    assert.equal(opened?.title, `The ${words.title} file`);
    assert.equal(opened.description, `About ${words.description}`);
    assert.equal((await texts.readTexts(db, [id])).get(id), `Seen: ${words.body}.`);
    for (const word of Object.values(words)) {
      const found = await matchingDocuments(
        db,
        texts.index,
        everyDocument(),
        {},
        searchTerms(word.slice(0, 9)),
      )
        .select('documents.id')
        .execute();
      assert.deepEqual(
        found.map((f) => f.id),
        [id],
        word,
      );
      assert.equal(await store.contains(word), false, `"${word}" is still readable at rest`);
    }
    assert.deepEqual(await texts.upgrade(store.database), { sealed: 0, indexed: 0 });
  });
});
