/**
 * What must hold of a SQLite platform's data after its process was killed at any moment: the
 * database file is sound, the audit chain verifies, every write a client saw acknowledged is
 * there, and every write the drill made is whole (a document with its file, a file with its
 * sealed content, each with its audit entry), whether its client saw the answer or not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createServices } from '../../app/services.js';
import { loadConfig } from '../../config.js';
import { openSqlite, sqliteFileIn } from '../../db/database.js';
import { parseFileKeys } from '../../features/documents/file-crypto.js';

/** What the drill's writes mark themselves with, so that the checks find them and only them. */
export const DRILL_REFERENCE_PREFIX = 'drill-';
export const FORM_REFERENCE_PREFIX = 'drill-form-';
export const PROGRESS_TEXT_PREFIX = 'Drill progress ';

/** A write whose client received its success answer. */
export type Acknowledged =
  | { kind: 'progress'; activityId: string; version: number; text: string }
  | { kind: 'document'; documentId: string }
  | { kind: 'file'; documentId: string; sha256: string };

export interface CheckResult {
  /** Each broken invariant, in words; empty when all hold. */
  problems: string[];
  /** How many acknowledged writes were found missing. */
  lost: number;
  /** How many records the drill made were found incomplete. */
  halfWritten: number;
  auditEntries: number;
}

interface ChangesWithVersion {
  version?: unknown;
  updateId?: unknown;
}

function parsed(changes: string): ChangesWithVersion {
  return JSON.parse(changes) as ChangesWithVersion;
}

