import path from 'node:path';
import { euciCeilingNames } from './db/schema.js';
import { ssoProviders, type SsoProvider } from './features/accounts/sso/sso.config.js';
import { HostListError, parseHostList } from './db/host-list.js';

/**
 * The platform's configuration, read once from the environment at start and validated.
 * Every variable is documented here and in docs/configuration.md.
 */
export interface Config {
  /** `PORT`: TCP port of the HTTP server. Default 3000. */
  port: number;
  /** `HOST`: interface to listen on. Default 127.0.0.1 (use 0.0.0.0 behind a load balancer). */
  host: string;
  /** `DATA_DIR`: where the embedded database lives. Default ./data. */
  dataDir: string;
  /** `DATABASE_URL`: a postgres:// URL switches from the embedded SQLite to PostgreSQL. */
  databaseUrl: string | undefined;
  /** `JHANET_DEMO`: seed the demo network into an empty database at start. Default off. */
  demo: boolean;
  /** `NODE_ENV`: "production" (default), "development" or "test". */
  environment: 'production' | 'development' | 'test';
  /** `LOG_LEVEL`: pino level. Default info (silent in tests). */
  logLevel: string;
  /** `JHANET_SESSION_IDLE_MINUTES`: a session unused for this long ends. Default 30. */
  sessionIdleMinutes: number;
  /** `JHANET_SESSION_MAX_HOURS`: a session ends this long after login whatever its use. Default 12. */
  sessionMaxHours: number;
  /** `JHANET_TRUST_PROXY`: trust X-Forwarded-* from a reverse proxy. Default off. */
  trustProxy: boolean;
  /**
   * `JHANET_REQUIRE_SECOND_FACTOR`: who must sign in with a second factor. "privileged"
   * (default): administrators and users with an EUCI clearance; "all": everyone; "optional":
   * nobody, refused in production (for tests and a local demo only).
   */
  requireSecondFactor: SecondFactorRequirement;
  /**
   * `JHANET_PUBLIC_URL`: the address users reach the platform at, for links in e-mail and
   * calendar feeds, and the relying party of passkeys (its host and origin). Default
   * http://localhost:PORT.
   */
  publicUrl: string;
  mail: MailConfig;
  documents: DocumentsConfig;
  parsing: ParsingConfig;
  backup: BackupConfig;
  /** `JHANET_SSO_PROVIDERS`: identity providers users may sign in with. Default none. */
  sso: SsoProvider[];
  catalogue: CatalogueConfig;
}

/** What the open data catalogue of the public products (DCAT-AP) says of itself. */
export interface CatalogueConfig {
  /**
   * `JHANET_CATALOGUE_CONTACT_NAME`: who answers questions on the catalogue's datasets. Default
   * "JHA agencies' network secretariat".
   */
  contactName: string;
  /**
   * `JHANET_CATALOGUE_CONTACT_EMAIL`: the mailbox of that contact. Unset: each dataset names its
   * producing agency as contact, with the agency's page on the platform.
   */
  contactEmail: string | null;
  /**
   * `JHANET_CATALOGUE_LICENCE`: the licence of the products' distributions and of the catalogue,
   * as a URI of the EU licence table. Default CC BY 4.0.
   */
  licence: string;
}

/** Backups that `jhanet serve` takes once a day, and how many it keeps. */
export interface BackupConfig {
  /** `JHANET_BACKUP_DIR`: where scheduled backups go. Unset: no scheduled backups. */
  dir: string | null;
  /** `JHANET_BACKUP_KEEP_DAILY`: the latest backup of each of this many latest days is kept. Default 7. */
  keepDaily: number;
  /** `JHANET_BACKUP_KEEP_WEEKLY`: and the latest of each of this many latest weeks. Default 4. */
  keepWeekly: number;
  /** `JHANET_BACKUP_HOUR`: the hour (UTC, 0 to 23) from which the day's backup is taken. Default 2. */
  hour: number;
}

/**
 * The caps under which untrusted files are read (text extraction, workbook import): each is read
 * in a parser process that is killed when it passes its memory or time cap.
 */
