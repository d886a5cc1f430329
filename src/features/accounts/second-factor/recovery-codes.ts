import { randomUUID, randomInt } from 'node:crypto';
import type { Trx } from '../../../db/database.js';
import { secretHash } from '../secrets.js';

export const RECOVERY_CODE_COUNT = 10;
// No look-alike characters (0/O, 1/I/L): a code is read from paper and typed.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** A code of 16 characters in groups of four (about 79 bits): "ABCD-EFGH-JKMN-PQRS". */
function newRecoveryCode(): string {
  return Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}

/** A code as typed (any case, with or without dashes and spaces) in the form it was given. */
export function normaliseRecoveryCode(typed: string): string | null {
  const clean = typed.replace(/[\s-]/g, '').toUpperCase();
  if (!new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`).test(clean)) return null;
  return clean.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))?.join('-') ?? null;
}

/** Replaces a user's recovery codes with ten new ones; returns them, the only time they show. */
export async function replaceRecoveryCodes(trx: Trx, userId: string): Promise<string[]> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = new Date().toISOString();
  await trx
    .insertInto('recovery_codes')
    .values(
      codes.map((code) => ({
        id: randomUUID(),
        user_id: userId,
        code_hash: secretHash(code),
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
  return codes;
}

/**
 * Uses up a recovery code: one conditional update, so two requests with the same code cannot
 * both succeed. Returns whether it was an unused code of this user.
 */
export async function useRecoveryCode(trx: Trx, userId: string, typed: string): Promise<boolean> {
  const code = normaliseRecoveryCode(typed);
  if (code === null) return false;
  const used = await trx
    .updateTable('recovery_codes')
    .set({ used_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', secretHash(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
