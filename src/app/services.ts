import { SecondFactors } from '../features/accounts/second-factor/second-factors.service.js';
import { SecondStep } from '../features/accounts/second-factor/second-step.js';
import { PendingSignIns } from '../features/accounts/second-factor/pending-sign-ins.js';
import { Passkeys, relyingPartyOf } from '../features/accounts/second-factor/passkeys.service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ApiTokens } from '../features/accounts/api-tokens.js';
import { Login } from '../features/accounts/login.js';
import { Sessions } from '../features/accounts/sessions.js';
import { AccountSessions } from '../features/accounts/account-sessions.js';
import { Users } from '../features/accounts/users.service.js';
import { Passwords } from '../features/accounts/passwords.js';
import { SingleSignOn } from '../features/accounts/sso/sso.service.js';
import { SsoIdentities } from '../features/accounts/sso/sso-identities.service.js';
import { PasswordMail } from '../features/accounts/password.mail.js';
import { AuditAnchors } from '../features/audit/audit.anchors.js';
import { AuditLog } from '../features/audit/audit.service.js';
import { AuditFingerprints } from '../features/audit/audit.fingerprints.js';
import { Network } from '../features/network/network.service.js';
import { PriorityComparison } from '../features/priorities/priorities.compare.js';
import { PriorityConsultation } from '../features/priorities/priorities.consultation.js';
import { PriorityDrafting } from '../features/priorities/priorities.drafting.js';
import { Priorities } from '../features/priorities/priorities.service.js';
import { Scorecard } from '../features/scorecard/scorecard.service.js';
import { ScorecardTransfer } from '../features/scorecard/scorecard.transfer.js';
import { MailQueue } from '../features/mail/mail-queue.js';
import { Meetings } from '../features/meetings/meetings.service.js';
import { MeetingMail } from '../features/meetings/meetings.mail.js';
import { CalendarFeeds } from '../features/meetings/calendar-feeds.js';
import { Documents } from '../features/documents/documents.service.js';
import { DocumentFileStore } from '../features/documents/documents.files.js';
import { DocumentTexts } from '../features/documents/document-texts.js';
import { EuciAgreement } from '../features/documents/euci.service.js';
import { TextExtractionQueue } from '../features/documents/text-extraction-queue.js';
import { loadOrCreateKeyFile, parseFileKeys } from '../features/documents/file-crypto.js';
import path from 'node:path';
import { Parsers } from './parsing/parsers.js';
import { Notifications } from '../features/notifications/notifications.service.js';
import { Reports } from '../features/reporting/reports.service.js';
import { ReportContributions } from '../features/reporting/reports.contributions.service.js';
import { ReportSignoffs } from '../features/reporting/reports.signoff.service.js';
import { ReportVersions } from '../features/reporting/reports.versions.js';
import { YearInfographic } from '../features/reporting/reports.infographic.js';
import { Toolboxes } from '../features/toolboxes/toolboxes.service.js';
import { ToolboxTransfer } from '../features/toolboxes/toolboxes.transfer.js';
import { Trainings } from '../features/training/training.service.js';
import { TrainingTransfer } from '../features/training/training.transfer.js';
import { Products } from '../features/products/products.service.js';
import { ProductsTransfer } from '../features/products/products.transfer.js';

/** The feature services of one running platform, each given only what it needs. */
export interface Services {
  readonly config: Config;
  readonly database: Database;
  readonly audit: AuditLog;
  readonly sessions: Sessions;
  readonly login: Login;
  readonly secondFactors: SecondFactors;
  readonly secondStep: SecondStep;
  readonly passkeys: Passkeys;
  readonly pendingSignIns: PendingSignIns;
  readonly users: Users;
  readonly tokens: ApiTokens;
  readonly accountSessions: AccountSessions;
  readonly network: Network;
  readonly priorities: Priorities;
  readonly priorityDrafting: PriorityDrafting;
  readonly priorityConsultation: PriorityConsultation;
  readonly priorityComparison: PriorityComparison;
  readonly scorecard: Scorecard;
  readonly scorecardTransfer: ScorecardTransfer;
  readonly mail: MailQueue;
  readonly meetings: Meetings;
  readonly calendarFeeds: CalendarFeeds;
  readonly documents: Documents;
  readonly documentFiles: DocumentFileStore;
  readonly documentTexts: DocumentTexts;
  readonly euci: EuciAgreement;
  readonly parsers: Parsers;
  readonly textExtractionQueue: TextExtractionQueue;
  readonly notifications: Notifications;
  readonly passwords: Passwords;
  readonly sso: SingleSignOn;
  readonly ssoIdentities: SsoIdentities;
  readonly reports: Reports;
  readonly reportContributions: ReportContributions;
  readonly reportSignoffs: ReportSignoffs;
  readonly reportVersions: ReportVersions;
  readonly yearInfographic: YearInfographic;
  readonly toolboxes: Toolboxes;
  readonly toolboxTransfer: ToolboxTransfer;
  readonly trainings: Trainings;
  readonly trainingTransfer: TrainingTransfer;
  readonly products: Products;
  readonly productsTransfer: ProductsTransfer;
}