export interface ParsingConfig {
  /**
   * `JHANET_PARSE_SLOTS`: parser processes each server process runs at most at once. Text
   * extraction uses all of them but one, which is kept for workbook imports. Default 2.
   */
  slots: number;
  /** `JHANET_PARSE_TIMEOUT_SECONDS`: the longest one file may take to read. Default 60. */
  timeoutMs: number;
  /**
   * `JHANET_PARSE_MEMORY_MB`: the memory a parser process may hold, as the kernel counts it
   * (resident set, buffers and native memory included); also its JavaScript heap limit. Default 512.
   */
  memoryBytes: number;
  /**
   * `JHANET_UNPACK_MAX_MB`: the most an uploaded ZIP package (.xlsx, .docx) may unpack to, counted
   * as it inflates, whatever it declares. Default 100.
   */
  maxUnpackedBytes: number;
  /** `JHANET_UNPACK_MAX_ENTRY_MB`: the most one part of such a package may unpack to. Default 50. */
  maxEntryBytes: number;
  /**
   * `JHANET_EXTRACTION_POLL_SECONDS`: how often a process looks for text to extract that another
   * process queued (uploads to this process start at once). Default 5.
   */
  pollSeconds: number;
}

export interface DocumentsConfig {
  /**
   * `JHANET_EUCI_CEILING`: the highest EU classification this deployment is accredited to hold:
   * none (default), restreint, confidentiel, secret or tres_secret. Files above it are refused and
   * only a reference record is kept. As a level: 0 (none) to 4 (TRES SECRET UE).
   */
  euciCeiling: number;
  /** `JHANET_MAX_FILE_MB`: the largest file a document version may be, in MiB. Default 25. */
  maxFileBytes: number;
  /**
   * `JHANET_FILE_KEYS`: the AES-256 keys that encrypt files at rest, as `id:base64key` separated
   * by commas, the current key first. Unset: a key file `file-keys` in DATA_DIR, made on first
   * start (single machine only; required when several processes share PostgreSQL in production).
   */
  fileKeys: string | null;
}

export type SmtpTls = 'starttls' | 'tls' | 'none';

export interface SmtpConfig {
  /** `JHANET_SMTP_HOST`: the SMTP server. Unset: mail is queued but not sent. */
  host: string;
  /** `JHANET_SMTP_PORT`: default 587, or 465 with `JHANET_SMTP_TLS=tls`. */
  port: number;
  /**
   * `JHANET_SMTP_TLS`: "starttls" (default: upgrade, and refuse a server that cannot), "tls"
   * (TLS from the first byte, usually port 465) or "none" (plain text; for a relay on loopback).
   */
  tls: SmtpTls;
  /** `JHANET_SMTP_USER` and `JHANET_SMTP_PASSWORD`: credentials, both or neither. */
  user: string | undefined;
  password: string | undefined;
}

export interface MailConfig {
  /** Null when no SMTP host is configured. */
  smtp: SmtpConfig | null;
  /** `JHANET_MAIL_FROM`: the sender, such as "JHA network <network@example.eu>". Required with a host. */
  from: string;
  /** `JHANET_MAIL_POLL_SECONDS`: how often a process looks for mail to send. Default 30. */
  pollSeconds: number;
  /**
   * `JHANET_MAIL_ORGANISER`: the mailbox named as organiser of meeting invitations and calendar
   * files, where calendar answers and replies go, such as "Network secretariat
   * <secretariat@example.eu>". Default: the sender. Empty when neither is set.
   */
  organiser: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

function environment(env: Env): Config['environment'] {
  const raw = env.NODE_ENV ?? 'production';
  if (raw === 'production' || raw === 'development' || raw === 'test') return raw;
  throw new ConfigError(`NODE_ENV must be production, development or test, not "${raw}"`);
}

export type SecondFactorRequirement = 'privileged' | 'all' | 'optional';

function requireSecondFactor(env: Env, nodeEnv: Config['environment']): SecondFactorRequirement {
  const raw = env.JHANET_REQUIRE_SECOND_FACTOR ?? '';
  if (raw === '' || raw === 'privileged') return 'privileged';
  if (raw === 'all') return 'all';
  if (raw === 'optional' && nodeEnv !== 'production') return 'optional';
  throw new ConfigError(
    nodeEnv === 'production' && raw === 'optional'
      ? 'JHANET_REQUIRE_SECOND_FACTOR=optional is refused in production: administrators and cleared users must use a second factor'
      : `JHANET_REQUIRE_SECOND_FACTOR must be privileged or all, not "${raw}"`,
  );
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  try {
    parseHostList(raw);
  } catch (error) {
    if (error instanceof HostListError) throw new ConfigError(`DATABASE_URL: ${error.message}`);
    throw error;
  }
  return raw;
}

function publicUrl(env: Env, port: number): string {
  const raw = env.JHANET_PUBLIC_URL;
  if (raw === undefined || raw === '') return `http://localhost:${port}`;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`JHANET_PUBLIC_URL must be an http:// or https:// URL, not "${raw}"`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search !== '' || parsed.hash !== '')
    throw new ConfigError(`JHANET_PUBLIC_URL must be an http:// or https:// URL, not "${raw}"`);
  return parsed.href.replace(/\/$/, '');
}

