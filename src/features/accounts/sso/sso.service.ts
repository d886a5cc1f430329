import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Config } from '../../../config.js';
import type { Database, Trx } from '../../../db/database.js';
import type { AuditLog } from '../../audit/audit.service.js';
import type { AuditContext } from '../../audit/audit.events.js';
import { hashPassword, randomSecret, secretHash } from '../secrets.js';
import type { Client, HalfSignedIn, SignedIn } from '../login.js';
import type { Sessions } from '../sessions.js';
import type { PendingSignIns } from '../second-factor/pending-sign-ins.js';
import type { SecondFactors } from '../second-factor/second-factors.service.js';
import { isLoopbackUrl, type SsoProvider } from './sso.config.js';
import { insertIdentity } from './sso-identities.service.js';

/** How long a browser has to come back from the provider. */
export const ATTEMPT_MINUTES = 10;

/** Why a sign-in was refused: recorded in the audit log, never told apart to the user. */
export type RefusalReason =
  | 'unknown_provider'
  | 'attempt_unknown'
  | 'provider_error'
  | 'provider_unreachable'
  | 'verification_failed'
  | 'no_account'
  | 'email_not_verified'
  | 'not_allowed'
  | 'disabled';

export class SsoRefusedError extends Error {
  constructor(readonly reason: RefusalReason) {
    super(`Single sign-on refused: ${reason}`);
  }
}

/**
 * Where a sign-in through a provider ends: a session, or, for a user who must prove a second
 * factor, the half-signed-in state that the second step of signing in takes over, as after a
 * password. What the provider proved stands in for the password, never for the second factor.
 */
export type SsoSession = (SignedIn | HalfSignedIn) & { nextPath: string };

/** The claims of a verified ID token this platform reads; nothing in them grants a role. */
interface Identity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Sign-in through an OpenID Connect provider: the authorization code flow with PKCE (S256),
 * state and nonce per attempt, kept in the database and used once. openid-client checks the ID
 * token's issuer, audience, expiry and nonce; this class decides which account, if any, it opens.
 */
export class SingleSignOn {
  /** Discovery documents, per provider: a cache only, any process may fetch its own. */
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>();

  constructor(
    private readonly config: Config,
    private readonly database: Database,
    private readonly sessions: Sessions,
    private readonly audit: AuditLog,
    private readonly secondFactors: SecondFactors,
    private readonly pending: PendingSignIns,
  ) {}

  get providers(): readonly SsoProvider[] {
    return this.config.sso;
  }

  provider(id: string): SsoProvider | undefined {
    return this.config.sso.find((p) => p.id === id);
  }

  callbackUrl(provider: SsoProvider): string {
    return `${this.config.publicUrl}/login/sso/${provider.id}/callback`;
  }

  /**
   * Starts an attempt: returns the provider's authorization address and the secret for the
   * browser's attempt cookie, which alone finds the attempt again.
   */
  async start(
    providerId: string,
    nextPath: string,
  ): Promise<{ authorizationUrl: string; attemptSecret: string }> {
    const provider = this.provider(providerId);
    if (!provider) throw new SsoRefusedError('unknown_provider');
    const configuration = await this.configuration(provider);
    const attemptSecret = randomSecret();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = Date.now();
    await this.database.db
      .deleteFrom('sso_attempts')
      .where('expires_at', '<', new Date(now).toISOString())
      .execute();
    await this.database.db
      .insertInto('sso_attempts')
      .values({
        id: secretHash(attemptSecret),
        provider: provider.id,
        state,
        nonce,
        code_verifier: codeVerifier,
        next_path: nextPath,
        expires_at: new Date(now + ATTEMPT_MINUTES * 60_000).toISOString(),
      })
      .execute();
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(provider),
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { authorizationUrl: authorizationUrl.href, attemptSecret };
  }

