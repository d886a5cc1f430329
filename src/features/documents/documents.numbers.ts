import { ConflictError } from '../../app/errors.js';
import type { Trx } from '../../db/database.js';
import { loadNameHistory } from '../network/names-on-date.js';

/**
 * Registration numbers: ORIGINATOR-YEAR-NNNNN, allocated by the platform inside the registering
 * transaction, never chosen by a user. Each prefix (an organisation's acronym and a year) has a
 * counter that only its organisation draws on, so no one can take another agency's numbers or
 * make its next registration fail, and no answer tells whether a number is held by a document
 * the caller may not read. What a user gives is the originator's own reference instead.
 */

const DIGITS = 5;

/** An acronym as numbers carry it: capitals and digits, the rest dropped ("eu-LISA": EULISA). */
function prefixLetters(acronym: string): string {
  return acronym.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The prefixes an organisation's numbers may carry in a year, in order of preference: its acronym,
 * and, for when another organisation's acronym gives the same letters (or its own gives none),
 * the acronym with the start of its id, which no other organisation shares.
 */
function prefixesOf(organisation: { id: string; acronym: string }, year: string): string[] {
  const letters = prefixLetters(organisation.acronym);
  const distinct = `${letters || 'ORG'}${organisation.id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  return [...(letters === '' ? [] : [`${letters}-${year}`]), `${distinct}-${year}`];
}

/**
 * The next number under a prefix, in one statement: the counter is created or raised, and its
 * row stays locked until the transaction ends, so concurrent registrations take turns. Null when
 * the prefix is another organisation's.
 */
async function drawNext(trx: Trx, prefix: string, organisationId: string): Promise<number | null> {
  const row = await trx
    .insertInto('document_number_sequences')
    .values({ prefix, organisation_id: organisationId, last_number: 1 })
    .onConflict((oc) =>
      oc
        .column('prefix')
        .doUpdateSet((eb) => ({ last_number: eb('document_number_sequences.last_number', '+', 1) }))
        .where('document_number_sequences.organisation_id', '=', organisationId),
    )
    .returning('last_number')
    .executeTakeFirst();
  return row?.last_number ?? null;
}

/**
 * The next free registration number of the organisation for the year of `registeredOn`
 * (YYYY-MM-DD), under the acronym the organisation had on that day: a document the EMCDDA
 * registered in 2017 is numbered EMCDDA-2017-..., though the agency is the EUDA today.
 */
export async function allocateRegistrationNumber(
  trx: Trx,
  organisationId: string,
  registeredOn: string,
): Promise<string> {
  const current = await trx
    .selectFrom('organisations')
    .select(['id', 'acronym'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const names = await loadNameHistory(trx);
  const organisation = {
    id: current.id,
    acronym: names.on(current.id, current.acronym, registeredOn).acronym,
  };
  for (const prefix of prefixesOf(organisation, registeredOn.slice(0, 4))) {
    for (;;) {
      const next = await drawNext(trx, prefix, organisation.id);
      if (next === null) break;
      const number = `${prefix}-${String(next).padStart(DIGITS, '0')}`;
      // Numbers users chose before the platform allocated them all may lie ahead of a counter.
      const taken = await trx
        .selectFrom('documents')
        .select('id')
        .where('registration_number', '=', number)
        .executeTakeFirst();
      if (!taken) return number;
    }
  }
  throw new ConflictError(
    'No registration number is free for your organisation this year; ask the secretariat to give it a distinct acronym.',
    'registration_prefix_taken',
  );
}
