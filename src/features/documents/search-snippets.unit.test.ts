import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import { SNIPPET_END, SNIPPET_START, snippetOf } from './search-snippets.js';
import { searchTerms } from './search-terms.js';

const marked = (word: string) => `${SNIPPET_START}${word}${SNIPPET_END}`;
const words = (snippet: string) => snippet.replace(/…/g, '').trim().split(/\s+/);

describe('search snippets', () => {
  test('the matching words are marked as written, prefixes and accents included', () => {
    const snippet = snippetOf(
      'Facilitated illegal immigration along the Balkan route, Sécurité intérieure.',
      searchTerms('balkan rout securite'),
    );
    assert.equal(
      snippet,
      `Facilitated illegal immigration along the ${marked('Balkan')} ${marked('route')}, ${marked('Sécurité')} intérieure`,
    );
  });

  test('the passage is the one holding the most query terms, cut with an ellipsis', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${String(i)}`).join(' ');
    const text = `${filler(40)} firearms ${filler(40)} firearms trafficking ${filler(40)}`;
    const snippet = snippetOf(text, searchTerms('firearms trafficking')) ?? '';
    assert.match(snippet, /^… /);
    assert.match(snippet, / …$/);
    assert.ok(snippet.includes(`${marked('firearms')} ${marked('trafficking')}`), snippet);
    assert.equal(words(snippet).length, 24);
  });

  test('without a match the opening words are shown, unmarked; no words, no snippet', () => {
    const text = Array.from({ length: 30 }, (_, i) => `w${String(i)}`).join(' ');
    const snippet = snippetOf(text, searchTerms('absent')) ?? '';
    assert.ok(snippet.startsWith('w0 w1'));
    assert.match(snippet, / …$/);
    assert.ok(!snippet.includes(SNIPPET_START));
    assert.equal(snippetOf(' … ', searchTerms('absent')), null);
  });

  test('a short query word marks whole words only, as it matches them', () => {
    assert.equal(snippetOf('EU and Europe', ['eu']), `${marked('EU')} and Europe`);
  });

  test('a decomposed accent stays in its word', () => {
    assert.equal(snippetOf('se\u0301curite\u0301', ['securite']), marked('se\u0301curite\u0301'));
  });
});