  /**
   * Completes an attempt from the provider's answer (the callback's query string): the attempt is
   * taken once, the code exchanged, the ID token verified, the account found and a session
   * started, audited. Any refusal is audited with its reason and thrown as SsoRefusedError.
   */
  async complete(
    providerId: string,
    attemptSecret: string | undefined,
    query: string,
    client: Client,
    context: AuditContext,
  ): Promise<SsoSession> {
    let identity: Identity | null = null;
    try {
      const provider = this.provider(providerId);
      if (!provider) throw new SsoRefusedError('unknown_provider');
      const attempt = await this.takeAttempt(provider, attemptSecret);
      identity = await this.verify(provider, attempt, query);
      return await this.openSession(provider, identity, attempt.next_path, client, context);
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      await this.audit.recordAlone(context, {
        action: 'session.sso_refused',
        targetType: 'session',
        targetId: null,
        changes: {
          provider: providerId.slice(0, 32),
          reason: error.reason,
          ...(identity ? { issuer: identity.issuer, subject: identity.subject } : {}),
        },
      });
      throw error;
    }
  }

  private configuration(provider: SsoProvider): Promise<oidc.Configuration> {
    let found = this.discovered.get(provider.id);
    if (!found) {
      const issuer = new URL(provider.issuer);
      found = oidc.discovery(
        issuer,
        provider.clientId,
        provider.clientSecret,
        oidc.ClientSecretBasic(provider.clientSecret),
        isLoopbackUrl(issuer) && issuer.protocol === 'http:'
          ? // Plain HTTP only to a provider on this machine (configuration refuses it elsewhere).
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated to stand out, not to go
            { execute: [oidc.allowInsecureRequests] }
          : undefined,
      );
      // A provider that was down is asked again next time, not remembered as down.
      found.catch(() => this.discovered.delete(provider.id));
      this.discovered.set(provider.id, found);
    }
    return found.catch(() => {
      throw new SsoRefusedError('provider_unreachable');
    });
  }