/** Checks the data directory of a platform whose process is not running. */
export async function checkAfterCrash(
  dataDir: string,
  acknowledged: readonly Acknowledged[],
): Promise<CheckResult> {
  const problems: string[] = [];
  let lost = 0;
  let halfWritten = 0;
  const lose = (what: string) => {
    lost += 1;
    problems.push(`lost: ${what}`);
  };
  const half = (what: string) => {
    halfWritten += 1;
    problems.push(`half-written: ${what}`);
  };
  const database = openSqlite(sqliteFileIn(dataDir));
  const db = database.db;
  try {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const verdict = integrity.rows.map((row) => row.integrity_check).join('; ');
    if (verdict !== 'ok') problems.push(`integrity_check: ${verdict}`);
    const foreignKeys = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
    if (foreignKeys.rows.length > 0)
      problems.push(
        `foreign_key_check: ${String(foreignKeys.rows.length)} rows, in ${[...new Set(foreignKeys.rows.map((r) => r.table))].join(', ')}`,
      );

    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    const services = createServices(config, database);
    const verified = await services.audit.verify();
    if (!verified.ok)
      problems.push(
        `audit verify: entry ${String(verified.broken.seq)}: ${verified.broken.reason}`,
      );
    const auditEntries = verified.ok ? verified.entries : 0;
    // The platform's own key file: a drill's data directory holds its keys.
    const keys = parseFileKeys(readFileSync(path.join(dataDir, 'file-keys'), 'utf8').trim());

    // The drill's documents, files and progress updates, acknowledged or not.
    const documents = await db
      .selectFrom('documents')
      .select(['id', 'originator_reference', 'current_file_id'])
      .where('originator_reference', 'like', `${DRILL_REFERENCE_PREFIX}%`)
      .execute();
    const documentIds = new Set(documents.map((d) => d.id));
    const files = await db
      .selectFrom('document_files')
      .innerJoin('documents', 'documents.id', 'document_files.document_id')
      .leftJoin('document_file_contents', 'document_file_contents.file_id', 'document_files.id')
      .select([
        'document_files.id',
        'document_files.document_id',
        'document_files.number',
        'document_files.sha256',
        'document_files.size_bytes',
        'document_file_contents.file_id as content_file_id',
        'document_file_contents.key_id',
        'document_file_contents.iv',
        'document_file_contents.tag',
        'document_file_contents.ciphertext',
      ])
      .where('documents.originator_reference', 'like', `${DRILL_REFERENCE_PREFIX}%`)
      .execute();
    const titles = new Set(
      (
        await db
          .selectFrom('document_sealed_texts')
          .innerJoin('documents', 'documents.id', 'document_sealed_texts.document_id')
          .select('document_sealed_texts.document_id')
          .where('document_sealed_texts.kind', '=', 'title')
          .where('documents.originator_reference', 'like', `${DRILL_REFERENCE_PREFIX}%`)
          .execute()
      ).map((row) => row.document_id),
    );
    const jobs = new Set(
      (await db.selectFrom('text_extraction_jobs').select('file_id').execute()).map(
        (row) => row.file_id,
      ),
    );
    const audited = await db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'changes'])
      .where('action', 'in', ['document.register', 'document.version_add', 'activity.progress'])
      .execute();
    const registrations = new Set<string>();
    const versionsAdded = new Set<string>();
    const progressAudited = new Set<string>();
    for (const entry of audited) {
      if (entry.action === 'document.register' && entry.target_id)
        registrations.add(entry.target_id);
      else if (entry.action === 'document.version_add' && entry.target_id)
        versionsAdded.add(`${entry.target_id} ${String(parsed(entry.changes).version)}`);
      else if (entry.action === 'activity.progress') {
        const updateId = parsed(entry.changes).updateId;
        if (typeof updateId === 'string') progressAudited.add(updateId);
      }
    }

    const filesById = new Map(files.map((f) => [f.id, f]));
    const fileKeys = new Set<string>();
    for (const file of files) {
      fileKeys.add(`${file.document_id} ${file.sha256}`);
      const name = `file ${String(file.number)} of document ${file.document_id}`;
      if (!versionsAdded.has(`${file.document_id} ${String(file.number)}`))
        half(`${name} has no document.version_add audit entry`);
      if (!jobs.has(file.id)) half(`${name} has no text extraction job`);
      if (
        file.content_file_id === null ||
        file.key_id === null ||
        file.iv === null ||
        file.tag === null ||
        file.ciphertext === null
      ) {
        half(`${name} has no stored content`);
        continue;
      }
      let content: Buffer;
      try {
        content = keys.open(
          { keyId: file.key_id, iv: file.iv, tag: file.tag, ciphertext: file.ciphertext },
          file.id,
        );
      } catch (error) {
        half(`${name} does not decrypt: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const sha256 = createHash('sha256').update(content).digest('hex');
      if (sha256 !== file.sha256 || content.length !== file.size_bytes)
        half(`${name} decrypts to other bytes than it records (${sha256})`);
    }
    for (const document of documents) {
      const name = `document ${document.id} (${document.originator_reference})`;
      if (!registrations.has(document.id)) half(`${name} has no document.register audit entry`);
      if (!titles.has(document.id)) half(`${name} has no sealed title`);
      if (document.current_file_id !== null) {
        const current = filesById.get(document.current_file_id);
        if (current?.document_id !== document.id)
          half(`${name} names a current file that is not its own`);
      } else if (document.originator_reference.startsWith(FORM_REFERENCE_PREFIX)) {
        half(`${name} was registered with its file, but has none`);
      }
    }

    const updates = await db
      .selectFrom('scorecard_updates')
      .innerJoin('scorecard_activities', 'scorecard_activities.id', 'scorecard_updates.activity_id')
      .select([
        'scorecard_updates.id',
        'scorecard_updates.activity_id',
        'scorecard_updates.activity_version',
        'scorecard_updates.text',
        'scorecard_activities.version as current_version',
      ])
      .where('scorecard_updates.text', 'like', `${PROGRESS_TEXT_PREFIX}%`)
      .execute();
    const revisions = new Set(
      (
        await db
          .selectFrom('scorecard_revisions')
          .select(['activity_id', 'version'])
          .where('summary', '=', 'update')
          .execute()
      ).map((r) => `${r.activity_id} ${String(r.version)}`),
    );
    const updatesByText = new Map(updates.map((u) => [u.text, u]));
    for (const update of updates) {
      const name = `progress update ${update.id} of activity ${update.activity_id}`;
      if (!progressAudited.has(update.id)) half(`${name} has no activity.progress audit entry`);
      if (!revisions.has(`${update.activity_id} ${String(update.activity_version)}`))
        half(`${name} has no revision ${String(update.activity_version)}`);
      if (update.activity_version > update.current_version)
        half(`${name} is of version ${String(update.activity_version)}, past the activity's`);
    }

    for (const write of acknowledged) {
      if (write.kind === 'document') {
        if (!documentIds.has(write.documentId))
          lose(`the acknowledged registration of document ${write.documentId}`);
      } else if (write.kind === 'file') {
        if (!fileKeys.has(`${write.documentId} ${write.sha256}`))
          lose(`the acknowledged file ${write.sha256} of document ${write.documentId}`);
      } else {
        const update = updatesByText.get(write.text);
        if (update?.activity_id !== write.activityId || update.activity_version !== write.version)
          lose(
            `the acknowledged progress update "${write.text}" (version ${String(write.version)})`,
          );
      }
    }
    return { problems, lost, halfWritten, auditEntries };
  } finally {
    await database.close();
  }
}
