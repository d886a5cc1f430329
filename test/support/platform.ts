import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { openPostgres, openSqlite, type Database } from '../../src/db/database.js';
import { recordQuery } from './query-count.js';
import type { Services } from '../../src/app/services.js';
import type { Role } from '../../src/db/schema.js';
import { systemContext } from '../../src/features/audit/audit.events.js';
import { seedDemoNetwork } from '../../src/features/network/demo.js';
import { startPlatform } from '../../src/platform.js';
import { generateKeySpec } from '../../src/features/documents/file-crypto.js';
import type { OpenApiDocument } from '../../src/app/openapi/openapi-types.js';
import { assertDocumented, conformanceTo } from './openapi-conformance.js';

/** Which database the suite runs on: TEST_DB=sqlite (default) or postgres. */
export const testDb = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of the kind under test; `drop` closes and removes it. */
export async function freshDatabase(): Promise<{
  database: Database;
  url?: string;
  drop: () => Promise<void>;
}> {
  if (testDb === 'sqlite') {
    const database = openSqlite(':memory:', recordQuery);
    return { database, drop: () => database.close() };
  }
  const name = `jhanet_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4, recordQuery);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  organisation: string;
}

/** A signed-in client: the session cookie and the CSRF token it must send on writes. */
export interface Session {
  user: TestUser;
  cookie: string;
  csrfToken: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  as?: Session | null;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface TestPlatform {
  app: FastifyInstance;
  services: Services;
  config: Config;
  /** Creates an account at an organisation (by acronym) with a known password. */
  user(role: Role, organisation?: string): Promise<TestUser>;
  login(user: TestUser): Promise<Session>;
  /** A new account of the role, signed in. */
  session(role: Role, organisation?: string): Promise<Session>;
  request(options: RequestOptions): Promise<LightMyRequestResponse>;
  /** `request` as a session, in the short form most tests write: address, method, body, headers. */
  api(
    session: Session,
    url: string,
    method?: RequestOptions['method'],
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * Holds every answer a test receives through `app.inject` to the platform's OpenAPI document, so
 * that a test fails, naming the operation and what differs, when the API answers otherwise than
 * documented (see openapi-conformance.ts).
 */
function holdAnswersToDocument(app: FastifyInstance): void {
  const inject = app.inject.bind(app);
  const checked = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options);
    const sent = response.raw.req;
    assertDocumented(conformanceTo(app.swagger() as unknown as OpenApiDocument), {
      method: sent.method ?? 'GET',
      url: sent.url ?? '/',
      statusCode: response.statusCode,
      headers: response.headers,
      body: response.body,
    });
    return response;
  };
  // Only the promise form is checked; the chained and callback forms go through as they are.
  app.inject = ((options?: InjectOptions | string, ...rest: unknown[]) =>
    options === undefined || rest.length > 0
      ? (inject as (...args: unknown[]) => unknown)(options, ...rest)
      : checked(options)) as typeof app.inject;
}

/**
 * A running platform on a fresh database of the kind under test (or the one given, which it
 * drops on closing), with the demo registry (agencies, bodies, chairs) and no accounts.
 */
export async function testPlatform(
  overrides: Partial<Config> = {},
  store?: { database: Database; drop: () => Promise<void> },
): Promise<TestPlatform> {
  const { database, drop } = store ?? (await freshDatabase());
  const defaults = loadConfig({ NODE_ENV: 'test' });
  // A data directory of its own (the audit log's anchors live there), removed on close.
  const ownDataDir =
    overrides.dataDir === undefined ? mkdtempSync(path.join(tmpdir(), 'jhanet-test-')) : null;
  const config: Config = {
    ...defaults,
    // Tests sign in as administrators by the hundred: a second factor is asked only of accounts
    // that have one, unless a test asks for the platform's own rule (second-factor tests do).
    requireSecondFactor: 'optional',
    ...(ownDataDir ? { dataDir: ownDataDir } : {}),
    ...overrides,
    // Files are sealed with a key made for this platform alone: no key file is written.
    documents: { ...defaults.documents, fileKeys: generateKeySpec('test'), ...overrides.documents },
  };
  const platform = await startPlatform(config, { database, logger: false });
  await seedDemoNetwork(platform.services, { withUsers: false });
  const { app, services } = platform;
  holdAnswersToDocument(app);

  const request = (options: RequestOptions) => {
    const headers: Record<string, string> = { ...options.headers };
    const method = options.method ?? (options.form ? 'POST' : 'GET');
    if (options.as) {
      headers.cookie = `jhanet_session=${options.as.cookie}`;
      if (method !== 'GET' && method !== 'HEAD' && !options.form) {
        headers['x-csrf-token'] ??= options.as.csrfToken;
      }
    }
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      return app.inject({
        method,
        url: options.url,
        headers,
        payload: new URLSearchParams(options.form).toString(),
      });
    }
    return app.inject({
      method,
      url: options.url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
  };

  const user = async (role: Role, organisation = 'Europol'): Promise<TestUser> => {
    const org = await services.network.get(organisation);
    userCounter += 1;
    const domain = org.acronym.toLowerCase().replace(/[^a-z]/g, '');
    const email = `${role}${userCounter}.${randomBytes(3).toString('hex')}@${domain}.example.eu`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const created = await services.users.create(systemContext, {
      email,
      name: `${role} ${userCounter}`,
      organisationId: org.id,
      role,
      password,
    });
    return { id: created.user.id, email, password, role, organisation: org.acronym };
  };

  const login = async (u: TestUser): Promise<Session> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: u.email, password: u.password },
    });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'jhanet_session');
    if (!cookie) throw new Error('login set no session cookie');
    const body = response.json<{ csrfToken: string }>();
    return { user: u, cookie: cookie.value, csrfToken: body.csrfToken };
  };

  return {
    app,
    services,
    config,
    user,
    login,
    session: async (role, organisation) => login(await user(role, organisation)),
    request,
    api: (session, url, method = 'GET', body, headers) =>
      request({
        url,
        as: session,
        method,
        ...(body !== undefined ? { body } : {}),
        ...(headers ? { headers } : {}),
      }),
    close: async () => {
      await app.close();
      await drop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
