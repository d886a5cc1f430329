import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { anyone, hasRole, signedIn } from '../../app/access.js';
import type { Schema } from '../../db/schema.js';
import { visibleDocuments, type DocumentReader } from '../documents/documents.policy.js';

/**
 * Who may do what with the index of analytical products. Route rules say who may try; the
 * functions below decide per product, and `visibleProducts` is the predicate every read goes
 * through: lists, facets, counts, the "what is coming" list, exports and the links shown on an
 * activity. A product that points to a document of the repository is seen only by those who may
 * read that document (the documents' own predicate), so the product never tells more than it.
 *
 * | who                          | read                                         | create, change, delete          |
 * |------------------------------|----------------------------------------------|---------------------------------|
 * | anyone, signed in or not     | public products, in the open data catalogue  | no                              |
 * | administrator, contact point | public; network; producers' own when theirs  | products their agency produces  |
 * | member                       | public; network; producers' own when theirs  | no                              |
 * | observer                     | public; network products released to them    | no                              |
 *
 * A product its agency does not produce answers an edit with 404, like one that is hidden: the
 * network reads the whole index, each agency writes only its own rows.
 */
export const productsPolicy = {
  read: signedIn,
  write: hasRole('admin', 'contact'),
  catalogue: anyone,
} as const;

/** Whether a reader belongs to the member agencies that read the whole network's products. */
function readsNetwork(reader: DocumentReader): boolean {
  return reader.role !== 'observer' && reader.organisationKind === 'agency';
}

/**
 * Public without reservation: public, and pointing to no document or to one that is not
 * classified and is TLP:CLEAR. The open data catalogue reads exactly this.
 */
export function publicProducts() {
  return (eb: ExpressionBuilder<Schema, 'products'>): Expression<SqlBool> =>
    eb.and([
      eb('products.audience', '=', 'public'),
      eb.or([
        eb('products.document_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('documents')
            .select('documents.id')
            .whereRef('documents.id', '=', 'products.document_id')
            .where('documents.classification_level', '=', 0)
            .where('documents.tlp', '=', 'clear'),
        ),
      ]),
    ]);
}

/** The SQL predicate of the products a reader may see. */
export function visibleProducts(reader: DocumentReader) {
  return (eb: ExpressionBuilder<Schema, 'products'>): Expression<SqlBool> => {
    const producedByReader = eb.exists(
      eb
        .selectFrom('product_agencies')
        .select('product_agencies.product_id')
        .whereRef('product_agencies.product_id', '=', 'products.id')
        .where('product_agencies.organisation_id', '=', reader.organisationId),
    );
    const audienceAllows = eb.or([
      eb('products.audience', '=', 'public'),
      readsNetwork(reader)
        ? eb('products.audience', '=', 'network')
        : eb.and([
            eb('products.audience', '=', 'network'),
            eb('products.released_to_observers', '=', 1),
          ]),
      eb.and([eb('products.audience', '=', 'producers'), producedByReader]),
    ]);
    const documentAllows = eb.or([
      eb('products.document_id', 'is', null),
      eb.exists(
        eb
          .selectFrom('documents')
          .select('documents.id')
          .whereRef('documents.id', '=', 'products.document_id')
          .where(visibleDocuments(reader)),
      ),
    ]);
    return eb.or([publicProducts()(eb), eb.and([audienceAllows, documentAllows])]);
  };
}

/** Whether the reader may write products produced by these agencies. */
export function mayWriteFor(
  reader: Pick<DocumentReader, 'role' | 'organisationId' | 'organisationKind'>,
  agencyIds: readonly string[],
): boolean {
  return (
    (reader.role === 'admin' || reader.role === 'contact') &&
    reader.organisationKind === 'agency' &&
    agencyIds.includes(reader.organisationId)
  );
}
