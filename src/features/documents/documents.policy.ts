import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { administrators, hasRole, signedIn } from '../../app/access.js';
import type { Executor } from '../../db/database.js';
import type { OrganisationKind, Releasability, Role, Schema } from '../../db/schema.js';

/**
 * The reader of documents: who they are and what they are cleared for, resolved once per request
 * from the account, its organisation and the EUCI agreement.
 */
export interface DocumentReader {
  readonly userId: string;
  readonly email: string;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  readonly role: Role;
  /**
   * The highest classification level the reader may see: 0 unless their organisation signed the
   * EUCI agreement and they were briefed; then their clearance, and at least RESTREINT UE, which
   * needs the briefing alone.
   */
  readonly maxLevel: number;
}

/** The facts about a document the rules below read. */
export interface DocumentFacts {
  readonly originatorOrganisationId: string;
  readonly registeredBy: string | null;
  readonly isReference: boolean;
  readonly hasFile: boolean;
}

/**
 * Who may do what with documents, as a table of rules. Nobody, administrators included, reads
 * past need-to-know; a document a user may not read answers 404 to every action.
 *
 * | action                                   | who                                                           |
 * |------------------------------------------|---------------------------------------------------------------|
 * | read (view, list, search, count, export) | those it is released to, cleared for its level, within its TLP |
 * | download a file                          | readers, when content is held (not a reference record)        |
 * | register a document                      | administrators, contact points and staff of member agencies   |
 * | edit, upload a version                   | readers of the originator agency: its administrators and      |
 * |                                          | contact points, and whoever registered the document           |
 * | mark, downgrade, declassify, schedule    | readers of the originator agency: administrators, contact pts  |
 * | see who downloaded it                    | those who may mark it                                         |
 * | record EUCI agreement signatures         | administrators                                                |
 * | record clearances and briefings          | administrators                                                |
 *
 * Release: "network" reaches every member agency (not observers' bodies), "named" the
 * organisations listed, "originator" the originator agency only; the originator always reads.
 * TLP: CLEAR, GREEN and AMBER follow the release; AMBER+STRICT keeps a document in the
 * originator agency; RED shows it to the named recipients only.
 */
export const documentsPolicy = {
  read: signedIn,
  register: hasRole('admin', 'contact', 'member'),
  administer: administrators,
} as const;

/** The SQL predicate of the documents a reader may read: lists, counts, facets, search, export. */
export function visibleDocuments(reader: DocumentReader) {
  return (eb: ExpressionBuilder<Schema, 'documents'>): Expression<SqlBool> => {
    const own = eb('documents.originator_organisation_id', '=', reader.organisationId);
    const released = eb.or([
      own,
      ...(reader.organisationKind === 'agency'
        ? [eb('documents.releasability', '=', 'network')]
        : []),
      eb.and([
        eb('documents.releasability', '=', 'named'),
        eb.exists(
          eb
            .selectFrom('document_releases')
            .select('document_releases.document_id')
            .whereRef('document_releases.document_id', '=', 'documents.id')
            .where('document_releases.organisation_id', '=', reader.organisationId),
        ),
      ]),
    ]);
    const tlpAllows = eb.or([
      eb('documents.tlp', 'is', null),
      eb('documents.tlp', 'in', ['clear', 'green', 'amber']),
      eb.and([eb('documents.tlp', '=', 'amber_strict'), own]),
      eb.and([
        eb('documents.tlp', '=', 'red'),
        eb.exists(
          eb
            .selectFrom('document_recipients')
            .select('document_recipients.document_id')
            .whereRef('document_recipients.document_id', '=', 'documents.id')
            .where('document_recipients.user_id', '=', reader.userId),
        ),
      ]),
    ]);
    return eb.and([
      released,
      eb('documents.classification_level', '<=', reader.maxLevel),
      tlpAllows,
    ]);
  };
}

