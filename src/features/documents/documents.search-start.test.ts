import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { DocumentDetail, DocumentSearchResult } from './documents.model.js';
import { migrateTo, migrateToLatest } from '../../db/migrate.js';
import { readerAudiences } from './documents.policy.js';
import { readerFor, startingPoint } from './documents.repository.js';
import { searchTerms } from './search-terms.js';

/**
 * A search narrows to the matches released to the reader's organisation in the search index
 * itself, which carries whom each document is released to; a list without search terms starts
 * from the documents released to the reader when the register holds more (`startingPoint`).
 * Either way the reader gets the documents the whole visibility predicate lets through, and a
 * change of release reaches the index in the same transaction.
 */
describe('documents: a search narrows to the reader’s share in the index, and shows the same', () => {
  let platform: TestPlatform;
  let europol: Session;
  let frontex: Session;
  let eige: Session;
  let eigeId = '';
  const ids = new Map<string, DocumentDetail>();

  const api = async (
    session: Session,
    url: string,
    method: 'GET' | 'POST' | 'PUT' = 'GET',
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    platform.request({
      url,
      as: session,
      method,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });

  const register = async (session: Session, title: string, marking: Record<string, unknown>) => {
    const response = await api(session, '/api/documents', 'POST', {
      title,
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'none', ...marking },
    });
    assert.equal(response.statusCode, 201, response.body);
    ids.set(title, response.json<{ document: DocumentDetail }>().document);
  };

  const titlesFound = async (query: string) => {
    const response = await api(eige, `/api/documents?${query}&pageSize=100`);
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json<DocumentSearchResult>();
    return { titles: result.items.map((i) => i.title).sort(), result };
  };

  const eigeReader = async () => {
    const { db } = platform.services.database;
    return readerFor(db, {
      userId: eige.user.id,
      email: eige.user.email,
      organisationId: eigeId,
      role: eige.user.role,
    });
  };

  /** The titles the index alone gives EIGE for a word: before the predicate. */
  const indexGives = async (word: string) => {
    const { database, documentTexts } = platform.services;
    const hits = documentTexts.index.matchingRows(
      searchTerms(word),
      readerAudiences(await eigeReader()),
    );
    const rows = await database.db.selectFrom(hits).select('hits.document_id').execute();
    const titleOf = new Map([...ids].map(([title, document]) => [document.id, title]));
    return rows.map((r) => titleOf.get(r.document_id)).sort();
  };

  before(async () => {
    platform = await testPlatform();
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    eige = await platform.session('contact', 'EIGE');
    eigeId = (await platform.services.network.get('EIGE')).id;
    // Released to EIGE: five documents (two to the network, two to EIGE by name, one its own).
    await register(europol, 'Zentrovar network brief', { releasability: 'network' });
    await register(europol, 'Lumbrisk network note', { releasability: 'network' });
    await register(frontex, 'Zentrovar for EIGE', {
      releasability: 'named',
      releasedTo: [eigeId],
    });
    // Released to EIGE by name, but AMBER+STRICT keeps it in Frontex: the predicate decides.
    await register(frontex, 'Zentrovar strict', {
      releasability: 'named',
      releasedTo: [eigeId],
      tlp: 'amber_strict',
    });
    await register(eige, 'Zentrovar own paper', { releasability: 'originator' });
    // Not released to EIGE.
    for (const n of ['one', 'two', 'three'])
      await register(europol, `Zentrovar kept ${n}`, { releasability: 'originator' });
    await register(europol, 'Zentrovar for Frontex', {
      releasability: 'named',
      releasedTo: [(await platform.services.network.get('Frontex')).id],
    });
  });
  after(() => platform.close());

  test('the index gives the matches released to the reader, the predicate what they may read', async () => {
    assert.deepEqual(await indexGives('zentrovar'), [
      'Zentrovar for EIGE',
      'Zentrovar network brief',
      'Zentrovar own paper',
      'Zentrovar strict',
    ]);
    const { titles, result } = await titlesFound('q=zentrovar');
    assert.deepEqual(titles, [
      'Zentrovar for EIGE',
      'Zentrovar network brief',
      'Zentrovar own paper',
    ]);
    assert.equal(result.total, 3);
    assert.equal(result.totalIsLowerBound, false);
    const byOriginator = Object.fromEntries(
      result.facets.originator.map((f) => [f.label, f.count]),
    );
    assert.deepEqual(byOriginator, { EIGE: 1, Europol: 1, Frontex: 1 });
  });

  test('a change of release reaches the index with the marking', async () => {
    const kept = ids.get('Zentrovar kept one');
    assert.ok(kept);
    const remark = async (releasability: string, version: number) => {
      const response = await api(
        europol,
        `/api/documents/${kept.id}/marking`,
        'PUT',
        { marking: { classification: 'none', releasability }, reason: 'Shared at the meeting' },
        { 'if-match': `"${String(version)}"` },
      );
      assert.equal(response.statusCode, 200, response.body);
      return response.json<DocumentDetail>().version;
    };
    const shared = await remark('network', kept.version);
    assert.ok((await indexGives('zentrovar')).includes('Zentrovar kept one'));
    assert.ok((await titlesFound('q=zentrovar')).titles.includes('Zentrovar kept one'));
    await remark('originator', shared);
    assert.ok(!(await indexGives('zentrovar')).includes('Zentrovar kept one'));
    assert.ok(!(await titlesFound('q=zentrovar')).titles.includes('Zentrovar kept one'));
  });

  test('no word: the register is larger than what is released to the reader', async () => {
    const { db } = platform.services.database;
    const start = await startingPoint(db, await eigeReader(), []);
    assert.ok(start.within, 'the list starts from the documents released to EIGE');
    assert.equal(start.audiences, undefined);
    const { titles, result } = await titlesFound('sort=title');
    assert.deepEqual(titles, [
      'Lumbrisk network note',
      'Zentrovar for EIGE',
      'Zentrovar network brief',
      'Zentrovar own paper',
    ]);
    assert.equal(result.total, 4);
  });

  test('the export shows what the list shows, with a word and without', async () => {
    for (const q of ['zentrovar', 'lumbrisk', '']) {
      const { titles } = await titlesFound(`q=${q}`);
      const response = await api(eige, `/api/documents/export.csv?q=${q}`);
      assert.equal(response.statusCode, 200, response.body);
      const exported = [...ids.keys()].filter((title) => response.body.includes(title)).sort();
      assert.deepEqual(exported, titles, `export for "${q}"`);
    }
  });

  // Last: it empties the index, as the upgrade to audiences in the index did.
  test('after the upgrade that empties the index, the start indexes every document again', async () => {
    const { database, documentTexts } = platform.services;
    await migrateTo(database.db, '2026-12-04T2300-documents-released-to-network');
    await migrateToLatest(database.db);
    assert.deepEqual((await titlesFound('q=zentrovar')).titles, []);
    const { count } = await database.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(await documentTexts.upgrade(database, 3), {
      sealed: 0,
      indexed: Number(count),
    });
    assert.deepEqual((await titlesFound('q=zentrovar')).titles, [
      'Zentrovar for EIGE',
      'Zentrovar network brief',
      'Zentrovar own paper',
    ]);
    assert.deepEqual(await documentTexts.upgrade(database), { sealed: 0, indexed: 0 });
  });
});
