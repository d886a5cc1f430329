import assert from 'node:assert/strict';
import { describe, test } from '../../test/support/node-test.js';
import { sameOriginPath } from './redirect-target.js';

const origins = [
  'http://localhost:3000',
  'https://jhanet.example.eu',
  'https://jha.example.eu:8443',
];

/** Values that a browser would resolve to another site, or that are not a path of this one. */
const refused = [
  '//x',
  '//x/y',
  '///x',
  '////x',
  '/\\x',
  '/\\/x',
  '\\\\x',
  '/.//x',
  '/./\\x',
  '/..//x',
  '/a/../..//x',
  '/a/b/../../..//x',
  '/%2e//x',
  '/%2E%2E//x',
  '%2F%2Fx',
  '%2f%2fx',
  '/\t/x',
  '/\n/x',
  '/\r\n/x',
  '/\t\\x',
  '\t//x',
  '\n/\\x',
  ' //x',
  'https:x',
  'https:/x',
  'http:x',
  'https://x/',
  'HTTPS://x',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>1</script>',
  'vbscript:x',
  'x',
  '.',
  '',
  undefined,
];

describe('sameOriginPath', () => {
  for (const origin of origins) {
    test(`refuses every value that leaves ${origin}, or is no path of it`, () => {
      for (const value of refused) {
        assert.equal(sameOriginPath(value, origin), '/', JSON.stringify(value));
      }
    });

    test(`keeps the parsed path and query of ${origin}, starting with one slash`, () => {
      const kept: [string, string][] = [
        ['/', '/'],
        ['/documents', '/documents'],
        ['/agencies?q=a b#top', '/agencies?q=a%20b'],
        ['/a/./b/../c?x=1&y=2', '/a/c?x=1&y=2'],
        ['/%2F%2Fx', '/%2F%2Fx'],
        ['/\tdocuments', '/documents'],
        ['/documents/../..', '/'],
      ];
      for (const [value, expected] of kept) {
        const target = sameOriginPath(value, origin);
        assert.equal(target, expected, JSON.stringify(value));
        assert.equal(new URL(target, origin).origin, new URL(origin).origin);
      }
    });
  }

  test('everything it returns stays on the origin when a browser follows it', () => {
    const origin = 'https://jhanet.example.eu';
    const pieces = ['/', '\\', '.', '..', '%2f', '%5c', '\t', '\n', 'x', ':', '@', '?', '#'];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const value = `/${a}${b}${c}x`;
          const target = sameOriginPath(value, origin);
          assert.ok(target.startsWith('/') && !target.startsWith('//'), JSON.stringify(value));
          assert.ok(!target.startsWith('/\\'), JSON.stringify(value));
          assert.equal(new URL(target, origin).origin, origin, JSON.stringify(value));
        }
  });
});
