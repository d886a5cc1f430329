// Stored files are encrypted with AES-256-GCM, so a copied database or disk reveals nothing
// without the keys, and a ciphertext altered or moved to another record is detected on reading.
// Keys rotate: new content is sealed with the first key, older keys only open what they sealed.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SealedContent {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const VARIABLE = 'JHANET_FILE_KEYS';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FINGERPRINT_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_ID_RULE = 'an id is 1 to 32 letters, digits, "_" or "-"';
const FORMAT = 'id:base64key, keys separated by commas, the first for new files';

function authenticationFailure(keyId: string, cause?: unknown): Error {
  return new Error(
    `Encrypted file content failed authentication with key "${keyId}": it was altered, or belongs to another record.`,
    { cause },
  );
}

export class FileKeyRing {
  /** The key new content is sealed with. */
  readonly currentKeyId: string;
  // A private field: the keys never show in logs, inspection or JSON.
  readonly #keys: ReadonlyMap<string, Buffer>;

  /** The keys, current first; ids must be unique and each key 32 bytes. */
  constructor(keys: readonly { id: string; key: Uint8Array }[]) {
    const [current] = keys;
    if (!current) throw new Error(`${VARIABLE} holds no key; the format is ${FORMAT}.`);
    const map = new Map<string, Buffer>();
    keys.forEach(({ id, key }, index) => {
      if (!KEY_ID.test(id)) {
        throw new Error(`${VARIABLE}: key ${index + 1} has an invalid id; ${KEY_ID_RULE}.`);
      }
      if (map.has(id)) throw new Error(`${VARIABLE}: the key id "${id}" appears twice.`);
      if (key.length !== KEY_BYTES) {
        throw new Error(
          `${VARIABLE}: key "${id}" is ${key.length} bytes long; a key must be ${KEY_BYTES} random bytes, base64-encoded.`,
        );
      }
      map.set(id, Buffer.from(key));
    });
    this.currentKeyId = current.id;
    this.#keys = map;
  }

  /** Every key id, the current one first. */
  keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Encrypts with the current key and a fresh random IV. `associatedData` (the id of the record
   * the content belongs to) is authenticated, so the ciphertext opens only for that record.
   */
  seal(plaintext: Uint8Array, associatedData: string): SealedContent {
    if (associatedData === '') throw new Error('Sealing needs the id of the record it belongs to.');
    const key = this.#key(this.currentKeyId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.currentKeyId, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** Decrypts and verifies; throws when the key is unknown or the content or record differ. */
  open(sealed: SealedContent, associatedData: string): Buffer {
    const key = this.#key(sealed.keyId);
    // A shorter tag would be accepted by GCM and weaken authentication, so the length is checked.
    if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
      throw authenticationFailure(sealed.keyId);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    try {
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch (cause) {
      throw authenticationFailure(sealed.keyId, cause);
    }
  }

  /**
   * A key for another purpose than sealing, derived from the current key with HKDF-SHA-256 and
   * `purpose` as its context, so that no key serves two algorithms and rotating the ring
   * rotates the derived key too. It comes with the id of the key it is derived from.
   */
  derive(purpose: string): { keyId: string; key: Buffer } {
    const key = hkdfSync(
      'sha256',
      this.#key(this.currentKeyId),
      Buffer.alloc(0),
      purpose,
      KEY_BYTES,
    );
    return { keyId: this.currentKeyId, key: Buffer.from(key) };
  }

  /**
   * A fingerprint of key `id` that names it without revealing it (HKDF-SHA-256 of the key, one
   * way), so that a backup can say which keys read it and a platform can tell whether it holds
   * the same key under that id. Null when the ring has no such key.
   */
  fingerprint(id: string): string | null {
    const key = this.#keys.get(id);
    if (!key) return null;
    return Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'jhanet key fingerprint 1', FINGERPRINT_BYTES),
    ).toString('hex');
  }

  #key(id: string): Buffer {
    const key = this.#keys.get(id);
    if (!key) {
      throw new Error(
        `Encrypted file content needs key "${id}", which is not in ${VARIABLE}; add it back after the current key to read such files.`,
      );
    }
    return key;
  }
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The key ring in `JHANET_FILE_KEYS`: `id:BASE64KEY[,id:BASE64KEY...]`, the first key for new
 * files, the others (older keys during a rotation) only for reading. Line breaks may separate
 * keys too. Error messages never contain key material.
 */
export function parseFileKeys(text: string): FileKeyRing {
  const entries = text
    .trim()
    // A comma, a line break, or both separate keys.
    .split(/,[^\S\n]*\r?\n|[,\n]/)
    .map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') {
    throw new Error(`${VARIABLE} is empty; the format is ${FORMAT}.`);
  }
  const keys = entries.map((entry, index) => {
    const position = `key ${index + 1}`;
    if (entry === '')
      throw new Error(`${VARIABLE}: ${position} is empty; the format is ${FORMAT}.`);
    const colon = entry.indexOf(':');
    if (colon === -1) {
      throw new Error(`${VARIABLE}: ${position} has no "id:" before it; the format is ${FORMAT}.`);
    }
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      throw new Error(`${VARIABLE}: ${position} has an invalid id; ${KEY_ID_RULE}.`);
    }
    if (!BASE64.test(encoded)) {
      throw new Error(`${VARIABLE}: key "${id}" is not valid base64.`);
    }
    return { id, key: Buffer.from(encoded, 'base64') };
  });
  return new FileKeyRing(keys);
}

/** A new key for `JHANET_FILE_KEYS`: `id:` and 32 random bytes in base64. */
export function generateKeySpec(id: string): string {
  if (!KEY_ID.test(id)) throw new Error(`Invalid key id "${id}"; ${KEY_ID_RULE}.`);
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function isFileMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * The key ring text kept in `file`, created on first start with one new key "k1", readable by the
 * owner only. For a single machine without `JHANET_FILE_KEYS`; the caller parses the text.
 */
export function loadOrCreateKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (!isFileMissing(error)) throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const spec = generateKeySpec('k1');
  // "wx": should another process create the file first, this fails rather than replace its key.
  writeFileSync(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  return spec;
}
