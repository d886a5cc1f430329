// One-time codes of RFC 4226 (HOTP) and RFC 6238 (TOTP) as authenticator apps make them:
// HMAC-SHA-1, 6 digits, 30-second steps.
import { createHmac, randomBytes } from 'node:crypto';

export const TOTP_DIGITS = 6;
export const TOTP_STEP_SECONDS = 30;
/** Steps either side of the current one that are still accepted: a clock off by up to 30 s. */
export const TOTP_SKEW_STEPS = 1;
/** 160 bits, the length RFC 4226 recommends for a shared secret. */
const SECRET_BYTES = 20;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The HOTP value of `counter` under `secret` (RFC 4226 section 5.3), `digits` long. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', secret).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP time step a moment falls in (RFC 6238 section 4.2, T0 = 0). */
export function timeStep(atMilliseconds: number): number {
  return Math.floor(atMilliseconds / 1000 / TOTP_STEP_SECONDS);
}

/** The code of the step that `atMilliseconds` falls in. */
export function totp(secret: Uint8Array, atMilliseconds: number, digits = TOTP_DIGITS): string {
  return hotp(secret, timeStep(atMilliseconds), digits);
}

/**
 * The step whose code `code` is, among the current step and those the skew allows, or null.
 * Every candidate is computed and compared, so the time taken tells nothing of which matched.
 */
export function matchingStep(
  secret: Uint8Array,
  code: string,
  atMilliseconds: number,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = timeStep(atMilliseconds);
  let found: number | null = null;
  for (let step = current - TOTP_SKEW_STEPS; step <= current + TOTP_SKEW_STEPS; step += 1) {
    if (hotp(secret, step) === code && found === null) found = step;
  }
  return found;
}

export function newTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

/** RFC 4648 base32 without padding: how authenticator apps take a secret typed in. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET.charAt((value << (5 - bits)) & 31);
  return output;
}

/** The bytes of a base32 text (spaces and case ignored); null when it is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The otpauth:// address an authenticator app reads (Key Uri Format), for `account` at `issuer`. */
export function otpauthUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
