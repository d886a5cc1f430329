import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about one of its people: its subject is the account's key. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/**
 * A real OpenID provider (oidc-provider) on a random port of this machine, with the clients
 * given, the accounts the test puts in `accounts`, and a sign-in that is a form post naming the
 * account (its development interactions). `substituteIdToken` replaces the ID token of the next
 * token answer: a provider that hands out a token made for someone else.
 */
export interface TestProvider {
  issuer: string;
  accounts: Map<string, ProviderAccount>;
  substituteIdToken: string | null;
  close(): Promise<void>;
}

export async function startTestProvider(clients: readonly TestClient[]): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The e-mail claims in the ID token itself, as EU Login sends them.
    conformIdTokenClaims: false,
    pkce: { required: () => true, methods: ['S256'] },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    // Every client may have the person's openid, email and profile scopes: no consent screen.
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string } };
    }) => {
      const grant = new provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const testProvider: TestProvider = {
    issuer,
    accounts,
    substituteIdToken: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
  provider.use(async (ctx, next) => {
    await next();
    const substitute = testProvider.substituteIdToken;
    if (ctx.path === '/token' && ctx.method === 'POST' && substitute !== null) {
      testProvider.substituteIdToken = null;
      ctx.body = { ...(ctx.body as Record<string, unknown>), id_token: substitute };
    }
  });
  server.on('request', provider.callback());
  return testProvider;
}

/** A browser's cookies, by name, for one host. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Follows the provider's redirects from an authorization address, signs in as `accountId` on its
 * login form, and returns the address it sends the browser back to (the client's callback).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  accountId: string,
  redirectUri: string,
  jar = new CookieJar(),
): Promise<URL> {
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.href.startsWith(redirectUri)) return url;
    const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    const response = interaction
      ? await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie: jar.header(),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' }),
        })
      : await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location === null)
      throw new Error(
        `the provider answered ${response.status} at ${url.pathname}: ${await response.text()}`,
      );
    url = new URL(location, url);
  }
  throw new Error('the provider redirected more than ten times');
}
