import type { FileKeyRing } from '../../documents/file-crypto.js';

/**
 * An authenticator app's secret, sealed with the file keys (AES-256-GCM) and bound to the record
 * that holds it, as one text column: "keyId.iv.tag.ciphertext", each part base64url.
 */
export function sealSecret(keys: FileKeyRing, secret: Uint8Array, recordId: string): string {
  const sealed = keys.seal(secret, `totp:${recordId}`);
  return [sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecret(keys: FileKeyRing, stored: string, recordId: string): Buffer {
  const [keyId = '', iv = '', tag = '', ciphertext = ''] = stored.split('.');
  return keys.open(
    {
      keyId,
      iv: Buffer.from(iv, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
      ciphertext: Buffer.from(ciphertext, 'base64url'),
    },
    `totp:${recordId}`,
  );
}
