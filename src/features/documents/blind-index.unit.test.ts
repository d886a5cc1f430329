import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, test } from '../../../test/support/node-test.js';
import { BlindIndexKey, tokenText } from './blind-index.js';
import { indexedPrefixes, searchTerms, wordMatches } from './search-terms.js';

describe('the blind search index', () => {
  const secret = randomBytes(32);
  const key = new BlindIndexKey('k1', secret);

  test('a token is the HMAC-SHA-256 of the folded word under the key, cut to 64 bits', () => {
    const digest = createHmac('sha256', secret).update('europol', 'utf8').digest();
    assert.equal(key.token('europol'), digest.readBigUInt64BE(0).toString(36));
    assert.match(key.token('europol'), /^[0-9a-z]{1,13}$/);
    assert.notEqual(key.token('europol'), key.token('eurojust'));
    assert.notEqual(
      new BlindIndexKey('k2', randomBytes(32)).token('europol'),
      key.token('europol'),
    );
  });

  test('words are indexed with their prefixes from three letters to twenty-four', () => {
    assert.deepEqual(indexedPrefixes('route'), ['rou', 'rout', 'route']);
    assert.deepEqual(indexedPrefixes('eu'), ['eu']);
    assert.deepEqual(indexedPrefixes('abc'), ['abc']);
    const long = 'telecommunicationsinfrastructure';
    const prefixes = indexedPrefixes(long);
    assert.equal(prefixes.length, 24 - 3 + 1);
    assert.equal(prefixes.at(-1), long.slice(0, 24));
  });

  test('the tokens of a text count the occurrences of every prefix, folded', () => {
    const counts = key.tokenCounts('Route, ROUTER and the route of Sécurité', 1000);
    assert.equal(counts.get(key.token('route')), 3);
    assert.equal(counts.get(key.token('router')), 1);
    assert.equal(counts.get(key.token('rou')), 3);
    assert.equal(counts.get(key.token('securite')), 1);
    assert.equal(counts.get(key.token('the')), 1);
    assert.equal(counts.get(key.token('ro')), undefined);
    assert.equal(counts.get(key.token('Route')), undefined);
  });

  test('a query word is looked up by the token of its indexed form', () => {
    const text = key.tokenCounts('Smuggling along the Balkan route', 1000);
    const found = (query: string) =>
      searchTerms(query).every((term) => text.has(key.queryToken(term)));
    assert.ok(found('balkan rout'));
    assert.ok(found('SMUG'));
    assert.ok(found('the'));
    // Shorter than three letters: whole words only.
    assert.ok(!found('ba'));
    assert.ok(!found('balkans'));
    assert.ok(!found('route zeppelin'));
    const long = key.tokenCounts('telecommunicationsinfrastructure', 1000);
    assert.ok(long.has(key.queryToken('telecommunicationsinfrastruct')));
  });

  test('the index text holds every token as often as it occurs, in an order unrelated to the words', () => {
    const counts = key.tokenCounts('alpha beta alpha gamma', 1000);
    const text = tokenText(counts);
    const tokens = text.split(' ');
    assert.deepEqual(tokens, [...tokens].sort());
    assert.equal(tokens.filter((t) => t === key.token('alpha')).length, 2);
    assert.equal(tokenText(key.tokenCounts('gamma alpha beta alpha', 1000)), text);
    assert.doesNotMatch(text, /alpha|beta|gamma/);
  });

  test('new tokens stop at the limit, known ones keep counting', () => {
    const counts = key.tokenCounts('abc abd abc abe', 2);
    assert.equal(counts.size, 2);
    assert.equal(counts.get(key.token('abc')), 2);
    assert.equal(counts.get(key.token('abe')), undefined);
  });

  test('a prefix shared by several words counts them all, and the limit holds across words', () => {
    const counts = key.tokenCounts('abcd abce abcd abcf', 2);
    assert.deepEqual(
      [...counts].sort(),
      [
        [key.token('abc'), 4],
        [key.token('abcd'), 2],
      ].sort(),
    );
  });

  test('a snippet marks the words the index matched, and only those', () => {
    assert.ok(wordMatches('route', 'rou'));
    assert.ok(wordMatches('route', 'route'));
    assert.ok(!wordMatches('route', 'ro'));
    assert.ok(wordMatches('eu', 'eu'));
    assert.ok(!wordMatches('router', 'routes'));
  });
});
