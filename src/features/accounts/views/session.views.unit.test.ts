import assert from 'node:assert/strict';
import { describe, test } from '../../../../test/support/node-test.js';
import { describeUserAgent } from './session.views.js';

describe('a browser named as a person recognises it', () => {
  const cases: [string, string][] = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.3351.95',
      'Edge 138 on Windows',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Mobile Safari/537.36',
      'Chrome 139 on Android',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari 17 on macOS',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      'Chrome 156 on Linux',
    ],
    ['curl/8.5.0', 'curl/8.5.0'],
    ['   ', ''],
  ];
  for (const [userAgent, expected] of cases) {
    test(expected || 'an empty user agent', () => {
      assert.equal(describeUserAgent(userAgent), expected);
    });
  }
});