  /** The attempt of this browser, removed as it is read: a second use finds nothing. */
  private async takeAttempt(provider: SsoProvider, attemptSecret: string | undefined) {
    if (!attemptSecret) throw new SsoRefusedError('attempt_unknown');
    const id = secretHash(attemptSecret);
    const attempt = await this.database.db
      .selectFrom('sso_attempts')
      .selectAll()
      .where('id', '=', id)
      .where('provider', '=', provider.id)
      .executeTakeFirst();
    if (!attempt) throw new SsoRefusedError('attempt_unknown');
    const taken = await this.database.db
      .deleteFrom('sso_attempts')
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(taken.numDeletedRows) !== 1 || attempt.expires_at <= new Date().toISOString())
      throw new SsoRefusedError('attempt_unknown');
    return attempt;
  }

  private async verify(
    provider: SsoProvider,
    attempt: { state: string; nonce: string; code_verifier: string },
    query: string,
  ): Promise<Identity> {
    const configuration = await this.configuration(provider);
    const answer = new URL(this.callbackUrl(provider));
    answer.search = query;
    if (answer.searchParams.has('error')) throw new SsoRefusedError('provider_error');
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, answer, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
    } catch {
      // A wrong state, a used code, a token for another client or issuer, an expired token, a
      // wrong nonce: all are answers this platform cannot trust, and none needs telling apart.
      throw new SsoRefusedError('verification_failed');
    }
    const claims = tokens.claims();
    if (!claims) throw new SsoRefusedError('verification_failed');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : null,
    };
  }

  private async openSession(
    provider: SsoProvider,
    identity: Identity,
    nextPath: string,
    client: Client,
    context: AuditContext,
  ): Promise<SsoSession> {
    return this.database.db.transaction().execute(async (trx) => {
      const found = await this.findAccount(trx, provider, identity);
      const user = found ?? (await this.createAccount(trx, provider, identity, context));
      if (user.disabledAt !== null) throw new SsoRefusedError('disabled');
      if (!this.fits(provider, user)) throw new SsoRefusedError('not_allowed');
      const proven = {
        provider: provider.id,
        issuer: identity.issuer,
        subject: identity.subject,
        matchedBy: user.matchedBy,
      };
      const actor = { userId: user.id, email: user.email, organisationAcronym: user.acronym };
      const stage = await this.secondFactors.stageAfterPassword(trx, user.id);
      if (stage !== 'none') {
        const pending = await this.pending.start(trx, user.id, stage, client);
        await this.audit.record(
          trx,
          { ...context, actor },
          {
            action: 'session.sso_second_step',
            targetType: 'user',
            targetId: user.id,
            changes: { ...proven, secondFactor: stage },
          },
        );
        return { kind: 'second_factor', stage, userId: user.id, ...pending, nextPath };
      }
      await trx
        .updateTable('users')
        .set({ last_login_at: new Date().toISOString() })
        .where('id', '=', user.id)
        .execute();
      const session = await this.sessions.start(trx, user.id, client);
      await this.audit.record(
        trx,
        { ...context, actor },
        {
          action: 'session.sso_sign_in',
          targetType: 'session',
          targetId: session.sessionId.slice(0, 16),
          changes: proven,
        },
      );
      return {
        kind: 'session',
        cookieValue: session.cookieValue,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        userId: user.id,
        nextPath,
      };
    });
  }

  /** The account this identity opens: one bound to its subject, else one with its verified e-mail. */
  private async findAccount(trx: Trx, provider: SsoProvider, identity: Identity) {
    const accounts = trx
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.email',
        'users.disabled_at as disabledAt',
        'organisations.acronym',
      ]);
    const bound = await accounts
      .innerJoin('sso_identities', 'sso_identities.user_id', 'users.id')
      .where('sso_identities.issuer', '=', identity.issuer)
      .where('sso_identities.subject', '=', identity.subject)
      .executeTakeFirst();
    if (bound) return { ...bound, matchedBy: 'subject' as const };
    if (identity.email === null) throw new SsoRefusedError('no_account');
    if (!identity.emailVerified) throw new SsoRefusedError('email_not_verified');
    const byEmail = await accounts.where('users.email', '=', identity.email).executeTakeFirst();
    if (byEmail) return { ...byEmail, matchedBy: 'email' as const };
    if (!provider.createAccounts) throw new SsoRefusedError('no_account');
    return null;
  }

  /** Whether an account may sign in through this provider: its agency and e-mail domains. */
  private fits(provider: SsoProvider, user: { email: string; acronym: string }): boolean {
    if (provider.agency !== null && provider.agency !== user.acronym) return false;
    return (
      provider.emailDomains.length === 0 || provider.emailDomains.includes(domainOf(user.email))
    );
  }

  /**
   * A first sign-in where configuration allows it: an observer account (the lowest role) at the
   * provider's agency, bound to the subject. An administrator gives it more rights, or not.
   */
  private async createAccount(
    trx: Trx,
    provider: SsoProvider,
    identity: Identity,
    context: AuditContext,
  ) {
    const email = identity.email ?? '';
    if (provider.emailDomains.length > 0 && !provider.emailDomains.includes(domainOf(email)))
      throw new SsoRefusedError('not_allowed');
    const organisation = await trx
      .selectFrom('organisations')
      .select(['id', 'acronym'])
      .where('acronym', '=', provider.agency ?? '')
      .executeTakeFirst();
    if (!organisation) throw new SsoRefusedError('not_allowed');
    const id = randomUUID();
    const now = new Date().toISOString();
    const name = identity.name || email;
    await trx
      .insertInto('users')
      .values({
        id,
        email,
        name,
        organisation_id: organisation.id,
        role: 'observer',
        locale: null,
        // A password no one knows: the account signs in through its provider until one is set.
        password_hash: await hashPassword(randomSecret()),
        disabled_at: null,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertIdentity(trx, { userId: id, provider, subject: identity.subject, createdBy: null });
    await this.audit.record(trx, context, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      changes: {
        email: { after: email },
        name: { after: name },
        organisation_id: { after: organisation.id },
        role: { after: 'observer' },
        via: { provider: provider.id, subject: identity.subject },
      },
    });
    return {
      id,
      email,
      disabledAt: null,
      acronym: organisation.acronym,
      matchedBy: 'created' as const,
    };
  }
}