const CC_BY_4_0 = 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0';

function catalogue(env: Env): CatalogueConfig {
  const name = env.JHANET_CATALOGUE_CONTACT_NAME?.trim();
  const email = env.JHANET_CATALOGUE_CONTACT_EMAIL?.trim();
  if (email && !/^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/.test(email))
    throw new ConfigError(
      `JHANET_CATALOGUE_CONTACT_EMAIL must be an address such as secretariat@example.eu, not "${email}"`,
    );
  const licence = env.JHANET_CATALOGUE_LICENCE?.trim();
  if (
    licence &&
    !/^http:\/\/publications\.europa\.eu\/resource\/authority\/licence\/[A-Z0-9_-]+$/.test(licence)
  )
    throw new ConfigError(
      `JHANET_CATALOGUE_LICENCE must be a URI of the EU licence table, such as ${CC_BY_4_0}, not "${licence}"`,
    );
  return {
    contactName: name || "JHA agencies' network secretariat",
    contactEmail: email || null,
    licence: licence || CC_BY_4_0,
  };
}

/** A mailbox "Name <address>" or a bare address. */
const MAILBOX = /@[^@\s>]+>?$/;

function organiser(env: Env, from: string): string {
  const raw = env.JHANET_MAIL_ORGANISER;
  if (raw === undefined || raw.trim() === '') return from;
  if (!MAILBOX.test(raw.trim()))
    throw new ConfigError(
      `JHANET_MAIL_ORGANISER must be an address such as "Network secretariat <secretariat@example.eu>", not "${raw}"`,
    );
  return raw.trim();
}

function mail(env: Env): MailConfig {
  const host = env.JHANET_SMTP_HOST;
  const from = env.JHANET_MAIL_FROM ?? '';
  const pollSeconds = integer(env, 'JHANET_MAIL_POLL_SECONDS', 30, 1, 3600);
  if (host === undefined || host === '')
    return { smtp: null, from, pollSeconds, organiser: organiser(env, from) };
  const tlsRaw =
    env.JHANET_SMTP_TLS === undefined || env.JHANET_SMTP_TLS === ''
      ? 'starttls'
      : env.JHANET_SMTP_TLS;
  if (tlsRaw !== 'starttls' && tlsRaw !== 'tls' && tlsRaw !== 'none')
    throw new ConfigError(`JHANET_SMTP_TLS must be starttls, tls or none, not "${tlsRaw}"`);
  const user = env.JHANET_SMTP_USER === '' ? undefined : env.JHANET_SMTP_USER;
  const password = env.JHANET_SMTP_PASSWORD === '' ? undefined : env.JHANET_SMTP_PASSWORD;
  if ((user === undefined) !== (password === undefined))
    throw new ConfigError(
      'JHANET_SMTP_USER and JHANET_SMTP_PASSWORD go together: set both or neither',
    );
  if (!MAILBOX.test(from.trim()))
    throw new ConfigError(
      'JHANET_MAIL_FROM must be set with JHANET_SMTP_HOST, as an address such as "JHA network <network@example.eu>"',
    );
  return {
    smtp: {
      host,
      port: integer(env, 'JHANET_SMTP_PORT', tlsRaw === 'tls' ? 465 : 587, 1, 65535),
      tls: tlsRaw,
      user,
      password,
    },
    from,
    pollSeconds,
    organiser: organiser(env, from),
  };
}

