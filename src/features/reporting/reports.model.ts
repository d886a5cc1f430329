import type {
  ReportAudience,
  ReportKind,
  ReportPeriod,
  ReportSectionOrigin,
  ReportStatus,
} from '../../db/schema.js';
import type { ReportDocument } from './report-document.js';

/**
 * Where an obligation stands on a day. Overdue: its due day has passed and nothing was submitted;
 * in sign-off: the text is finalised (frozen) and waits to be sent.
 */
export const calendarStatuses = [
  'not_started',
  'drafting',
  'in_sign_off',
  'submitted',
  'overdue',
] as const;
export type CalendarStatus = (typeof calendarStatuses)[number];

/** One report the network owes in a year, and where it stands. */
export interface CalendarEntry {
  obligationId: string;
  year: number;
  kind: ReportKind;
  period: ReportPeriod;
  /** The recipient organisation's acronym; null for the final and annual reports. */
  recipientAcronym: string | null;
  recipientName: string | null;
  dueOn: string | null;
  /** The year's chair, named as on the due day (the end of the year when none is set). */
  chair: string | null;
  status: CalendarStatus;
  /** The report answering it, when the reader may read it. */
  reportId: string | null;
  source: string;
}

/** The data a section can be generated from, in the order the issue lists them. */
export const dataSectionKinds = [
  'priorities',
  'progress',
  'agencies',
  'meetings',
  'action_points',
  'documents',
  'products',
] as const;
export type DataSectionKind = (typeof dataSectionKinds)[number];

export const writtenSectionKinds = ['foreword', 'conclusions'] as const;
export type WrittenSectionKind = (typeof writtenSectionKinds)[number];

export interface ReportSectionView {
  id: string;
  position: number;
  origin: ReportSectionOrigin;
  kind: DataSectionKind | WrittenSectionKind;
  title: string;
  /** The text of a written section; empty for a data section. */
  body: string;
  version: number;
}

export interface ReportSummary {
  id: string;
  obligationId: string;
  year: number;
  kind: ReportKind;
  title: string;
  asOf: string;
  status: ReportStatus;
  audience: ReportAudience;
  version: number;
}

export interface ReportDetail extends ReportSummary {
  sections: ReportSectionView[];
  /** The snapshot's SHA-256, once finalised: of the edition the reader receives. */
  hash: string | null;
  finalisedAt: string | null;
  submittedOn: string | null;
  /** The report as the reader receives it: assembled now for a draft, frozen once finalised. */
  document: ReportDocument;
  /** What the reader may do with it. */
  actions: { edit: boolean; finalise: boolean; submit: boolean; release: boolean };
}

export interface NewReportInput {
  obligationId: string;
  asOf: string;
}

export interface ReportChanges {
  title?: string | undefined;
  asOf?: string | undefined;
  audience?: ReportAudience | undefined;
}
