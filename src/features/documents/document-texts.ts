import { sql, type OperandExpression } from 'kysely';
import type { Database, DialectName, Executor, Trx } from '../../db/database.js';
import { sealedTextKinds, type DocumentTable, type SealedTextKind } from '../../db/schema.js';
import { BlindIndexKey } from './blind-index.js';
import type { FileKeyRing, SealedContent } from './file-crypto.js';
import { documentSearchIndex, type DocumentSearchIndex } from './documents.search.js';
import { documentAudiences } from './documents.policy.js';
import { chunked, type DocumentRow, type TitleAndDescription } from './documents.repository.js';
import { snippetOf } from './search-snippets.js';

/** The context the search index key is derived under: a new one makes a new key. */
const INDEX_KEY_PURPOSE = 'jhanet document search index 1';

/** Bound to each sealed text, so that a ciphertext opens only as that text of that document. */
function associatedData(kind: SealedTextKind, documentId: string): string {
  return `document-${kind}:${documentId}`;
}

export type Texts = Partial<Record<SealedTextKind, string>>;

interface SealedRow {
  document_id: string;
  kind: SealedTextKind;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const titleCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * What documents say, at rest: the title, the description and the text extracted from the
 * current version, each sealed with the file keys (AES-256-GCM, bound to its document and kind),
 * and the blind search index made from them, whose key is derived from the current file key.
 * Storing a text re-indexes its document in the same transaction; nothing of either is in clear
 * in the database.
 */
export class DocumentTexts {
  readonly index: DocumentSearchIndex;

  constructor(
    private readonly dialect: DialectName,
    private readonly keys: FileKeyRing,
  ) {
    const derived = keys.derive(INDEX_KEY_PURPOSE);
    this.index = documentSearchIndex(dialect, new BlindIndexKey(derived.keyId, derived.key));
  }

  /** Stores a document's title and description, sealed, and re-indexes the document. */
  storeDetails(trx: Trx, documentId: string, details: TitleAndDescription): Promise<void> {
    return this.store(trx, documentId, details);
  }

  /** Stores the text extracted from a document's current version, sealed, and re-indexes it. */
  storeText(trx: Trx, documentId: string, text: string): Promise<void> {
    return this.store(trx, documentId, { text });
  }

  /** Seals the texts given, keeping the document's others, and re-indexes it from all of them. */
  async store(trx: Trx, documentId: string, texts: Texts): Promise<void> {
    for (const kind of sealedTextKinds) {
      const text = texts[kind];
      if (text === undefined) continue;
      const sealed = this.keys.seal(Buffer.from(text, 'utf8'), associatedData(kind, documentId));
      const columns = {
        key_id: sealed.keyId,
        iv: sealed.iv,
        tag: sealed.tag,
        ciphertext: sealed.ciphertext,
      };
      await trx
        .insertInto('document_sealed_texts')
        .values({ document_id: documentId, kind, ...columns })
        .onConflict((oc) => oc.columns(['document_id', 'kind']).doUpdateSet(columns))
        .execute();
    }
    await this.reindex(trx, documentId, texts);
  }

  /**
   * Indexes a document from its texts (those given, and the stored ones for the others) and its
   * release: called again whenever either changes.
   */
  async reindex(executor: Executor, documentId: string, known: Texts = {}): Promise<void> {
    const missing = sealedTextKinds.filter((kind) => known[kind] === undefined);
    const stored = (await this.open(executor, [documentId], missing)).get(documentId) ?? {};
    const text = (kind: SealedTextKind) => known[kind] ?? stored[kind] ?? '';
    const row = await executor
      .selectFrom('documents')
      .select([
        'registration_number',
        'originator_reference',
        'originator_organisation_id',
        'releasability',
      ])
      .where('id', '=', documentId)
      .executeTakeFirstOrThrow();
    const releases = await executor
      .selectFrom('document_releases')
      .select('organisation_id')
      .where('document_id', '=', documentId)
      .execute();
    await this.index.put(executor, [
      {
        id: documentId,
        title: text('title'),
        registrationNumber: `${row.registration_number} ${row.originator_reference}`.trim(),
        description: text('description'),
        body: text('text'),
        audiences: documentAudiences({
          originatorOrganisationId: row.originator_organisation_id,
          releasability: row.releasability,
          releasedTo: releases.map((r) => r.organisation_id),
        }),
      },
    ]);
  }