function documents(env: Env): DocumentsConfig {
  const ceiling =
    env.JHANET_EUCI_CEILING === undefined || env.JHANET_EUCI_CEILING === ''
      ? 'none'
      : env.JHANET_EUCI_CEILING;
  const level = (euciCeilingNames as readonly string[]).indexOf(ceiling);
  if (level < 0)
    throw new ConfigError(
      `JHANET_EUCI_CEILING must be one of ${euciCeilingNames.join(', ')}, not "${ceiling}"`,
    );
  const keys = env.JHANET_FILE_KEYS;
  return {
    euciCeiling: level,
    maxFileBytes: integer(env, 'JHANET_MAX_FILE_MB', 25, 1, 1024) * 1024 * 1024,
    fileKeys: keys === undefined || keys.trim() === '' ? null : keys.trim(),
  };
}

const MEBIBYTE = 1024 * 1024;

function parsing(env: Env): ParsingConfig {
  const maxUnpackedMb = integer(env, 'JHANET_UNPACK_MAX_MB', 100, 1, 4096);
  const maxEntryMb = integer(env, 'JHANET_UNPACK_MAX_ENTRY_MB', 50, 1, 4096);
  if (maxEntryMb > maxUnpackedMb)
    throw new ConfigError(
      `JHANET_UNPACK_MAX_ENTRY_MB (${String(maxEntryMb)}) cannot be more than JHANET_UNPACK_MAX_MB (${String(maxUnpackedMb)})`,
    );
  return {
    slots: integer(env, 'JHANET_PARSE_SLOTS', 2, 1, 64),
    timeoutMs: integer(env, 'JHANET_PARSE_TIMEOUT_SECONDS', 60, 1, 3600) * 1000,
    memoryBytes: integer(env, 'JHANET_PARSE_MEMORY_MB', 512, 128, 65536) * MEBIBYTE,
    maxUnpackedBytes: maxUnpackedMb * MEBIBYTE,
    maxEntryBytes: maxEntryMb * MEBIBYTE,
    pollSeconds: integer(env, 'JHANET_EXTRACTION_POLL_SECONDS', 5, 1, 3600),
  };
}

function backup(env: Env): BackupConfig {
  const dir = env.JHANET_BACKUP_DIR;
  return {
    dir: dir === undefined || dir.trim() === '' ? null : path.resolve(dir.trim()),
    keepDaily: integer(env, 'JHANET_BACKUP_KEEP_DAILY', 7, 1, 3660),
    keepWeekly: integer(env, 'JHANET_BACKUP_KEEP_WEEKLY', 4, 0, 520),
    hour: integer(env, 'JHANET_BACKUP_HOUR', 2, 0, 23),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = environment(env);
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const documentsConfig = documents(env);
  if (nodeEnv === 'production' && databaseUrl(env) && documentsConfig.fileKeys === null)
    throw new ConfigError(
      'JHANET_FILE_KEYS must be set with DATABASE_URL: every process sharing the database must encrypt and decrypt files with the same keys (see docs/configuration.md)',
    );
  return {
    port,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data'),
    databaseUrl: databaseUrl(env),
    demo: flag(env, 'JHANET_DEMO', false),
    environment: nodeEnv,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    sessionIdleMinutes: integer(env, 'JHANET_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'JHANET_SESSION_MAX_HOURS', 12, 1, 24 * 7),
    trustProxy: flag(env, 'JHANET_TRUST_PROXY', false),
    requireSecondFactor: requireSecondFactor(env, nodeEnv),
    publicUrl: publicUrl(env, port),
    mail: mail(env),
    documents: documentsConfig,
    parsing: parsing(env),
    backup: backup(env),
    sso: ssoProviders(env.JHANET_SSO_PROVIDERS),
    catalogue: catalogue(env),
  };
}
