import assert from 'node:assert/strict';
import type { Actor } from '../../app/access.js';
import { translator } from '../../app/i18n/i18n.js';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { ListPage } from './documents.list.js';
import type { DocumentSearchResult } from './documents.model.js';

/**
 * Counts of matches stop at a cap (10,000 in service): past it the total is a lower bound, said
 * so in the API and shown as "more than" in the list. The cap is lowered here through the
 * service's own parameter, so that a handful of documents go past it.
 */
describe('documents: counts past the cap', () => {
  let platform: TestPlatform;
  let europolContact: Session;
  let frontexContact: Session;
  let eigeContact: Session;

  const register = async (session: Session, title: string, releasability: string) => {
    const response = await platform.request({
      url: '/api/documents',
      as: session,
      method: 'POST',
      body: {
        title,
        documentType: 'analysis',
        language: 'en',
        marking: { classification: 'none', releasability },
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  };

  const actorOf = async (session: Session): Promise<Actor> => {
    const organisation = await platform.services.network.get(session.user.organisation);
    return {
      userId: session.user.id,
      email: session.user.email,
      name: session.user.email,
      organisationId: organisation.id,
      organisationAcronym: organisation.acronym,
      role: session.user.role,
      locale: null,
      via: { kind: 'token', tokenId: 'count-cap-test' },
    };
  };

  before(async () => {
    platform = await testPlatform();
    europolContact = await platform.session('contact', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
    eigeContact = await platform.session('contact', 'EIGE');
    // Four documents EIGE may read, from two agencies; one it may not.
    await register(europolContact, 'Quorvex assessment one', 'network');
    await register(europolContact, 'Quorvex assessment two', 'network');
    await register(europolContact, 'Quorvex assessment three', 'network');
    await register(frontexContact, 'Quorvex assessment four', 'network');
    await register(frontexContact, 'Quorvex assessment kept', 'originator');
  });
  after(() => platform.close());

  test('at or under the cap the total is exact; past it, the cap and a lower bound', async () => {
    const eige = await actorOf(eigeContact);
    const query = { q: 'quorvex', page: 1, pageSize: 2 };
    const documents = platform.services.documents;

    const exact = await documents.list(eige, query, 4);
    assert.equal(exact.total, 4);
    assert.equal(exact.totalIsLowerBound, false, 'the unreadable match does not count');
    assert.equal(exact.items.length, 2);

    const capped = await documents.list(eige, query, 3);
    assert.equal(capped.total, 3);
    assert.equal(capped.totalIsLowerBound, true);
    // The facets count the matches counted, no more.
    const originators = capped.facets.originator.reduce((sum, f) => sum + f.count, 0);
    assert.equal(originators, 3);
    assert.equal(capped.items.length, 2);
    for (const item of capped.items)
      assert.match(item.title, /^Quorvex assessment (one|two|three|four)$/);

    const frontex = await documents.list(await actorOf(frontexContact), query, 4);
    assert.equal(frontex.total, 4);
    assert.equal(frontex.totalIsLowerBound, true, 'Frontex reads its own kept document too');
  });

  test('the API says whether the total is a lower bound', async () => {
    const response = await platform.request({ url: '/api/documents?q=quorvex', as: eigeContact });
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json<DocumentSearchResult>();
    assert.equal(result.total, 4);
    assert.equal(result.totalIsLowerBound, false);
  });

  test('the list says "more than" a total that is a lower bound', async () => {
    const eige = await actorOf(eigeContact);
    const result = await platform.services.documents.list(
      eige,
      { q: 'quorvex', page: 1, pageSize: 2 },
      3,
    );
    const page = ListPage({
      ctx: {
        actor: eige,
        locale: 'en',
        t: translator('en'),
        csrfToken: 'token',
        path: '/documents',
        requestId: 'request',
        unreadNotifications: null,
      },
      query: { q: 'quorvex', page: 1 },
      result: { ...result, total: 10_000 },
      mayRegister: false,
    }).toString();
    assert.match(page, /More than 10,000 documents/);
    assert.doesNotMatch(page, /10000 document\(s\)/);
  });
});