  private openRow(row: SealedRow): string {
    const sealed: SealedContent = {
      keyId: row.key_id,
      iv: row.iv,
      tag: row.tag,
      ciphertext: row.ciphertext,
    };
    return this.keys.open(sealed, associatedData(row.kind, row.document_id)).toString('utf8');
  }

  /** The texts of these kinds of the given documents, opened; one not stored is absent. */
  private async open(
    executor: Executor,
    documentIds: readonly string[],
    kinds: readonly SealedTextKind[],
  ): Promise<Map<string, Texts>> {
    const texts = new Map<string, Texts>();
    if (kinds.length === 0) return texts;
    for (const part of chunked(documentIds)) {
      const rows = await executor
        .selectFrom('document_sealed_texts')
        .select(['document_id', 'kind', 'key_id', 'iv', 'tag', 'ciphertext'])
        .where('document_id', 'in', part)
        .where('kind', 'in', [...kinds])
        .execute();
      for (const row of rows) {
        const opened = texts.get(row.document_id) ?? {};
        opened[row.kind] = this.openRow(row);
        texts.set(row.document_id, opened);
      }
    }
    return texts;
  }

  /** The documents given with their titles and descriptions opened, in the same order. */
  async withDetails(executor: Executor, rows: readonly DocumentTable[]): Promise<DocumentRow[]> {
    const texts = await this.open(
      executor,
      rows.map((r) => r.id),
      ['title', 'description'],
    );
    return rows.map((row) => {
      const opened = texts.get(row.id);
      return { ...row, title: opened?.title ?? '', description: opened?.description ?? '' };
    });
  }

  /** The text extracted from each document's current version, opened; none for no text. */
  async readTexts(
    executor: Executor,
    documentIds: readonly string[],
  ): Promise<Map<string, string>> {
    const texts = await this.open(executor, documentIds, ['text']);
    return new Map([...texts].flatMap(([id, t]) => (t.text !== undefined ? [[id, t.text]] : [])));
  }

  /**
   * A page of the documents `ids` selects, ordered by title (then the most recently registered
   * first). Titles are sealed, so the database cannot order them: every title of the selection
   * is opened and sorted here, a decryption per document.
   */
  async pageByTitle(
    executor: Executor,
    ids: OperandExpression<string>,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): Promise<string[]> {
    const rows = await executor
      .selectFrom('document_sealed_texts')
      .innerJoin('documents', 'documents.id', 'document_sealed_texts.document_id')
      .select([
        'document_sealed_texts.document_id',
        'document_sealed_texts.kind',
        'document_sealed_texts.key_id',
        'document_sealed_texts.iv',
        'document_sealed_texts.tag',
        'document_sealed_texts.ciphertext',
        'documents.registered_on',
      ])
      .where('document_sealed_texts.kind', '=', 'title')
      .where('document_sealed_texts.document_id', 'in', ids)
      .execute();
    const sign = direction === 'asc' ? 1 : -1;
    return rows
      .map((row) => ({ id: row.document_id, on: row.registered_on, title: this.openRow(row) }))
      .sort(
        (a, b) =>
          sign * titleCollator.compare(a.title, b.title) ||
          b.on.localeCompare(a.on) ||
          a.id.localeCompare(b.id),
      )
      .slice(offset, offset + limit)
      .map((row) => row.id);
  }

  /**
   * For a page of search results: a passage of each document's description and text around the
   * terms, made here from those documents' opened texts, never from any other.
   */
  async snippets(
    executor: Executor,
    documentIds: readonly string[],
    terms: readonly string[],
  ): Promise<Map<string, string>> {
    const texts = await this.open(executor, documentIds, ['description', 'text']);
    const snippets = new Map<string, string>();
    for (const [id, opened] of texts) {
      const snippet = snippetOf(`${opened.description ?? ''}\n${opened.text ?? ''}`, terms);
      if (snippet !== null) snippets.set(id, snippet);
    }
    return snippets;
  }

