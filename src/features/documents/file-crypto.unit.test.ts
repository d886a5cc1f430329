import assert from 'node:assert/strict';
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from '../../../test/support/node-test.js';
import { inspect } from 'node:util';
import {
  FileKeyRing,
  generateKeySpec,
  loadOrCreateKeyFile,
  parseFileKeys,
  type SealedContent,
} from './file-crypto.js';

const keyOf = (spec: string): string => spec.slice(spec.indexOf(':') + 1);

function flipped(buffer: Buffer, index = 0): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('file encryption', () => {
  const ring = parseFileKeys(generateKeySpec('k1'));
  const plaintext = Buffer.from('%PDF-1.4 the minutes of the meeting, é', 'utf8');

  test('sealed content opens to the same bytes, for the same record only', () => {
    const sealed = ring.seal(plaintext, 'version-1');
    assert.equal(sealed.keyId, 'k1');
    assert.equal(sealed.iv.length, 12);
    assert.equal(sealed.tag.length, 16);
    assert.equal(sealed.ciphertext.length, plaintext.length);
    assert.ok(!sealed.ciphertext.equals(plaintext));
    assert.deepEqual(ring.open(sealed, 'version-1'), plaintext);
    assert.deepEqual(ring.open(ring.seal(new Uint8Array(0), 'v'), 'v'), Buffer.alloc(0));
  });

  test('every seal takes a fresh IV', () => {
    const seals = Array.from({ length: 50 }, () => ring.seal(plaintext, 'version-1'));
    assert.equal(new Set(seals.map((sealed) => sealed.iv.toString('hex'))).size, seals.length);
    assert.equal(
      new Set(seals.map((sealed) => sealed.ciphertext.toString('hex'))).size,
      seals.length,
    );
  });

  test('altered content, tag or record is detected', () => {
    const sealed = ring.seal(plaintext, 'version-1');
    const tampered: [string, SealedContent, string][] = [
      ['ciphertext byte', { ...sealed, ciphertext: flipped(sealed.ciphertext, 5) }, 'version-1'],
      ['tag byte', { ...sealed, tag: flipped(sealed.tag, 15) }, 'version-1'],
      ['IV byte', { ...sealed, iv: flipped(sealed.iv) }, 'version-1'],
      ['shortened tag', { ...sealed, tag: sealed.tag.subarray(0, 12) }, 'version-1'],
      ['another record', sealed, 'version-2'],
    ];
    for (const [what, content, associatedData] of tampered) {
      assert.throws(
        () => ring.open(content, associatedData),
        {
          message:
            'Encrypted file content failed authentication with key "k1": it was altered, or belongs to another record.',
        },
        what,
      );
    }
  });

  test('content sealed with an unknown key names the key', () => {
    const other = parseFileKeys(generateKeySpec('old-2019'));
    assert.throws(() => ring.open(other.seal(plaintext, 'v'), 'v'), {
      message:
        'Encrypted file content needs key "old-2019", which is not in JHANET_FILE_KEYS; add it back after the current key to read such files.',
    });
  });

  test('after a rotation the old key still opens, the new one seals', () => {
    const k1 = generateKeySpec('k1');
    const before = parseFileKeys(k1);
    const sealedBefore = before.seal(plaintext, 'version-7');
    const after = parseFileKeys(`${generateKeySpec('k2')},${k1}`);
    assert.equal(after.currentKeyId, 'k2');
    assert.deepEqual(after.keyIds(), ['k2', 'k1']);
    assert.deepEqual(after.open(sealedBefore, 'version-7'), plaintext);
    const sealedAfter = after.seal(plaintext, 'version-8');
    assert.equal(sealedAfter.keyId, 'k2');
    assert.throws(() => before.open(sealedAfter, 'version-8'), /needs key "k2"/);
  });

  test('a ring can be built from raw keys, which it copies', () => {
    const key = randomBytes(32);
    const built = new FileKeyRing([{ id: 'raw', key }]);
    const sealed = built.seal(plaintext, 'v');
    key.fill(0);
    assert.deepEqual(built.open(sealed, 'v'), plaintext);
    assert.throws(() => new FileKeyRing([]), /^Error: JHANET_FILE_KEYS holds no key/);
    assert.throws(
      () => new FileKeyRing([{ id: 'short', key: randomBytes(31) }]),
      /is 31 bytes long/,
    );
  });

  test('a derived key is HKDF-SHA-256 of the current key, one per purpose, never the key itself', () => {
    const k1 = generateKeySpec('k1');
    const secret = Buffer.from(keyOf(k1), 'base64');
    const derived = parseFileKeys(k1).derive('search index');
    assert.equal(derived.keyId, 'k1');
    assert.deepEqual(
      derived.key,
      Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'search index', 32)),
    );
    assert.ok(!derived.key.equals(secret));
    assert.ok(!parseFileKeys(k1).derive('another purpose').key.equals(derived.key));
    const rotated = parseFileKeys(`${generateKeySpec('k2')},${k1}`).derive('search index');
    assert.equal(rotated.keyId, 'k2');
    assert.ok(!rotated.key.equals(derived.key));
  });

  test('a key is named by a fingerprint that is HKDF-SHA-256 of it, for every key of the ring', () => {
    const k1 = generateKeySpec('k1');
    const secret = Buffer.from(keyOf(k1), 'base64');
    const expected = Buffer.from(
      hkdfSync('sha256', secret, Buffer.alloc(0), 'jhanet key fingerprint 1', 16),
    ).toString('hex');
    const rotated = parseFileKeys(`${generateKeySpec('k2')},${k1}`);
    assert.equal(rotated.fingerprint('k1'), expected);
    assert.match(rotated.fingerprint('k2') ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(rotated.fingerprint('k2'), expected);
    assert.equal(parseFileKeys(generateKeySpec('k1')).fingerprint('k1') === expected, false);
    assert.equal(rotated.fingerprint('k3'), null);
  });

  test('sealing needs the record id', () => {
    assert.throws(() => ring.seal(plaintext, ''), /id of the record/);
  });

  test('key material never shows when the ring is logged', () => {
    const spec = generateKeySpec('k1');
    const shown = `${JSON.stringify(parseFileKeys(spec))} ${inspect(parseFileKeys(spec))}`;
    assert.ok(!shown.includes(keyOf(spec)));
  });
});

