import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types shared by both databases. Timestamps are ISO 8601 strings in UTC
 * (lexicographic order is time order on both backends); flags are 0/1 integers.
 */

export type OrganisationKind = 'agency' | 'body';
export const organisationKinds: readonly OrganisationKind[] = ['agency', 'body'];

export type Role = 'admin' | 'contact' | 'member' | 'observer';
export const roles: readonly Role[] = ['admin', 'contact', 'member', 'observer'];

export interface OrganisationTable {
  id: string;
  kind: OrganisationKind;
  acronym: string;
  name: string;
  category: string;
  hq_city: string | null;
  hq_country: string | null;
  website: string | null;
  description: string;
  established_year: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrganisationNameTable {
  id: string;
  organisation_id: string;
  acronym: string;
  name: string;
  valid_from: string | null;
  valid_until: string | null;
}

/** When in the year a report is due: the paper asks for reports at its beginning and end. */
export type ReportPeriod = 'beginning' | 'end';
export const reportPeriods: readonly ReportPeriod[] = ['beginning', 'end'];

/**
 * What a report owed is: progress to a recipient (COSI, the LIBE committee), the network's final
 * report for the Heads of JHA agencies' meeting, or the annual report with its infographics.
 */
export type ReportKind = 'progress' | 'final' | 'annual';
export const reportKinds: readonly ReportKind[] = ['progress', 'final', 'annual'];

export interface ReportObligationTable {
  id: string;
  year: number;
  kind: ColumnType<ReportKind, ReportKind | undefined, ReportKind>;
  /** Null for the final and annual reports, which go to no single organisation. */
  recipient_organisation_id: string | null;
  period: ReportPeriod;
  due_on: string | null;
  /** The section of the year's priorities that asks for the report, e.g. "2.4". */
  source: string;
}

/** A report drafted, finalised (frozen, awaiting sign-off and sending), or submitted. */
export type ReportStatus = 'draft' | 'final' | 'submitted';
export const reportStatuses: readonly ReportStatus[] = ['draft', 'final', 'submitted'];

/**
 * Who reads a finalised report besides the secretariat: each audience includes the ones before
 * it (the member agencies, then the observers too, then the public edition for everyone).
 */
export type ReportAudience = 'secretariat' | 'network' | 'observers' | 'public';
export const reportAudiences: readonly ReportAudience[] = [
  'secretariat',
  'network',
  'observers',
  'public',
];

export interface ReportTable {
  id: string;
  obligation_id: string;
  title: string;
  as_of: string;
  status: ReportStatus;
  audience: ReportAudience;
  /** The assembled ReportDocument as JSON, frozen when the report is finalised. */
  final_document: string | null;
  /** SHA-256 (hex) of final_document. */
  final_hash: string | null;
  /** The public edition, without what is not releasable to the public. */
  public_document: string | null;
  public_hash: string | null;
  finalised_at: string | null;
  finalised_by: string | null;
  submitted_on: string | null;
  submitted_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** Whether silence by the sign-off deadline counts as agreement, or approval must be explicit. */
  signoff_rule: ColumnType<ReportSignoffRule, ReportSignoffRule | undefined, ReportSignoffRule>;
  signoff_due_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A report's agreed sign-off procedure: silence by the deadline agrees, or approval is explicit. */
export type ReportSignoffRule = 'silence' | 'explicit';
export const reportSignoffRules: readonly ReportSignoffRule[] = ['explicit', 'silence'];

/** Asked, being written, submitted by the agency, accepted into the section by the secretariat. */
export type ReportContributionStatus = 'asked' | 'drafted' | 'submitted' | 'accepted';

/** A member agency's contribution to a section of a report, asked by the secretariat. */
export interface ReportContributionTable {
  id: string;
  report_id: string;
  section_id: string;
  organisation_id: string;
  due_on: string;
  /** What the secretariat asks for. */
  note: string;
  text: string;
  status: ReportContributionStatus;
  requested_by: string;
  requested_at: string;
  submitted_by: string | null;
  submitted_at: string | null;
  accepted_by: string | null;
  accepted_at: string | null;
  version: number;
  updated_at: string;
}

export type ReportSignoffAnswer = 'approved' | 'objected';

/** A member agency's answer to a report's sign-off, given on the finalised text of a hash. */
export interface ReportSignoffTable {
  id: string;
  report_id: string;
  organisation_id: string;
  answer: ReportSignoffAnswer | null;
  comment: string;
  answered_hash: string | null;
  answered_by: string | null;
  answered_at: string | null;
  version: number;
  updated_at: string;
}

export type ReportSectionOrigin = 'data' | 'written';

export interface ReportSectionTable {
  id: string;
  report_id: string;
  position: number;
  origin: ReportSectionOrigin;
  /** What a data section is generated from, or what a written one is (foreword, conclusions). */
  kind: string;
  title: string;
  /** The text of a written section; empty for a data section. */
  body: string;
  version: number;
  updated_at: string;
}

/** Why a version of a report's text was kept. */
export type ReportVersionReason = 'created' | 'section_edit' | 'as_of' | 'finalised';

export interface ReportVersionTable {
  id: string;
  report_id: string;
  /** 1, 2, 3… within the report. */
  number: number;
  reason: ReportVersionReason;
  as_of: string;
  /** Each section's kind, origin, title and text as JSON, in the report's order. */
  sections: string;
  created_by: string;
  created_at: string;
}

/** Where a record's facts come from: a section of the paper, or "illustrative". */
export interface RecordSourceTable {
  record_type: string;
  record_id: string;
  source: string;
  note: string;
}

export interface ChairYearTable {
  year: number;
  organisation_id: string;
  note: string;
  version: number;
  updated_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  organisation_id: string;
  role: Role;
  locale: string | null;
  password_hash: string;
  disabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  /** Highest EUCI level the user is cleared for (see markings.ts); null: no security clearance. */
  clearance_level: number | null;
  /** The day the user was briefed on handling EUCI; null: never briefed. */
  euci_briefed_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type FactorKind = 'totp' | 'passkey';

/** A second factor of a user: an authenticator app (TOTP) or a passkey (WebAuthn). */
export interface UserFactorTable {
  id: string;
  user_id: string;
  kind: FactorKind;
  label: string;
  /** TOTP: the secret sealed with the file keys (see second-factor/sealed-secret.ts). */
  totp_secret: string | null;
  /** TOTP: the last time step accepted; a code of that step or before is refused (no replay). */
  totp_last_step: number | null;
  /** Passkey: the credential id, base64url. */
  credential_id: string | null;
  /** Passkey: the COSE public key, base64url. */
  public_key: string | null;
  sign_count: number | null;
  transports: string | null;
  /** Null while an authenticator app waits for its first code. */
  confirmed_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  /** SHA-256 of the code: a code is 80 random bits, so a hash cannot be turned back. */
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

/** Between the password and the second factor: reaches nothing but the second step. */
export interface PendingSignInTable {
  /** SHA-256 of the cookie's value. */
  id: string;
  user_id: string;
  stage: 'verify' | 'enrol';
  /** The WebAuthn challenge sent for a passkey sign-in. */
  challenge: string | null;
  /** The stage "enrol": the authenticator app secret offered, sealed. */
  totp_secret: string | null;
  ip: string;
  user_agent: string;
  created_at: string;
  expires_at: string;
}

/** A passkey being added by a signed-in user: the challenge its browser must sign, used once. */
export interface PasskeyChallengeTable {
  id: string;
  user_id: string;
  /** The session that asked: another session of the same user cannot answer it. */
  session_id: string;
  /** base64url, as sent to the browser. */
  challenge: string;
  created_at: string;
  expires_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string;
}

/** A provider's stable subject (issuer and `sub`) an administrator bound to an account. */
export interface SsoIdentityTable {
  id: string;
  user_id: string;
  provider: string;
  issuer: string;
  subject: string;
  created_by: string | null;
  created_at: string;
}

/** A single sign-on under way, until its callback uses it once or it expires. */
export interface SsoAttemptTable {
  id: string;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  next_path: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  email: string;
  ip: string;
  succeeded: number;
  at: string;
  /** 1 once a success, an unlock or a password reset ends the run of failures it belongs to. */
  cleared: number;
}

/** A request for a password reset link; `user_id` is null when no account has the address. */
export interface PasswordResetTable {
  id: string;
  /** SHA-256 of the link's secret: the secret itself is only ever in the e-mail. */
  token_hash: string;
  email: string;
  user_id: string | null;
  ip: string;
  requested_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_organisation: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  changes: string;
  prev_hash: string;
  hash: string;
}

export type PriorityStatus = 'draft' | 'consultation' | 'agreed';
export const priorityStatuses: readonly PriorityStatus[] = ['draft', 'consultation', 'agreed'];
export type PriorityGroupKey = 'thematic' | 'horizontal';
export const priorityGroupKeys: readonly PriorityGroupKey[] = ['thematic', 'horizontal'];

export interface PriorityFrameworkTable {
  id: string;
  year: number;
  version: number;
  status: PriorityStatus;
  title: string;
  chair_organisation_id: string | null;
  /** Paragraphs, as a JSON array of strings. */
  introduction: string;
  /** The paragraph that follows the outlook (the 2017 paper's "Please note"); optional on insert. */
  outlook_note: ColumnType<string | null, string | null | undefined, string | null>;
  agreed_on: string | null;
  agreed_at: string | null;
  based_on_id: string | null;
  /** The last day contact points may answer (inclusive, Brussels time), once consulted. */
  consultation_deadline: string | null;
  consultation_opened_at: string | null;
  /** For no lost update; `version` numbers the priorities, this numbers edits of the record. */
  row_version: number;
  created_at: string;
  updated_at: string;
}

export interface PriorityGroupTable {
  id: string;
  framework_id: string;
  key: PriorityGroupKey;
  title: string;
  /** The outlook statements, as a JSON array of strings. */
  outlook: string;
  position: number;
}

export interface PrioritySectionTable {
  id: string;
  framework_id: string;
  group_key: PriorityGroupKey;
  number: string;
  title: string;
  objective: string;
  /** Paragraphs between the objective and the lines, as a JSON array of strings. */
  context: string;
  position: number;
}

export interface PriorityLineTable {
  id: string;
  section_id: string;
  /** The same for a line across versions, so that versions compare line by line. */
  line_key: string;
  number: number;
  text: string;
}

export interface PriorityReferenceTable {
  id: string;
  section_id: string;
  /** Null when the reference annotates the section's objective. */
  line_id: string | null;
  label: string;
  title: string;
  url: string;
}

export interface PriorityPrincipleTable {
  id: string;
  framework_id: string;
  key: string;
  title: string;
  text: string;
  position: number;
}

export type ActivityKind =
  | 'joint-training'
  | 'meeting'
  | 'joint-product'
  | 'toolbox'
  | 'operational-support'
  | 'communication'
  | 'other';
export const activityKinds: readonly ActivityKind[] = [
  'joint-training',
  'meeting',
  'joint-product',
  'toolbox',
  'operational-support',
  'communication',
  'other',
];
export type ActivityStatus = 'planned' | 'ongoing' | 'completed' | 'postponed' | 'cancelled';
export const activityStatuses: readonly ActivityStatus[] = [
  'planned',
  'ongoing',
  'completed',
  'postponed',
  'cancelled',
];
export type Assessment = 'green' | 'amber' | 'red';
export const assessments: readonly Assessment[] = ['green', 'amber', 'red'];
export type ActivityOrganisationRole = 'participant' | 'partner';

export interface ScorecardActivityTable {
  id: string;
  year: number;
  title: string;
  description: string;
  lead_organisation_id: string;
  kind: ActivityKind;
  status: ActivityStatus;
  assessment: Assessment | null;
  assessment_reason: string;
  /** Dates as YYYY-MM-DD. */
  planned_start: string;
  planned_end: string;
  released_to_observers: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScorecardActivityLineTable {
  activity_id: string;
  line_key: string;
  position: number;
}

export interface ScorecardActivityOrganisationTable {
  activity_id: string;
  organisation_id: string;
  role: ActivityOrganisationRole;
}

export interface ScorecardActivityTagTable {
  activity_id: string;
  tag: string;
}

export interface ScorecardIndicatorTable {
  id: string;
  activity_id: string;
  position: number;
  name: string;
  unit: string;
  target: number | null;
  value: number | null;
}

export interface ScorecardDeliverableTable {
  id: string;
  activity_id: string;
  position: number;
  title: string;
  url: string | null;
  due_on: string | null;
}

export interface ScorecardUpdateTable {
  id: string;
  activity_id: string;
  posted_on: string;
  organisation_id: string;
  author_id: string | null;
  text: string;
  /** What the update changed: JSON of status, assessment and indicator values before and after. */
  changes: string;
  /** The activity's version this update produced. */
  activity_version: number;
  created_at: string;
}

export interface ScorecardRevisionTable {
  activity_id: string;
  version: number;
  /** The date the state took effect (YYYY-MM-DD): what "as it stood on" a date reads. */
  effective_on: string;
  recorded_at: string;
  recorded_by: string | null;
  /** created, edited, update or imported. */
  summary: string;
  /** The day the next revision took effect; null while this one is in effect. */
  superseded_on: string | null;
  /** What the scorecard filters and sorts by, at this version; lists are '|'-delimited. */
  year: number;
  title: string;
  description: string;
  lead_organisation_id: string;
  participant_ids: string;
  line_keys: string;
  tags: string;
  kind: ActivityKind;
  status: ActivityStatus;
  assessment: Assessment | null;
  planned_start: string;
  planned_end: string;
  released_to_observers: number;
  changed_at: string;
}

export type PriorityAnswerKind = 'comment' | 'change' | 'new_line';
export const priorityAnswerKinds: readonly PriorityAnswerKind[] = ['comment', 'change', 'new_line'];

/** A member agency's answer to a consultation on one section of a version of the priorities. */
export interface PriorityAnswerTable {
  id: string;
  framework_id: string;
  section_id: string;
  organisation_id: string;
  author_user_id: string | null;
  kind: PriorityAnswerKind;
  /** The line a proposed change is about: its key, which survives revisions of the text. */
  line_key: string | null;
  text: string;
  row_version: number;
  created_at: string;
  updated_at: string;
}

export type PriorityRevisionKind =
  'framework' | 'section' | 'line_added' | 'line_changed' | 'line_moved' | 'line_removed';
export const priorityRevisionKinds: readonly PriorityRevisionKind[] = [
  'framework',
  'section',
  'line_added',
  'line_changed',
  'line_moved',
  'line_removed',
];

/** A change of the text made while the agencies were being consulted on it. */
export interface PriorityRevisionTable {
  id: string;
  framework_id: string;
  revised_at: string;
  actor_user_id: string | null;
  kind: PriorityRevisionKind;
  section_number: string | null;
  line_key: string | null;
  /** The framework's row version this change produced. */
  row_version: number;
}

/** The whole activity at a version, as JSON: kept apart from the revisions the views scan. */
export interface ScorecardRevisionSnapshotTable {
  activity_id: string;
  version: number;
  snapshot: string;
}

export const meetingKinds = [
  'network',
  'heads',
  'expert',
  'external',
  'ict',
  'training',
  'other',
] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export type MeetingStatus = 'scheduled' | 'cancelled';
export const meetingStatuses: readonly MeetingStatus[] = ['scheduled', 'cancelled'];
export type ParticipantKind = 'attendee' | 'speaker';
export const participantKinds: readonly ParticipantKind[] = ['attendee', 'speaker'];
export type ParticipantResponse = 'needs-action' | 'accepted' | 'declined' | 'tentative';
export const participantResponses: readonly ParticipantResponse[] = [
  'needs-action',
  'accepted',
  'declined',
  'tentative',
];
export type ActionPointStatus = 'open' | 'done';
export const actionPointStatuses: readonly ActionPointStatus[] = ['open', 'done'];
export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MeetingTable {
  id: string;
  kind: MeetingKind;
  title: string;
  description: string;
  host_organisation_id: string;
  venue: string;
  city: string;
  /** IANA name of the venue's zone: times are shown and sent in it. */
  time_zone: string;
  /** UTC instants. */
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  status: MeetingStatus;
  agenda_published_at: string | null;
  invitations_sent_at: string | null;
  minutes: string;
  report: string;
  report_in_final_report: number;
  /** iCalendar SEQUENCE: raised on every change that calendars must take in. */
  sequence: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface MeetingInvitationTable {
  meeting_id: string;
  organisation_id: string;
  created_at: string;
}

export interface MeetingParticipantTable {
  id: string;
  meeting_id: string;
  kind: ParticipantKind;
  /** Null for an external speaker without an account. */
  user_id: string | null;
  name: string;
  email: string | null;
  affiliation: string;
  topic: string;
  response: ParticipantResponse;
  responded_at: string | null;
  created_at: string;
}

export interface MeetingAgendaItemTable {
  id: string;
  meeting_id: string;
  position: number;
  starts_at: string;
  ends_at: string;
  title: string;
  presenter: string;
  notes: string;
  created_at: string;
}

export interface MeetingAgendaPriorityLineTable {
  agenda_item_id: string;
  line_key: string;
}

export interface MeetingDecisionTable {
  id: string;
  meeting_id: string;
  position: number;
  text: string;
  created_at: string;
}

export interface MeetingActionPointTable {
  id: string;
  meeting_id: string;
  text: string;
  owner_organisation_id: string;
  due_on: string;
  status: ActionPointStatus;
  /** A scorecard activity the action point belongs to, when linked. */
  activity_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CalendarFeedTable {
  user_id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface MailQueueTable {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  calendar: string | null;
  calendar_method: string | null;
  /** Makes enqueueing idempotent where several processes may enqueue the same message. */
  dedupe_key: string | null;
  status: MailStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  leased_by: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** 1 for mail carrying a secret (a password reset link): its body is erased once sent. */
  erase_after_sending: Generated<number>;
  /** Where replies go when not to the sender: the organiser, for meeting invitations. */
  reply_to: string | null;
}

/** Classification levels by rank, as configuration and the API name them: 0 is "not EUCI". */
export const euciCeilingNames = [
  'none',
  'restreint',
  'confidentiel',
  'secret',
  'tres_secret',
] as const;
export type ClassificationName = (typeof euciCeilingNames)[number];

export type Releasability = 'network' | 'named' | 'originator';
export const releasabilities: readonly Releasability[] = ['network', 'named', 'originator'];
export type Tlp = 'clear' | 'green' | 'amber' | 'amber_strict' | 'red';
export const tlps: readonly Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red'];
export type DocumentLinkType = 'meeting' | 'agenda_item' | 'activity' | 'priority_line';
export const documentLinkTypes: readonly DocumentLinkType[] = [
  'meeting',
  'agenda_item',
  'activity',
  'priority_line',
];
/** What a document says, sealed: its title, its description, its current version's text. */
export type SealedTextKind = 'title' | 'description' | 'text';
export const sealedTextKinds: readonly SealedTextKind[] = ['title', 'description', 'text'];
export type MarkingChangeKind = 'mark' | 'downgrade' | 'declassify' | 'schedule' | 'scheduled';

export interface EuciSignatoryTable {
  organisation_id: string;
  signed_on: string;
  recorded_by: string | null;
  recorded_at: string;
}

export type EuciRequestKind = 'signature' | 'clearance';
export type EuciRequestStatus = 'pending' | 'confirmed' | 'rejected';

/**
 * A signature of the EUCI agreement (organisation_id, signed_on) or a clearance and briefing
 * (user_id, clearance_level, briefed_on) waiting for a second administrator, and its outcome.
 * requested_by null: the platform itself (the demo data).
 */
export interface EuciRequestTable {
  id: string;
  kind: EuciRequestKind;
  organisation_id: string | null;
  user_id: string | null;
  signed_on: string | null;
  clearance_level: number | null;
  briefed_on: string | null;
  requested_by: string | null;
  requested_by_organisation: string | null;
  requested_at: string;
  status: EuciRequestStatus;
  decided_by: string | null;
  decided_at: string | null;
}

export interface DocumentTable {
  id: string;
  /** ORIGINATOR-YEAR-NNNNN, allocated by the platform (see document_number_sequences). */
  registration_number: string;
  /** The originator's own reference, such as its file number: free text, not unique. */
  originator_reference: string;
  registered_on: string;
  document_type: string;
  language: string;
  originator_organisation_id: string;
  registered_by: string | null;
  /** 0: not classified; 1 RESTREINT UE to 4 TRES SECRET UE (see markings.ts). */
  classification_level: number;
  limite: number;
  sensitive: number;
  tlp: Tlp | null;
  releasability: Releasability;
  /** 1: classified above the deployment's ceiling, so only this record is kept, no content. */
  is_reference: number;
  holder_organisation_id: string | null;
  point_of_contact: string;
  scheduled_change_on: string | null;
  scheduled_level: number | null;
  scheduled_reason: string | null;
  scheduled_by: string | null;
  current_file_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The last registration number given under a prefix (an organisation's acronym and a year). */
export interface DocumentNumberSequenceTable {
  /** "EUROPOL-2017". */
  prefix: string;
  /** The organisation whose numbers carry the prefix: no other may take it. */
  organisation_id: string;
  last_number: number;
}

export interface DocumentReleaseTable {
  document_id: string;
  organisation_id: string;
}

export interface DocumentRecipientTable {
  document_id: string;
  user_id: string;
}

export interface DocumentLinkTable {
  document_id: string;
  target_type: DocumentLinkType;
  target_id: string;
}

export interface DocumentFileTable {
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
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface DocumentFileContentTable {
  file_id: string;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** A document's title, description or extracted text, sealed like its files. */
export interface DocumentSealedTextTable {
  document_id: string;
  kind: SealedTextKind;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * The texts of documents stored in clear by earlier versions, waiting to be sealed at start
 * (`DocumentTexts.upgrade`); empty once they are.
 */
export interface DocumentClearTextTable {
  document_id: string;
  title: string;
  description: string;
  body: string;
}

/** A file whose text is to be extracted, or was: see text-extraction-queue.ts. */
export interface TextExtractionJobTable {
  id: string;
  file_id: string;
  document_id: string;
  /** The user who uploaded the file: the queue takes turns between owners. */
  owner_id: string;
  /** "pending" until the text is stored, then "done". */
  status: 'pending' | 'done';
  attempts: number;
  queued_at: string;
  /** When a process last took the job. */
  claimed_at: string | null;
  /** A process holds the job until then; after it, another may take it. */
  lease_until: string | null;
  leased_by: string | null;
  finished_at: string | null;
}

export interface DocumentDownloadTable {
  id: string;
  document_id: string;
  file_id: string;
  file_number: number;
  user_id: string | null;
  user_email: string;
  organisation_id: string;
  /** "original" for the uploaded file, "text" for the marked text rendition. */
  rendition: string;
  at: string;
  ip: string | null;
}

export interface DocumentMarkingChangeTable {
  id: string;
  document_id: string;
  kind: MarkingChangeKind;
  /** The markings before and after, as JSON. */
  before: string;
  after: string;
  reason: string;
  user_id: string | null;
  at: string;
}

/** A user's own named view of a list: the list's filters as a query string. */
export interface SavedViewTable {
  id: string;
  user_id: string;
  /** Which list: 'scorecard' or 'documents'. */
  list: string;
  name: string;
  query: string;
  created_at: string;
}

export interface Schema {
  euci_signatories: EuciSignatoryTable;
  euci_requests: EuciRequestTable;
  documents: DocumentTable;
  document_number_sequences: DocumentNumberSequenceTable;
  document_releases: DocumentReleaseTable;
  document_recipients: DocumentRecipientTable;
  document_links: DocumentLinkTable;
  document_files: DocumentFileTable;
  document_file_contents: DocumentFileContentTable;
  document_sealed_texts: DocumentSealedTextTable;
  document_clear_texts: DocumentClearTextTable;
  text_extraction_jobs: TextExtractionJobTable;
  document_downloads: DocumentDownloadTable;
  document_marking_changes: DocumentMarkingChangeTable;
  organisations: OrganisationTable;
  organisation_names: OrganisationNameTable;
  chair_years: ChairYearTable;
  report_obligations: ReportObligationTable;
  reports: ReportTable;
  report_sections: ReportSectionTable;
  report_contributions: ReportContributionTable;
  report_signoffs: ReportSignoffTable;
  report_versions: ReportVersionTable;
  record_sources: RecordSourceTable;
  users: UserTable;
  sessions: SessionTable;
  user_factors: UserFactorTable;
  recovery_codes: RecoveryCodeTable;
  pending_sign_ins: PendingSignInTable;
  passkey_challenges: PasskeyChallengeTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  password_resets: PasswordResetTable;
  sso_identities: SsoIdentityTable;
  sso_attempts: SsoAttemptTable;
  audit_log: AuditLogTable;
  priority_frameworks: PriorityFrameworkTable;
  priority_groups: PriorityGroupTable;
  priority_sections: PrioritySectionTable;
  priority_lines: PriorityLineTable;
  priority_references: PriorityReferenceTable;
  priority_principles: PriorityPrincipleTable;
  meetings: MeetingTable;
  meeting_invitations: MeetingInvitationTable;
  meeting_participants: MeetingParticipantTable;
  meeting_agenda_items: MeetingAgendaItemTable;
  meeting_agenda_priority_lines: MeetingAgendaPriorityLineTable;
  meeting_decisions: MeetingDecisionTable;
  meeting_action_points: MeetingActionPointTable;
  calendar_feeds: CalendarFeedTable;
  mail_queue: MailQueueTable;
  priority_answers: PriorityAnswerTable;
  priority_revisions: PriorityRevisionTable;
  scorecard_activities: ScorecardActivityTable;
  scorecard_activity_lines: ScorecardActivityLineTable;
  scorecard_activity_organisations: ScorecardActivityOrganisationTable;
  scorecard_activity_tags: ScorecardActivityTagTable;
  scorecard_indicators: ScorecardIndicatorTable;
  scorecard_deliverables: ScorecardDeliverableTable;
  scorecard_updates: ScorecardUpdateTable;
  scorecard_revisions: ScorecardRevisionTable;
  scorecard_revision_snapshots: ScorecardRevisionSnapshotTable;
  saved_views: SavedViewTable;
  notifications: NotificationTable;
  notification_preferences: NotificationPreferenceTable;
  toolboxes: ToolboxTable;
  toolbox_themes: ToolboxThemeTable;
  toolbox_offers: ToolboxOfferTable;
  toolbox_offer_themes: ToolboxOfferThemeTable;
  toolbox_offer_revisions: ToolboxOfferRevisionTable;
  trainings: TrainingTable;
  training_organisations: TrainingOrganisationTable;
  training_topics: TrainingTopicTable;
  training_revisions: TrainingRevisionTable;
  products: ProductTable;
  product_agencies: ProductAgencyTable;
  product_topics: ProductTopicTable;
  product_countries: ProductCountryTable;
  product_languages: ProductLanguageTable;
  product_lines: ProductLineTable;
  product_activities: ProductActivityTable;
  activity_offers: ActivityOfferTable;
}

export type NotificationKind =
  'meeting_invitation' | 'consultation_open' | 'document_release' | 'action_point';

/** Something that waits for a user; its subject is named by id and read through its own rule. */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  /** A meeting, a version of the priorities, a document or an action point, by `kind`. */
  subject_id: string;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPreferenceTable {
  user_id: string;
  daily_digest: number;
  last_digest_at: string | null;
  updated_at: string;
}

/** An analytical product or report of the index (section 2.1 of the 2017 paper). */
export interface ProductTable {
  id: string;
  title: string;
  summary: string;
  kind: string;
  /** The editions of one periodic product share a series; empty for a product on its own. */
  series: string;
  year: number;
  /** Dates as YYYY-MM-DD. */
  period_start: string | null;
  period_end: string | null;
  published_on: string | null;
  periodicity: string;
  audience: string;
  released_to_observers: number;
  public_url: string | null;
  file_type: string | null;
  document_id: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProductAgencyTable {
  product_id: string;
  organisation_id: string;
  position: number;
}

export interface ProductTopicTable {
  product_id: string;
  topic: string;
}

/** A country as the EU's country authority table codes it (ISO 3166-1 alpha-3). */
export interface ProductCountryTable {
  product_id: string;
  country: string;
}

/** A language as the EU's language authority table codes it ("ENG"). */
export interface ProductLanguageTable {
  product_id: string;
  language: string;
}

export interface ProductLineTable {
  product_id: string;
  line_key: string;
  position: number;
}

/** A scorecard activity that delivers the product. */
export interface ProductActivityTable {
  product_id: string;
  activity_id: string;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type OrganisationName = Selectable<OrganisationNameTable>;
export type ChairYear = Selectable<ChairYearTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Meeting = Selectable<MeetingTable>;
export type MailMessage = Selectable<MailQueueTable>;

/** A matrix of what the agencies offer in one field (migration, foreign terrorist fighters). */
export interface ToolboxTable {
  id: string;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A column of a toolbox's matrix, in order. */
export interface ToolboxThemeTable {
  id: string;
  toolbox_id: string;
  position: number;
  title: string;
  description: string;
}

/** What an agency offers: a row of the matrix, covering one or more themes. */
export type ToolboxOfferKind = 'service' | 'product' | 'tool' | 'expertise' | 'training' | 'data';
export const toolboxOfferKinds: readonly ToolboxOfferKind[] = [
  'service',
  'product',
  'tool',
  'expertise',
  'training',
  'data',
];

export interface ToolboxOfferTable {
  id: string;
  toolbox_id: string;
  organisation_id: string;
  kind: ToolboxOfferKind;
  title: string;
  description: string;
  access_conditions: string;
  contact_point: string;
  legal_basis: string;
  /** 1 when observers read it; 0 keeps it inside the network. */
  released_to_observers: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** An offer of a toolbox that a joint activity uses or contributes to. */
export interface ActivityOfferTable {
  activity_id: string;
  offer_id: string;
}

export interface ToolboxOfferThemeTable {
  offer_id: string;
  theme_id: string;
}

/** Every accepted change of an offer: the offer as it then was, as JSON. */
export interface ToolboxOfferRevisionTable {
  offer_id: string;
  version: number;
  recorded_at: string;
  recorded_by: string | null;
  summary: 'created' | 'edited' | 'imported';
  snapshot: string;
}

/** A joint training of the training matrix, kept by the agency that organises it. */
export interface TrainingTable {
  id: string;
  /** The year of its first day: the matrix and its annual report are by year. */
  year: number;
  title: string;
  organiser_id: string;
  kind: string;
  audience: string;
  start_on: string;
  end_on: string;
  place: string;
  /** Language codes between bars: "|en|fr|". */
  languages: string;
  capacity: number | null;
  participants: number | null;
  offer_url: string | null;
  released_to_observers: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An agency that co-organises a training. */
export interface TrainingOrganisationTable {
  training_id: string;
  organisation_id: string;
}

export interface TrainingTopicTable {
  training_id: string;
  topic: string;
}

/** A training at one of its versions: who recorded it, what changed, and the whole record. */
export interface TrainingRevisionTable {
  training_id: string;
  version: number;
  recorded_at: string;
  recorded_by: string | null;
  summary: string;
  /** JSON list of the fields this version changed. */
  changed_fields: string;
  /** JSON of the training as it was at this version. */
  snapshot: string;
}
