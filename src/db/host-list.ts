/**
 * A PostgreSQL connection URL that may name several hosts, as libpq writes it:
 * `postgres://user:password@db1:5432,db2:5433/jhanet?sslmode=require`. node-postgres reads one
 * host only, so the list is taken apart here and each host gets a URL of its own.
 */

export interface DatabaseHost {
  /** A name or an address; an IPv6 address without its brackets. */
  host: string;
  port: number;
}

export interface HostList {
  /** `postgres://` or `postgresql://`. */
  scheme: string;
  /** Still percent-encoded, as in the URL; empty when the URL has none. */
  user: string;
  password: string;
  hosts: DatabaseHost[];
  /** The database path and the query (`/jhanet?sslmode=require`), unchanged. */
  rest: string;
}

const DEFAULT_PORT = 5432;

/** Why a connection URL was refused, in words fit for a configuration error. */
export class HostListError extends Error {}

function parsePort(text: string, entry: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    throw new HostListError(`the port of "${entry}" must be a number from 1 to 65535`);
  return Number(text);
}

function parseHost(entry: string): DatabaseHost {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(entry);
  if (bracketed?.[1] !== undefined)
    return {
      host: bracketed[1],
      port: bracketed[2] === undefined ? DEFAULT_PORT : parsePort(bracketed[2], entry),
    };
  const colon = entry.lastIndexOf(':');
  const host = colon === -1 ? entry : entry.slice(0, colon);
  if (host === '' || /[\s[\]@/]/.test(host))
    throw new HostListError(`"${entry}" is not a host name or address`);
  return { host, port: colon === -1 ? DEFAULT_PORT : parsePort(entry.slice(colon + 1), entry) };
}

export function parseHostList(url: string): HostList {
  const scheme = /^postgres(?:ql)?:\/\//.exec(url)?.[0];
  if (scheme === undefined)
    throw new HostListError('it must start with postgres:// or postgresql://');
  const afterScheme = url.slice(scheme.length);
  const authorityEnd = afterScheme.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const rest = authorityEnd === -1 ? '' : afterScheme.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at);
  const hostPart = at === -1 ? authority : authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  // No host at all reads as node-postgres reads it: this machine, over TCP.
  const entries = hostPart === '' ? ['localhost'] : hostPart.split(',');
  // libpq reads an empty host as the local socket; the platform connects over TCP only.
  if (entries.some((entry) => entry === ''))
    throw new HostListError(
      'every host of the list must be named (postgres://user@db1,db2/jhanet)',
    );
  return {
    scheme,
    user: colon === -1 ? userInfo : userInfo.slice(0, colon),
    password: colon === -1 ? '' : userInfo.slice(colon + 1),
    hosts: entries.map(parseHost),
    rest,
  };
}

function formatHost({ host, port }: DatabaseHost): string {
  return `${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
}

function userInfoOf(list: HostList, withPassword: boolean): string {
  if (list.user === '' && (list.password === '' || !withPassword)) return '';
  return withPassword && list.password !== '' ? `${list.user}:${list.password}@` : `${list.user}@`;
}

/** The URL of one host of the list, for node-postgres. */
export function urlOfHost(list: HostList, host: DatabaseHost): string {
  return `${list.scheme}${userInfoOf(list, true)}${formatHost(host)}${list.rest}`;
}

/**
 * The whole list as libpq reads it, without the password (passed in the environment instead), and
 * asking for the host that accepts writes: PostgreSQL's own programs then reach the same server
 * as the platform.
 */
export function libpqUrlWithoutPassword(list: HostList): string {
  const hosts = list.hosts.map(formatHost).join(',');
  const base = `${list.scheme}${userInfoOf(list, false)}${hosts}${list.rest}`;
  if (list.hosts.length === 1 || /[?&]target_session_attrs=/.test(list.rest)) return base;
  return `${base}${list.rest.includes('?') ? '&' : '?'}target_session_attrs=read-write`;
}

/** "db1:5432, db2:5433": the list in words, for logs and messages. */
export function describeHosts(hosts: readonly DatabaseHost[]): string {
  return hosts.map(formatHost).join(', ');
}
