import type { Database, Executor } from '../../db/database.js';
import type { FileKeyRing } from './file-crypto.js';

/**
 * File contents at rest: sealed with AES-256-GCM under the current key, the file version's id
 * bound as associated data, so that a ciphertext copied to another row does not open.
 */
export class DocumentFileStore {
  constructor(private readonly keys: FileKeyRing) {}

  get currentKeyId(): string {
    return this.keys.currentKeyId;
  }

  async put(executor: Executor, fileId: string, content: Uint8Array): Promise<void> {
    const sealed = this.keys.seal(content, fileId);
    await executor
      .insertInto('document_file_contents')
      .values({
        file_id: fileId,
        key_id: sealed.keyId,
        iv: sealed.iv,
        tag: sealed.tag,
        ciphertext: sealed.ciphertext,
      })
      .execute();
  }

  async get(executor: Executor, fileId: string): Promise<Buffer> {
    const row = await executor
      .selectFrom('document_file_contents')
      .select(['key_id', 'iv', 'tag', 'ciphertext'])
      .where('file_id', '=', fileId)
      .executeTakeFirstOrThrow();
    return this.keys.open(
      { keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext },
      fileId,
    );
  }

  /**
   * Re-encrypts under the current key every file sealed under another, a batch per transaction,
   * so that an interrupted rotation resumes where it stopped. Returns how many were re-encrypted.
   */
  async rotate(database: Database, batchSize = 100): Promise<number> {
    let rotated = 0;
    for (;;) {
      const done = await database.db.transaction().execute(async (trx) => {
        const rows = await database.dialect
          .skipLockedRows(
            trx
              .selectFrom('document_file_contents')
              .select(['file_id', 'key_id', 'iv', 'tag', 'ciphertext'])
              .where('key_id', '!=', this.keys.currentKeyId)
              .limit(batchSize),
          )
          .execute();
        for (const row of rows) {
          const plain = this.keys.open(
            { keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext },
            row.file_id,
          );
          const sealed = this.keys.seal(plain, row.file_id);
          await trx
            .updateTable('document_file_contents')
            .set({
              key_id: sealed.keyId,
              iv: sealed.iv,
              tag: sealed.tag,
              ciphertext: sealed.ciphertext,
            })
            .where('file_id', '=', row.file_id)
            .execute();
        }
        return rows.length;
      });
      rotated += done;
      if (done < batchSize) return rotated;
    }
  }

  /** How many files are sealed under each key, for `jhanet documents keys`. */
  async countByKey(executor: Executor): Promise<Record<string, number>> {
    const rows = await executor
      .selectFrom('document_file_contents')
      .select(['key_id', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('key_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.key_id, r.count]));
  }
}
