import assert from 'node:assert/strict';
import { test } from '../../../../test/support/node-test.js';
import { base32Decode, base32Encode, hotp, matchingStep, otpauthUri, totp } from './totp.js';

// The shared secret of both RFCs' test vectors: the ASCII text "12345678901234567890".
const rfcSecret = Buffer.from('12345678901234567890', 'ascii');

test('HOTP gives the values of RFC 4226 appendix D', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  expected.forEach((code, counter) => {
    assert.equal(hotp(rfcSecret, counter), code, `counter ${counter}`);
  });
});

test('TOTP with SHA-1 gives the 8-digit values of RFC 6238 appendix B', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) {
    assert.equal(totp(rfcSecret, seconds * 1000, 8), code, `T = ${seconds}`);
  }
});

test('a code of the step before or after is accepted, two steps off is not', () => {
  const at = 1234567890 * 1000;
  const step = Math.floor(1234567890 / 30);
  assert.equal(matchingStep(rfcSecret, hotp(rfcSecret, step), at), step);
  assert.equal(matchingStep(rfcSecret, hotp(rfcSecret, step - 1), at), step - 1);
  assert.equal(matchingStep(rfcSecret, hotp(rfcSecret, step + 1), at), step + 1);
  assert.equal(matchingStep(rfcSecret, hotp(rfcSecret, step + 2), at), null);
  assert.equal(matchingStep(rfcSecret, hotp(rfcSecret, step - 2), at), null);
  assert.equal(matchingStep(rfcSecret, 'abcdef', at), null);
  assert.equal(matchingStep(rfcSecret, '1'.repeat(10_000), at), null);
});

test('base32 follows RFC 4648 and the otpauth address names the secret', () => {
  // RFC 4648 section 10, without padding.
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('mzxw 6ytb oi')?.toString(), 'foobar');
  assert.equal(base32Decode('not base32!'), null);
  assert.equal(base32Encode(rfcSecret), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  const uri = new URL(otpauthUri(rfcSecret, 'jhanet', 'a@b.eu'));
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.equal(uri.searchParams.get('digits'), '6');
  assert.equal(uri.searchParams.get('period'), '30');
});
