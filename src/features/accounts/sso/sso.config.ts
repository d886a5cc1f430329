import { ConfigError } from '../../../config.js';

/** One identity provider users may sign in with: an agency's own, or EU Login. */
export interface SsoProvider {
  /** Names the provider in addresses (`/login/sso/<id>`) and the audit log: a-z, 0-9, dashes. */
  id: string;
  /** The issuer, exactly as its discovery document and ID tokens name it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button: "Sign in with <label>". */
  label: string;
  /** When not empty, only accounts whose e-mail address is in one of these domains sign in here. */
  emailDomains: string[];
  /** The acronym of the agency this provider serves: only its accounts sign in here. */
  agency: string | null;
  /** Whether a first sign-in with a verified, unknown address may create an account. */
  createAccounts: boolean;
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function fail(index: number, message: string): never {
  throw new ConfigError(`JHANET_SSO_PROVIDERS[${index}]: ${message}`);
}

function text(entry: Record<string, unknown>, key: string, index: number, max: number): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    fail(index, `"${key}" must be text of 1 to ${max} characters`);
  return value.trim();
}

/**
 * Plain HTTP reaches a provider on this machine only (a development or test provider): anywhere
 * else the codes, tokens and client secret would cross the network in clear.
 */
export function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function issuer(entry: Record<string, unknown>, index: number): string {
  const raw = text(entry, 'issuer', index, 2000);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(index, `"issuer" must be a URL, not "${raw}"`);
  }
  const secure =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(parsed));
  if (!secure || parsed.search !== '' || parsed.hash !== '')
    fail(index, `"issuer" must be an https:// URL (http:// only on localhost), not "${raw}"`);
  return raw;
}

function provider(entry: unknown, index: number): SsoProvider {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    fail(index, 'must be an object');
  const record = entry as Record<string, unknown>;
  const known = [
    'id',
    'issuer',
    'clientId',
    'clientSecret',
    'label',
    'emailDomains',
    'agency',
    'createAccounts',
  ];
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) fail(index, `unknown setting ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const id = text(record, 'id', index, 32);
  if (!PROVIDER_ID.test(id)) fail(index, `"id" must be lower-case letters, digits and dashes`);
  const domains = record.emailDomains ?? [];
  if (
    !Array.isArray(domains) ||
    !domains.every((d): d is string => typeof d === 'string' && DOMAIN.test(d.toLowerCase()))
  )
    fail(index, '"emailDomains" must be a list of domain names such as "fra.europa.eu"');
  const agency = record.agency === undefined ? null : text(record, 'agency', index, 32);
  const createAccounts = record.createAccounts ?? false;
  if (typeof createAccounts !== 'boolean') fail(index, '"createAccounts" must be true or false');
  if (createAccounts && agency === null)
    fail(index, '"createAccounts" needs "agency": a new account must belong to an agency');
  return {
    id,
    issuer: issuer(record, index),
    clientId: text(record, 'clientId', index, 255),
    clientSecret: text(record, 'clientSecret', index, 1000),
    label: text(record, 'label', index, 60),
    emailDomains: domains.map((d) => d.toLowerCase()),
    agency,
    createAccounts,
  };
}

/** `JHANET_SSO_PROVIDERS`: a JSON list of providers (see docs/configuration.md). Unset: none. */
export function ssoProviders(raw: string | undefined): SsoProvider[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('JHANET_SSO_PROVIDERS must be a JSON list of providers');
  }
  if (!Array.isArray(parsed)) throw new ConfigError('JHANET_SSO_PROVIDERS must be a JSON list');
  const providers = parsed.map(provider);
  const ids = new Set(providers.map((p) => p.id));
  if (ids.size !== providers.length)
    throw new ConfigError('JHANET_SSO_PROVIDERS: each provider needs an "id" of its own');
  return providers;
}
