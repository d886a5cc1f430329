import { csvRow } from '../../app/csv.js';
import type { AuditEntry } from '../../db/schema.js';
import type { AuditFilter } from './audit.service.js';

export interface AuditEntryView {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrganisation: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  changes: Record<string, unknown>;
  hash: string;
}

export function presentEntry(entry: AuditEntry): AuditEntryView {
  return {
    seq: entry.seq,
    at: entry.at,
    actorUserId: entry.actor_user_id,
    actorEmail: entry.actor_email,
    actorOrganisation: entry.actor_organisation,
    action: entry.action,
    targetType: entry.target_type,
    targetId: entry.target_id,
    requestId: entry.request_id,
    ip: entry.ip,
    changes: JSON.parse(entry.changes) as Record<string, unknown>,
    hash: entry.hash,
  };
}

/** Turns the query's calendar days into the half-open UTC range the log is filtered on. */
export function filterFromQuery(query: {
  action?: string | undefined;
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  until?: string | undefined;
}): AuditFilter {
  const dayAfter = (day: string) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    action: query.action,
    actor: query.actor,
    targetType: query.targetType,
    targetId: query.targetId,
    from: query.from ? `${query.from}T00:00:00.000Z` : undefined,
    until: query.until ? dayAfter(query.until) : undefined,
  };
}

const CSV_COLUMNS: (keyof AuditEntryView)[] = [
  'seq',
  'at',
  'actorEmail',
  'actorOrganisation',
  'action',
  'targetType',
  'targetId',
  'requestId',
  'ip',
  'changes',
  'hash',
];

export function auditCsvHeader(): string {
  return csvRow(CSV_COLUMNS);
}

export function auditCsvRow(entry: AuditEntryView): string {
  return csvRow(CSV_COLUMNS.map((c) => entry[c]));
}