/** The audience of every document released to the whole network, in the search index. */
const NETWORK_AUDIENCE = 'network';

/**
 * Whom a document is released to, as the search index carries it: its originator, the
 * organisations named when it is released by name, and the network when it is released to it.
 * Every document `visibleDocuments` lets a reader through has one of `readerAudiences(reader)`
 * among these, so that the index narrows a search to what the reader's organisation may be
 * released before the predicate decides (level and TLP are not carried).
 */
export function documentAudiences(document: {
  originatorOrganisationId: string;
  releasability: Releasability;
  releasedTo: readonly string[];
}): string[] {
  if (document.releasability === 'network')
    return [document.originatorOrganisationId, NETWORK_AUDIENCE];
  if (document.releasability === 'named')
    return [...new Set([document.originatorOrganisationId, ...document.releasedTo])];
  return [document.originatorOrganisationId];
}

/** Whether two lists of `documentAudiences` name the same audiences, in any order. */
export function sameAudiences(a: readonly string[], b: readonly string[]): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  return inA.size === inB.size && [...inB].every((audience) => inA.has(audience));
}

/** The audiences of `documentAudiences` a reader belongs to: their organisation, and the network for agencies. */
export function readerAudiences(reader: DocumentReader): string[] {
  return reader.organisationKind === 'agency'
    ? [reader.organisationId, NETWORK_AUDIENCE]
    : [reader.organisationId];
}

/**
 * The ids of the documents released to the reader's organisation, each part one index range: its
 * own, the network's (for agencies) and those released to it by name. A superset of what
 * `visibleDocuments` lets through (level and TLP are not looked at, and a document may come
 * twice): it narrows where a query without search terms starts, never what it shows.
 */
export function releasedToReader(db: Executor, reader: DocumentReader) {
  const own = db
    .selectFrom('documents')
    .select('documents.id')
    .where('documents.originator_organisation_id', '=', reader.organisationId);
  const byName = db
    .selectFrom('document_releases')
    .select('document_releases.document_id as id')
    .where('document_releases.organisation_id', '=', reader.organisationId);
  // A literal, not a parameter: the partial index of these documents serves this value only.
  const toNetwork = db
    .selectFrom('documents')
    .select('documents.id')
    .where('documents.releasability', '=', sql.lit('network'));
  return reader.organisationKind === 'agency'
    ? own.unionAll(toNetwork).unionAll(byName)
    : own.unionAll(byName);
}

export type ReleasedDocuments = ReturnType<typeof releasedToReader>;

/** For the bench's baseline and tests: the same query shape with no visibility at all. */
export function everyDocument() {
  return (): Expression<SqlBool> => sql<SqlBool>`1 = 1`;
}

function ofOriginator(reader: DocumentReader, document: DocumentFacts): boolean {
  return reader.organisationId === document.originatorOrganisationId;
}

export function mayRegister(reader: DocumentReader): boolean {
  return (
    reader.organisationKind === 'agency' &&
    (reader.role === 'admin' || reader.role === 'contact' || reader.role === 'member')
  );
}

/** Assumes the document is readable: callers find it through `visibleDocuments` first. */
export function mayEdit(reader: DocumentReader, document: DocumentFacts): boolean {
  return (
    ofOriginator(reader, document) &&
    (reader.role === 'admin' ||
      reader.role === 'contact' ||
      (reader.role === 'member' && document.registeredBy === reader.userId))
  );
}

/** Marking, downgrading, declassifying and scheduling: the originator's decision alone. */
export function mayMark(reader: DocumentReader, document: DocumentFacts): boolean {
  return ofOriginator(reader, document) && (reader.role === 'admin' || reader.role === 'contact');
}

export function mayDownload(_reader: DocumentReader, document: DocumentFacts): boolean {
  return !document.isReference && document.hasFile;
}

export function maySeeDownloads(reader: DocumentReader, document: DocumentFacts): boolean {
  return mayMark(reader, document);
}