  /**
   * Brings every document's texts and index to the current key: re-seals texts sealed under
   * another key, and rebuilds the index rows made with another key (or missing), a batch per
   * transaction, so that an interrupted run resumes where it stopped.
   */
  async rotate(
    database: Database,
    batchSize = 100,
  ): Promise<{ resealed: number; reindexed: number }> {
    const resealed = await inBatches(database, batchSize, async (trx) => {
      const rows = await database.dialect
        .skipLockedRows(
          trx
            .selectFrom('document_sealed_texts')
            .select(['document_id', 'kind', 'key_id', 'iv', 'tag', 'ciphertext'])
            .where('key_id', '!=', this.keys.currentKeyId)
            .limit(batchSize),
        )
        .execute();
      for (const row of rows) {
        const again = this.keys.seal(
          Buffer.from(this.openRow(row), 'utf8'),
          associatedData(row.kind, row.document_id),
        );
        await trx
          .updateTable('document_sealed_texts')
          .set({ key_id: again.keyId, iv: again.iv, tag: again.tag, ciphertext: again.ciphertext })
          .where('document_id', '=', row.document_id)
          .where('kind', '=', row.kind)
          .execute();
      }
      return rows.length;
    });
    const reindexed = await inBatches(database, batchSize, async (trx) => {
      const stale = await this.index.stale(trx, batchSize);
      for (const id of stale) await this.reindex(trx, id);
      return stale.length;
    });
    return { resealed, reindexed };
  }

  /**
   * What an upgrade leaves to the platform, run at every start before anything is served; once
   * done it finds nothing. Texts that earlier versions stored in clear are sealed
   * (`sealClearTexts`), and documents that have no row in the search index, because an upgrade
   * changed what a row holds, are indexed again, a batch per transaction.
   */
  async upgrade(database: Database, batchSize = 100): Promise<{ sealed: number; indexed: number }> {
    const sealed = await this.sealClearTexts(database, batchSize);
    const indexed = await inBatches(database, batchSize, async (trx) => {
      const unindexed = await this.index.unindexed(trx, batchSize);
      for (const id of unindexed) await this.reindex(trx, id);
      return unindexed.length;
    });
    return { sealed, indexed };
  }

  /**
   * Seals the texts that earlier versions stored in clear and indexes their documents, then
   * deletes the clear copies and has the database rewrite its files without them.
   */
  private async sealClearTexts(database: Database, batchSize: number): Promise<number> {
    const sealed = await inBatches(database, batchSize, async (trx) => {
      const rows = await database.dialect
        .skipLockedRows(trx.selectFrom('document_clear_texts').selectAll().limit(batchSize))
        .execute();
      for (const row of rows) {
        await this.store(trx, row.document_id, {
          title: row.title,
          description: row.description,
          text: row.body,
        });
        await trx
          .deleteFrom('document_clear_texts')
          .where('document_id', '=', row.document_id)
          .execute();
      }
      return rows.length;
    });
    if (sealed > 0) await this.rewriteFiles(database);
    return sealed;
  }

  /**
   * A deleted row, a dropped column or table stays in the database's files until they are
   * rewritten. SQLite keeps freed pages, and its write-ahead log the pages it changed: `VACUUM`
   * rebuilds the file. PostgreSQL keeps dropped columns in every row until the table is rewritten
   * (`VACUUM FULL` writes them as nulls), and keeps a deleted row as long as an older snapshot
   * might see it, so the emptied table of clear texts is truncated, which discards its file.
   */
  private async rewriteFiles(database: Database): Promise<void> {
    if (this.dialect === 'postgres') {
      await database.db.transaction().execute(async (trx) => {
        // Another process may still be sealing: truncate only what is empty once it is done.
        await sql`lock table document_clear_texts in access exclusive mode`.execute(trx);
        const left = await trx
          .selectFrom('document_clear_texts')
          .select('document_id')
          .limit(1)
          .executeTakeFirst();
        if (!left) await sql`truncate document_clear_texts`.execute(trx);
      });
      await sql`vacuum full documents`.execute(database.db);
      return;
    }
    await sql`vacuum`.execute(database.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  }

  /** How many texts are sealed under each key, for `jhanet documents keys`. */
  async countByKey(executor: Executor): Promise<Record<string, number>> {
    const rows = await executor
      .selectFrom('document_sealed_texts')
      .select(['key_id', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('key_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.key_id, r.count]));
  }
}

/** Runs `batch` in a transaction after another until one does fewer than `size` things. */
async function inBatches(
  database: Database,
  size: number,
  batch: (trx: Trx) => Promise<number>,
): Promise<number> {
  let done = 0;
  for (;;) {
    const count = await database.db.transaction().execute(batch);
    done += count;
    if (count < size) return done;
  }
}
