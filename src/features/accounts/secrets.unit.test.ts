import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import {
  constantTimeEqual,
  generatePassword,
  hashPassword,
  randomSecret,
  secretHash,
  verifyPassword,
} from './secrets.js';

describe('account secrets', () => {
  test('generated passwords are 20 characters without look-alike characters', () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const password of passwords) {
      assert.equal(password.length, 20);
      assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
      assert.doesNotMatch(password, /[0O1lI]/);
    }
    assert.equal(new Set(passwords).size, passwords.length, 'every password is different');
    // Over 4,000 characters drawn, every class of the alphabet shows up.
    const all = passwords.join('');
    for (const pattern of [/[a-z]/, /[A-Z]/, /[2-9]/]) assert.match(all, pattern);
  });

  test('constantTimeEqual compares exactly, whatever the lengths', () => {
    assert.equal(constantTimeEqual('abc123', 'abc123'), true);
    assert.equal(constantTimeEqual('abc123', 'abc124'), false);
    assert.equal(constantTimeEqual('abc', 'abc123'), false);
    assert.equal(constantTimeEqual('abc123', 'abc'), false);
    assert.equal(constantTimeEqual('', ''), true);
    assert.equal(constantTimeEqual('', 'a'), false);
    assert.equal(constantTimeEqual('é', 'e'), false);
  });

  test('random secrets are URL-safe, 256-bit and carry their prefix', () => {
    const token = randomSecret('jht_');
    assert.match(token, /^jht_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(randomSecret(), randomSecret());
  });

  test('secret hashes are SHA-256 hex and never the secret', () => {
    const secret = randomSecret();
    const hashed = secretHash(secret);
    assert.match(hashed, /^[0-9a-f]{64}$/);
    assert.equal(secretHash(secret), hashed);
    assert.notEqual(secretHash(`${secret}x`), hashed);
    assert.equal(
      secretHash('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  test('passwords are hashed with argon2id and verified', async () => {
    const hashed = await hashPassword('correct horse battery');
    assert.ok(hashed.startsWith('$argon2id$'), hashed);
    assert.equal(await verifyPassword(hashed, 'correct horse battery'), true);
    assert.equal(await verifyPassword(hashed, 'correct horse batter'), false);
    assert.equal(await verifyPassword('not a hash', 'anything'), false);
  });
});
