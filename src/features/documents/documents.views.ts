import { loadNameHistory, withNameOnDate } from '../network/names-on-date.js';
import type { Executor } from '../../db/database.js';
import { classificationLabel, classificationName, markingLine } from './markings.js';
import {
  chunked,
  markingOf,
  releasesOf,
  type DocumentRow,
  type MarkingSnapshot,
} from './documents.repository.js';
import type {
  DocumentSummary,
  FileView,
  MarkingChangeView,
  MarkingView,
} from './documents.model.js';

/** Presenters: stored rows into the views the API and pages show. */

export function acronymOf(acronyms: ReadonlyMap<string, string>) {
  return (id: string) => acronyms.get(id) ?? '?';
}

export function markingView(
  row: DocumentRow,
  namedReleases: readonly string[],
  recipients: { id: string; name: string }[],
  acronyms: ReadonlyMap<string, string>,
): MarkingView {
  const name = acronymOf(acronyms);
  return {
    classification: classificationName(row.classification_level),
    classificationLabel: classificationLabel(row.classification_level),
    limite: row.limite === 1,
    sensitive: row.sensitive === 1,
    tlp: row.tlp,
    releasability: row.releasability,
    releasedTo: namedReleases.map((id) => ({ id, acronym: name(id) })),
    recipients,
    line: markingLine(markingOf(row, namedReleases), name),
  };
}

/** A marking stored in the history, as one line. */
export function historyLine(json: string, acronyms: ReadonlyMap<string, string>): string {
  const stored = JSON.parse(json) as MarkingSnapshot;
  return markingLine(markingOf(stored, stored.releasedTo), acronymOf(acronyms));
}

interface FileRow {
  id: string;
  document_id: string;
  number: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  note: string;
  text_chars: number;
  text_failed: number;
  extraction_job_id: string | null;
  uploaded_at: string;
  uploaded_by_name: string | null;
}

export function fileView(row: FileRow): FileView {
  return {
    number: row.number,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    note: row.note,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by_name,
    textChars: row.text_chars,
    textFailed: row.text_failed === 1,
    textPending: row.extraction_job_id !== null,
  };
}

function fileQuery(db: Executor) {
  return db
    .selectFrom('document_files')
    .leftJoin('users', 'users.id', 'document_files.uploaded_by')
    .leftJoin('text_extraction_jobs as extraction', (join) =>
      join
        .onRef('extraction.file_id', '=', 'document_files.id')
        .on('extraction.status', '=', 'pending'),
    )
    .select([
      'document_files.id',
      'document_files.document_id',
      'document_files.number',
      'document_files.filename',
      'document_files.content_type',
      'document_files.size_bytes',
      'document_files.sha256',
      'document_files.note',
      'document_files.text_chars',
      'document_files.text_failed',
      'extraction.id as extraction_job_id',
      'document_files.uploaded_at',
      'users.name as uploaded_by_name',
    ]);
}

export async function filesOf(db: Executor, documentId: string): Promise<FileView[]> {
  const rows = await fileQuery(db)
    .where('document_files.document_id', '=', documentId)
    .orderBy('document_files.number', 'desc')
    .execute();
  return rows.map(fileView);
}

async function recipientsOf(
  db: Executor,
  documentIds: readonly string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const byDocument = new Map<string, { id: string; name: string }[]>();
  for (const part of chunked(documentIds)) {
    const rows = await db
      .selectFrom('document_recipients')
      .innerJoin('users', 'users.id', 'document_recipients.user_id')
      .select(['document_recipients.document_id', 'users.id', 'users.name'])
      .where('document_recipients.document_id', 'in', part)
      .orderBy('users.name')
      .execute();
    for (const row of rows) {
      const list = byDocument.get(row.document_id) ?? [];
      list.push({ id: row.id, name: row.name });
      byDocument.set(row.document_id, list);
    }
  }
  return byDocument;
}

/** Summaries of the given documents, in the order of `rows`. Visibility is the caller's job. */
export async function summariesOf(
  db: Executor,
  rows: readonly DocumentRow[],
  acronyms: ReadonlyMap<string, string>,
  snippets: ReadonlyMap<string, string> = new Map(),
): Promise<DocumentSummary[]> {
  const ids = rows.map((r) => r.id);
  const fileIds = rows.flatMap((r) => (r.current_file_id ? [r.current_file_id] : []));
  const [names, releases, recipients, files] = await Promise.all([
    loadNameHistory(db),
    releasesOf(db, ids),
    recipientsOf(db, ids),
    (async () => {
      const byId = new Map<string, FileView>();
      for (const part of chunked(fileIds)) {
        for (const row of await fileQuery(db).where('document_files.id', 'in', part).execute())
          byId.set(row.id, fileView(row));
      }
      return byId;
    })(),
  ]);
  const name = acronymOf(acronyms);
  return rows.map((row) => ({
    id: row.id,
    registrationNumber: row.registration_number,
    originatorReference: row.originator_reference,
    registeredOn: row.registered_on,
    title: row.title,
    documentType: row.document_type,
    language: row.language,
    originator: withNameOnDate(
      names,
      { id: row.originator_organisation_id, acronym: name(row.originator_organisation_id) },
      row.registered_on,
    ),
    marking: markingView(row, releases.get(row.id) ?? [], recipients.get(row.id) ?? [], acronyms),
    isReference: row.is_reference === 1,
    currentFile: row.current_file_id ? (files.get(row.current_file_id) ?? null) : null,
    version: row.version,
    updatedAt: row.updated_at,
    snippet: snippets.get(row.id) ?? null,
  }));
}

export async function markingHistoryOf(
  db: Executor,
  documentId: string,
  acronyms: ReadonlyMap<string, string>,
): Promise<MarkingChangeView[]> {
  const rows = await db
    .selectFrom('document_marking_changes')
    .leftJoin('users', 'users.id', 'document_marking_changes.user_id')
    .select([
      'document_marking_changes.kind',
      'document_marking_changes.before',
      'document_marking_changes.after',
      'document_marking_changes.reason',
      'document_marking_changes.at',
      'users.name as by',
    ])
    .where('document_marking_changes.document_id', '=', documentId)
    .orderBy('document_marking_changes.at', 'desc')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    before: historyLine(r.before, acronyms),
    after: historyLine(r.after, acronyms),
    reason: r.reason,
    by: r.by,
    at: r.at,
  }));
}
