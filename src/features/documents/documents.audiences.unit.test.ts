import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from '../../../test/support/node-test.js';
import type { OrganisationKind, Releasability } from '../../db/schema.js';
import { BlindIndexKey } from './blind-index.js';
import {
  documentAudiences,
  readerAudiences,
  sameAudiences,
  type DocumentReader,
} from './documents.policy.js';
import { searchTerms } from './search-terms.js';

/**
 * The search index narrows a search to the documents whose audiences meet the reader's. That
 * may let through more than the reader may read (level and TLP are not carried), never less:
 * each case below states, from the rule of release alone, whether the document is released to
 * the reader's organisation.
 */
describe('the audiences a search narrows to', () => {
  const reader = (kind: OrganisationKind): DocumentReader => ({
    userId: 'u',
    email: 'u@example.eu',
    organisationId: 'reader-org',
    organisationKind: kind,
    role: 'member',
    maxLevel: 0,
  });
  const cases: {
    why: string;
    kind: OrganisationKind;
    originator: string;
    releasability: Releasability;
    releasedTo: string[];
    released: boolean;
  }[] = [
    {
      why: 'its own, kept',
      kind: 'agency',
      originator: 'reader-org',
      releasability: 'originator',
      releasedTo: [],
      released: true,
    },
    {
      why: 'its own, named to others',
      kind: 'agency',
      originator: 'reader-org',
      releasability: 'named',
      releasedTo: ['other'],
      released: true,
    },
    {
      why: 'its own, as a body',
      kind: 'body',
      originator: 'reader-org',
      releasability: 'network',
      releasedTo: [],
      released: true,
    },
    {
      why: "another's, to the network",
      kind: 'agency',
      originator: 'other',
      releasability: 'network',
      releasedTo: [],
      released: true,
    },
    {
      why: "another's, to the network, read by a body",
      kind: 'body',
      originator: 'other',
      releasability: 'network',
      releasedTo: [],
      released: false,
    },
    {
      why: "another's, named to it",
      kind: 'agency',
      originator: 'other',
      releasability: 'named',
      releasedTo: ['third', 'reader-org'],
      released: true,
    },
    {
      why: "another's, named to a body",
      kind: 'body',
      originator: 'other',
      releasability: 'named',
      releasedTo: ['reader-org'],
      released: true,
    },
    {
      why: "another's, named to others",
      kind: 'agency',
      originator: 'other',
      releasability: 'named',
      releasedTo: ['third'],
      released: false,
    },
    {
      why: "another's, kept",
      kind: 'agency',
      originator: 'other',
      releasability: 'originator',
      releasedTo: [],
      released: false,
    },
    // Releases left from an earlier "named" marking do not count once it is not.
    {
      why: "another's, kept, with former releases",
      kind: 'agency',
      originator: 'other',
      releasability: 'originator',
      releasedTo: ['reader-org'],
      released: false,
    },
  ];
  for (const c of cases)
    test(`${c.why}: ${c.released ? 'found' : 'not found'}`, () => {
      const audiences = documentAudiences({
        originatorOrganisationId: c.originator,
        releasability: c.releasability,
        releasedTo: c.releasedTo,
      });
      const meets = readerAudiences(reader(c.kind)).some((a) => audiences.includes(a));
      assert.equal(meets, c.released);
    });

  test('a marking change keeps the audiences unless the release changes', () => {
    const of = (releasability: Releasability, releasedTo: string[]) =>
      documentAudiences({ originatorOrganisationId: 'own', releasability, releasedTo });
    assert.equal(sameAudiences(of('named', ['a', 'b']), of('named', ['b', 'a'])), true);
    assert.equal(sameAudiences(of('named', ['a', 'a']), of('named', ['a'])), true);
    assert.equal(sameAudiences(of('named', ['a']), of('named', ['a', 'b'])), false);
    assert.equal(sameAudiences(of('named', ['a', 'b']), of('named', ['a'])), false);
    assert.equal(sameAudiences(of('network', []), of('originator', [])), false);
    // Releases kept from a former "named" marking reach no one: the index need not change.
    assert.equal(sameAudiences(of('originator', ['a']), of('originator', [])), true);
    // Naming only the originator reaches the same organisation as keeping it to the originator.
    assert.equal(sameAudiences(of('named', ['own']), of('originator', [])), true);
  });

  test('an audience token is never a word token', () => {
    const key = new BlindIndexKey('k1', randomBytes(32));
    assert.notEqual(key.audienceToken('network'), key.token('network'));
    // What a user types is cut into words: "release network" is asked as two.
    for (const term of searchTerms('release network'))
      assert.notEqual(key.queryToken(term), key.audienceToken('network'));
    assert.match(key.audienceToken('network'), /^[0-9a-z]{1,13}$/);
  });
});
