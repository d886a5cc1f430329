import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { DocumentSearchResult } from './documents.model.js';
import { readerFor, startingPoint } from './documents.repository.js';
import { searchTerms } from './search-terms.js';

/**
 * A search starts from the documents released to the reader's organisation when there are fewer
 * of them than matches, and from the matches otherwise (`startingPoint`). Whichever it starts
 * from, the reader gets the same documents: those released to them that the whole visibility
 * predicate lets through. The register below puts each word on one side of that choice.
 */
describe('documents: a search starts from the fewer rows, and shows the same', () => {
  let platform: TestPlatform;
  let europol: Session;
  let frontex: Session;
  let eige: Session;

  const api = async (
    session: Session,
    url: string,
    method: 'GET' | 'POST' = 'GET',
    body?: unknown,
  ) => platform.request({ url, as: session, method, ...(body === undefined ? {} : { body }) });

  const registered: string[] = [];
  const register = async (session: Session, title: string, marking: Record<string, unknown>) => {
    registered.push(title);
    const response = await api(session, '/api/documents', 'POST', {
      title,
      documentType: 'analysis',
      language: 'en',
      marking: { classification: 'none', ...marking },
    });
    assert.equal(response.statusCode, 201, response.body);
  };

  const titlesFound = async (query: string) => {
    const response = await api(eige, `/api/documents?${query}&pageSize=100`);
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json<DocumentSearchResult>();
    return { titles: result.items.map((i) => i.title).sort(), result };
  };

  const path = async (word: string) => {
    const { db } = platform.services.database;
    const reader = await readerFor(db, {
      userId: eige.user.id,
      email: eige.user.email,
      organisationId: (await platform.services.network.get('EIGE')).id,
      role: eige.user.role,
    });
    const within = await startingPoint(
      db,
      platform.services.documentTexts.index,
      reader,
      searchTerms(word),
    );
    return within ? 'released documents' : 'matches';
  };

  before(async () => {
    platform = await testPlatform();
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    eige = await platform.session('contact', 'EIGE');
    const eigeId = (await platform.services.network.get('EIGE')).id;
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
    // Not released to EIGE: more matches of "zentrovar" than documents released to it.
    for (const n of ['one', 'two', 'three'])
      await register(europol, `Zentrovar kept ${n}`, { releasability: 'originator' });
    await register(frontex, 'Quillmark for Frontex', { releasability: 'originator' });
    await register(europol, 'Quillmark network memo', { releasability: 'network' });
    // PostgreSQL chooses by the planner's estimate, from the statistics autovacuum keeps.
    const { database } = platform.services;
    if (database.dialect.name === 'postgres') await sql`analyze`.execute(database.db);
  });
  after(() => platform.close());

  test('a word matching more documents than are released to the reader', async () => {
    assert.equal(await path('zentrovar'), 'released documents');
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

  test('a word matching fewer documents than are released to the reader', async () => {
    assert.equal(await path('quillmark'), 'matches');
    const { titles, result } = await titlesFound('q=quillmark');
    assert.deepEqual(titles, ['Quillmark network memo']);
    assert.equal(result.total, 1);
  });

  test('no word: the register is larger than what is released to the reader', async () => {
    assert.equal(await path(''), 'released documents');
    const { titles, result } = await titlesFound('sort=title');
    assert.deepEqual(titles, [
      'Lumbrisk network note',
      'Quillmark network memo',
      'Zentrovar for EIGE',
      'Zentrovar network brief',
      'Zentrovar own paper',
    ]);
    assert.equal(result.total, 5);
  });

  test('the export shows what the list shows, from either start', async () => {
    for (const q of ['zentrovar', 'quillmark', '']) {
      const { titles } = await titlesFound(`q=${q}`);
      const response = await api(eige, `/api/documents/export.csv?q=${q}`);
      assert.equal(response.statusCode, 200, response.body);
      const exported = registered.filter((title) => response.body.includes(title)).sort();
      assert.deepEqual(exported, titles, `export for "${q}"`);
    }
  });
});