/** The keys files are sealed with: from configuration, else the data directory's key file. */
function fileKeys(config: Config) {
  return parseFileKeys(
    config.documents.fileKeys ?? loadOrCreateKeyFile(path.join(config.dataDir, 'file-keys')),
  );
}

/** Where the heads of the audit chain are anchored: beside the database, never in it. */
export function auditAnchorFile(config: Config): string {
  return path.join(config.dataDir, 'audit-anchors.jsonl');
}

/** Extracted text beyond this many characters is cut off (and the file marked truncated). */
const MAX_TEXT_CHARS = 1_000_000;

/** The parser processes of this server process, under the configured caps. */
function parsersOf(config: Config): Parsers {
  const { parsing } = config;
  return new Parsers({
    slots: parsing.slots,
    caps: { timeoutMs: parsing.timeoutMs, memoryBytes: parsing.memoryBytes },
    unpack: { maxTotalBytes: parsing.maxUnpackedBytes, maxEntryBytes: parsing.maxEntryBytes },
    maxTextChars: MAX_TEXT_CHARS,
  });
}

/**
 * A claimed extraction may wait for a slot behind one import, then start a parser process and
 * run to its time cap: its lease covers twice the cap and two minutes for starting.
 */
function extractionLeaseMilliseconds(config: Config): number {
  return 2 * config.parsing.timeoutMs + 2 * 60_000;
}

export function createServices(config: Config, database: Database): Services {
  const keys = fileKeys(config);
  const audit = new AuditLog(
    database,
    new AuditFingerprints(keys.derive('jhanet audit fingerprints 1')),
    new AuditAnchors(auditAnchorFile(config)),
  );
  const sessionPolicy = {
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
  };
  const sessions = new Sessions(database, sessionPolicy);
  const secondFactors = new SecondFactors(database, audit, keys, config.requireSecondFactor);
  const pendingSignIns = new PendingSignIns(database);
  const passkeys = new Passkeys(database, audit, secondFactors, relyingPartyOf(config.publicUrl));
  const login = new Login(database, sessions, audit, secondFactors, pendingSignIns);
  const priorities = new Priorities(database, audit);
  const scorecard = new Scorecard(database, audit);
  const mail = new MailQueue(database);
  const documentFiles = new DocumentFileStore(keys);
  const documentTexts = new DocumentTexts(database.dialect.name, keys);
  const parsers = parsersOf(config);
  const textExtractionQueue = new TextExtractionQueue(
    database,
    extractionLeaseMilliseconds(config),
  );
  const network = new Network(database, audit);
  const toolboxes = new Toolboxes(database, audit);
  const products = new Products(database, audit);
  const documents = new Documents(
    database,
    audit,
    documentFiles,
    documentTexts,
    textExtractionQueue,
    { euciCeiling: config.documents.euciCeiling, maxFileBytes: config.documents.maxFileBytes },
  );
  const trainings = new Trainings(database, audit);
  return {
    config,
    database,
    audit,
    sessions,
    login,
    secondFactors,
    pendingSignIns,
    passkeys,
    secondStep: new SecondStep(database, login, secondFactors, pendingSignIns, keys, passkeys),
    users: new Users(database, audit),
    tokens: new ApiTokens(database, audit),
    accountSessions: new AccountSessions(database, audit, sessionPolicy),
    network,
    priorities,
    priorityDrafting: new PriorityDrafting(database, audit),
    priorityConsultation: new PriorityConsultation(database, audit),
    priorityComparison: new PriorityComparison(priorities),
    scorecard,
    scorecardTransfer: new ScorecardTransfer(database, scorecard, audit, parsers),
    mail,
    meetings: new Meetings(
      database,
      audit,
      mail,
      new MeetingMail(config.publicUrl, config.mail.organiser),
    ),
    calendarFeeds: new CalendarFeeds(database, audit),
    documents,
    documentFiles,
    documentTexts,
    euci: new EuciAgreement(database, audit),
    parsers,
    textExtractionQueue,
    notifications: new Notifications(database, audit, documentTexts, mail, config.publicUrl),
    passwords: new Passwords(database, audit, mail, new PasswordMail(config.publicUrl)),
    sso: new SingleSignOn(config, database, sessions, audit, secondFactors, pendingSignIns),
    ssoIdentities: new SsoIdentities(config, database, audit),
    reports: new Reports({ database, audit, network, scorecard, priorities, documents, products }),
    reportContributions: new ReportContributions({ database, audit }),
    reportSignoffs: new ReportSignoffs({ database, audit }),
    reportVersions: new ReportVersions({ database }),
    yearInfographic: new YearInfographic({ database, scorecard, priorities, network }),
    toolboxes,
    toolboxTransfer: new ToolboxTransfer(database, toolboxes, audit, parsers),
    trainings,
    trainingTransfer: new TrainingTransfer(database, trainings, audit, parsers),
    products,
    productsTransfer: new ProductsTransfer(database, products, audit, parsers),
  };
}
