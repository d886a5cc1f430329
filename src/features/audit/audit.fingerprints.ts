import { createHmac } from 'node:crypto';

/** How a fingerprint reads: "hmac:" the id of the key, ":" 128 bits in hex. */
const FINGERPRINT = /^hmac:[A-Za-z0-9_-]{1,32}:[0-9a-f]{32}$/;

export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

/**
 * Keyed fingerprints of values the audit log must not hold in clear. A plain hash of a short
 * title is found again by hashing guesses; an HMAC under a secret key is not, without the key.
 * The record and the field are part of what is hashed, so one record's fingerprints cannot be
 * compared with another's: equal fingerprints say only that one field of one record took the
 * same value twice.
 */
export class AuditFingerprints {
  readonly keyId: string;
  // A private field: the key never shows in logs, inspection or JSON.
  readonly #key: Buffer;

  constructor(key: { keyId: string; key: Uint8Array }) {
    this.keyId = key.keyId;
    this.#key = Buffer.from(key.key);
  }

  of(recordId: string | null, field: string, value: string): string {
    const mac = createHmac('sha256', this.#key)
      .update(JSON.stringify([recordId, field, value]))
      .digest('hex')
      .slice(0, 32);
    return `hmac:${this.keyId}:${mac}`;
  }
}