describe('JHANET_FILE_KEYS', () => {
  test('keys are read with spaces and line breaks tolerated', () => {
    const [k1, k2] = [generateKeySpec('current_1'), generateKeySpec('old-0')];
    assert.deepEqual(parseFileKeys(`  ${k1} ,\n ${k2}\n`).keyIds(), ['current_1', 'old-0']);
    assert.deepEqual(parseFileKeys(`${k1}\n${k2}`).keyIds(), ['current_1', 'old-0']);
    const unpadded = `k3:${randomBytes(32).toString('base64url')}`;
    assert.deepEqual(parseFileKeys(unpadded).keyIds(), ['k3']);
  });

  test('mistakes are explained without echoing key material', () => {
    const key = keyOf(generateKeySpec('k1'));
    const short = randomBytes(16).toString('base64');
    const cases: [string, RegExp][] = [
      ['', /^JHANET_FILE_KEYS is empty; the format is id:base64key/],
      ['  \n ', /^JHANET_FILE_KEYS is empty/],
      [key, /^JHANET_FILE_KEYS: key 1 has no "id:" before it/],
      [`k1:${key},`, /^JHANET_FILE_KEYS: key 2 is empty/],
      [`k1:${key},,k2:${key}`, /^JHANET_FILE_KEYS: key 2 is empty/],
      [`k1:${key}!`, /^JHANET_FILE_KEYS: key "k1" is not valid base64\.$/],
      [
        `k1:${key.slice(0, 20)} ${key.slice(20)}`,
        /^JHANET_FILE_KEYS: key "k1" is not valid base64\.$/,
      ],
      [
        `k1:${short}`,
        /^JHANET_FILE_KEYS: key "k1" is 16 bytes long; a key must be 32 random bytes/,
      ],
      [`k1:${key},k1:${key}`, /^JHANET_FILE_KEYS: the key id "k1" appears twice\.$/],
      [`${'x'.repeat(33)}:${key}`, /^JHANET_FILE_KEYS: key 1 has an invalid id; an id is 1 to 32/],
      [`k 1:${key}`, /^JHANET_FILE_KEYS: key 1 has an invalid id/],
      [`:${key}`, /^JHANET_FILE_KEYS: key 1 has an invalid id/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseFileKeys(text),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.match(error.message, message, text);
          assert.ok(!error.message.includes(key.slice(0, 12)), 'no key material');
          assert.ok(!error.message.includes(short.slice(0, 12)), 'no key material');
          return true;
        },
      );
    }
  });

  test('generated specs are an id and 32 random bytes', () => {
    const spec = generateKeySpec('k9');
    assert.match(spec, /^k9:[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(keyOf(spec), 'base64').length, 32);
    assert.notEqual(keyOf(generateKeySpec('k9')), keyOf(spec));
    assert.throws(() => generateKeySpec('bad id'), /Invalid key id/);
  });
});

describe('the key file of a single machine', () => {
  test('is created once, readable by its owner only, and read back after', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'jhanet-keys-'));
    try {
      const file = path.join(directory, 'data', 'keys', 'file-keys');
      const created = loadOrCreateKeyFile(file);
      assert.match(created, /^k1:[A-Za-z0-9+/]{43}=$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, 'utf8'), `${created}\n`);
      assert.equal(loadOrCreateKeyFile(file), created);
      assert.deepEqual(parseFileKeys(loadOrCreateKeyFile(file)).keyIds(), ['k1']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
