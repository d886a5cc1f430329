import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released; later changes are new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- written on Kysely<any>: see the foundation migration */

/**
 * Registration numbers are allocated by the platform only, ORIGINATOR-YEAR-NNNNN, from a counter
 * per prefix (an organisation's acronym and a year) that only that organisation draws on. A
 * number a user gave is the originator's own reference, which need not be unique.
 *
 * Existing documents keep their numbers. A number that does not have the platform's shape was
 * given by a user: it also becomes the document's originator's reference. Each prefix's counter
 * starts after the highest number stored under it, whoever registered that number, so no number
 * the platform allocates is taken already; a prefix goes to the organisation whose acronym it
 * is, and one that no organisation's acronym gives is left to the first to draw on it.
 */

/** The platform's numbers, as they were allocated: an acronym in capitals and digits, a year. */
const PLATFORM_NUMBER = /^([A-Z0-9]+)-(\d{4})-(\d{1,9})$/;

function prefixLetters(acronym: string): string {
  return acronym.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('documents')
    .addColumn('originator_reference', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('document_number_sequences')
    .addColumn('prefix', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  const organisations: { id: string; acronym: string }[] = await db
    .selectFrom('organisations')
    .select(['id', 'acronym'])
    .orderBy('id')
    .execute();
  const ownerOf = new Map<string, string>();
  for (const organisation of organisations) {
    const letters = prefixLetters(organisation.acronym);
    if (letters !== '' && !ownerOf.has(letters)) ownerOf.set(letters, organisation.id);
  }

  const documents: { id: string; registration_number: string }[] = await db
    .selectFrom('documents')
    .select(['id', 'registration_number'])
    .execute();
  const highest = new Map<string, { letters: string; last: number }>();
  for (const document of documents) {
    const match = PLATFORM_NUMBER.exec(document.registration_number);
    if (!match) {
      await db
        .updateTable('documents')
        .set({ originator_reference: document.registration_number })
        .where('id', '=', document.id)
        .execute();
      continue;
    }
    const [, letters = '', year = '', number = '0'] = match;
    const prefix = `${letters}-${year}`;
    const last = Math.max(highest.get(prefix)?.last ?? 0, Number(number));
    highest.set(prefix, { letters, last });
  }
  for (const [prefix, { letters, last }] of highest) {
    const owner = ownerOf.get(letters);
    if (owner)
      await db
        .insertInto('document_number_sequences')
        .values({ prefix, organisation_id: owner, last_number: last })
        .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_number_sequences').execute();
  await db.schema.alterTable('documents').dropColumn('originator_reference').execute();
}
