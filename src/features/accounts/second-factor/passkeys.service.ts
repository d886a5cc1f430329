import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Static } from 'typebox';
import type { Actor } from '../../../app/access.js';
import { AppError, ValidationError } from '../../../app/errors.js';
import type { Database, Executor, Trx } from '../../../db/database.js';
import type { AuditLog } from '../../audit/audit.service.js';
import type { AuditContext } from '../../audit/audit.events.js';
import { replaceRecoveryCodes } from './recovery-codes.js';
import { factorView, type FactorView, type SecondFactors } from './second-factors.service.js';
import type {
  AuthenticationResponseSchema,
  RegistrationResponseSchema,
} from './second-factor.schema.js';

/** How long a browser has to answer a passkey challenge, and how long the challenge is kept. */
export const PASSKEY_CHALLENGE_MINUTES = 5;

/** The name a browser shows for the platform beside a passkey. */
const RELYING_PARTY_NAME = 'jhanet';

const KNOWN_TRANSPORTS: readonly AuthenticatorTransportFuture[] = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
];

const isKnownTransport = (t: string): t is AuthenticatorTransportFuture =>
  (KNOWN_TRANSPORTS as readonly string[]).includes(t);

/**
 * Who a passkey belongs to, as WebAuthn names it: the host of the platform's public address (a
 * passkey made for it works on that host and nowhere else) and the origin a browser reports.
 */
export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin };
}

export class PasskeyRefusedError extends AppError {
  constructor() {
    super(
      'passkey_refused',
      400,
      'The passkey could not be verified: its answer did not match what was asked. Try again.',
    );
  }
}

export class PasskeyKnownError extends AppError {
  constructor() {
    super('passkey_known', 409, 'This passkey is already registered.');
  }
}

/** A registration answer that was checked: what is stored of the new passkey. */
export interface VerifiedPasskey {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string | null;
}

/** An accepted sign-in assertion: the counter it moves the passkey's from and to. */
export interface CounterClaim {
  factorId: string;
  stored: number;
  presented: number;
}

/**
 * Passkeys (WebAuthn) as a second factor, kept with the other factors in user_factors: adding
 * one (the challenge kept server-side, bound to the session or the half-signed-in state that
 * asked, and used once) and proving one at sign-in, with the authenticator's signature counter
 * checked so that a cloned authenticator shows itself.
 */
export class Passkeys {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly factors: SecondFactors,
    private readonly relyingParty: RelyingParty,
  ) {}

  /** What the browser needs to create a passkey for a user; the user's own are excluded. */
  async creationOptions(
    db: Executor,
    user: { id: string; email: string },
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const own = await this.passkeysOf(db, user.id);
    return generateRegistrationOptions({
      rpName: RELYING_PARTY_NAME,
      rpID: this.relyingParty.id,
      userName: user.email,
      userDisplayName: user.email,
      // The account's id, not its address: an address can change, the passkey stays the user's.
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      timeout: PASSKEY_CHALLENGE_MINUTES * 60_000,
      excludeCredentials: own.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  }

  /** What the browser needs to sign in with one of the user's passkeys. */
  async requestOptions(userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const own = await this.passkeysOf(this.database.db, userId);
    return generateAuthenticationOptions({
      rpID: this.relyingParty.id,
      allowCredentials: own.map((p) => ({ id: p.credentialId, transports: p.transports })),
      userVerification: 'preferred',
      timeout: PASSKEY_CHALLENGE_MINUTES * 60_000,
    });
  }

  /** Whether the user has a passkey to sign in with. */
  async hasPasskey(userId: string): Promise<boolean> {
    return (await this.passkeysOf(this.database.db, userId)).length > 0;
  }

  /**
   * Starts adding a passkey for a signed-in user: the options, whose challenge is kept bound to
   * this session. Only the latest challenge of a user stays open.
   */
  async offer(actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const sessionId = sessionOf(actor);
    return this.database.db.transaction().execute(async (trx) => {
      const options = await this.creationOptions(trx, { id: actor.userId, email: actor.email });
      const now = new Date();
      await trx.deleteFrom('passkey_challenges').where('user_id', '=', actor.userId).execute();
      await trx
        .insertInto('passkey_challenges')
        .values({
          id: randomUUID(),
          user_id: actor.userId,
          session_id: sessionId,
          challenge: options.challenge,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + PASSKEY_CHALLENGE_MINUTES * 60_000).toISOString(),
        })
        .execute();
      return options;
    });
  }

  /**
   * Adds the passkey a signed-in user's browser created for the offered challenge. The challenge
   * is used up whether or not the answer holds. The first factor of an account comes with ten
   * recovery codes, returned here only.
   */
  async register(
    actor: Actor,
    context: AuditContext,
    name: string,
    response: RegistrationResponseJSON,
  ): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    const label = labelOf(name);
    const challenge = await this.claimSessionChallenge(actor);
    if (challenge === null) throw new PasskeyRefusedError();
    const verified = await this.verifyCreation(response, challenge);
    return this.database.db.transaction().execute(async (trx) => {
      const hadFactor = await this.factors.hasFactor(trx, actor.userId);
      const id = await this.store(trx, context, actor.userId, label, verified);
      const recoveryCodes = hadFactor ? null : await replaceRecoveryCodes(trx, actor.userId);
      const factor = await factorView(trx, id);
      return { factor, recoveryCodes };
    });
  }

  /** Checks a registration answer against the challenge that was sent; refuses a known passkey. */
  async verifyCreation(
    response: RegistrationResponseJSON,
    expectedChallenge: string,
  ): Promise<VerifiedPasskey> {
    let credential;
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        // After a password, the passkey proves possession; a PIN or fingerprint is welcome, not asked.
        requireUserVerification: false,
      });
      if (!result.verified) throw new PasskeyRefusedError();
      credential = result.registrationInfo.credential;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new PasskeyRefusedError();
    }
    const known = await this.database.db
      .selectFrom('user_factors')
      .select('id')
      .where('credential_id', '=', credential.id)
      .executeTakeFirst();
    if (known) throw new PasskeyKnownError();
    const transports = (response.response.transports ?? []).filter(isKnownTransport);
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: transports.length > 0 ? [...new Set(transports)].join(',') : null,
    };
  }

  /** Stores a verified passkey as a confirmed factor of the user, audited; answers its id. */
  async store(
    trx: Trx,
    context: AuditContext,
    userId: string,
    label: string,
    passkey: VerifiedPasskey,
  ): Promise<string> {
    const id = randomUUID();
    const now = new Date().toISOString();
    const inserted = await trx
      .insertInto('user_factors')
      .values({
        id,
        user_id: userId,
        kind: 'passkey',
        label,
        totp_secret: null,
        totp_last_step: null,
        credential_id: passkey.credentialId,
        public_key: passkey.publicKey,
        sign_count: passkey.signCount,
        transports: passkey.transports,
        confirmed_at: now,
        last_used_at: null,
        created_at: now,
      })
      // The same credential stored at the same moment by another request: it is known now.
      .onConflict((conflict) => conflict.column('credential_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new PasskeyKnownError();
    await this.audit.record(trx, context, {
      action: 'factor.passkey_added',
      targetType: 'user',
      targetId: userId,
      changes: { factorId: id, kind: 'passkey', label },
    });
    return id;
  }

  /**
   * Checks a sign-in assertion of one of the user's passkeys against the challenge sent. A
   * validly signed assertion whose counter did not go forward is a sign of a cloned
   * authenticator: it is refused and audited. An accepted one is a claim on the counter, which
   * `useCounter` stores in the sign-in's transaction.
   */
  async prove(
    context: AuditContext,
    userId: string,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
  ): Promise<CounterClaim | null> {
    const passkey = await this.database.db
      .selectFrom('user_factors')
      .select(['id', 'credential_id', 'public_key', 'sign_count'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'passkey')
      .where('credential_id', '=', response.id)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (!passkey?.credential_id || !passkey.public_key) return null;
    const stored = passkey.sign_count ?? 0;
    let presented: number;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        // The counter is checked below, after the signature, so a regression can be told apart.
        credential: {
          id: passkey.credential_id,
          publicKey: Buffer.from(passkey.public_key, 'base64url'),
          counter: 0,
        },
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      presented = result.authenticationInfo.newCounter;
    } catch {
      return null;
    }
    // Authenticators that keep no counter always send 0; any other must count up.
    if ((presented > 0 || stored > 0) && presented <= stored) {
      await this.audit.recordAlone(context, {
        action: 'factor.passkey_counter_regressed',
        targetType: 'factor',
        targetId: passkey.id,
        changes: { userId, storedCounter: stored, presentedCounter: presented },
      });
      return null;
    }
    return { factorId: passkey.id, stored, presented };
  }

  /**
   * Stores the counter of an accepted assertion: one conditional statement, so of two answers
   * with the same counter only one is used. False when another got there first.
   */
  async useCounter(trx: Trx, claim: CounterClaim): Promise<boolean> {
    const claimed = await trx
      .updateTable('user_factors')
      .set({ sign_count: claim.presented, last_used_at: new Date().toISOString() })
      .where('id', '=', claim.factorId)
      .where('sign_count', '=', claim.stored)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  /** Takes the challenge offered to this session, once; null when none is open. */
  private async claimSessionChallenge(actor: Actor): Promise<string | null> {
    const sessionId = sessionOf(actor);
    const db = this.database.db;
    const open = await db
      .selectFrom('passkey_challenges')
      .select(['id', 'challenge'])
      .where('user_id', '=', actor.userId)
      .where('session_id', '=', sessionId)
      .where('expires_at', '>', new Date().toISOString())
      .executeTakeFirst();
    if (!open) return null;
    const taken = await db
      .deleteFrom('passkey_challenges')
      .where('id', '=', open.id)
      .executeTakeFirst();
    return Number(taken.numDeletedRows) === 1 ? open.challenge : null;
  }

  private async passkeysOf(db: Executor, userId: string) {
    const rows = await db
      .selectFrom('user_factors')
      .select(['credential_id', 'transports'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'passkey')
      .where('confirmed_at', 'is not', null)
      .orderBy('created_at')
      .execute();
    return rows.flatMap((row) =>
      row.credential_id
        ? [
            {
              credentialId: row.credential_id,
              transports: (row.transports?.split(',') ?? []).filter(isKnownTransport),
            },
          ]
        : [],
    );
  }
}

/** The session a passkey is added in: only a browser session may add one (usersPolicy). */
function sessionOf(actor: Actor): string {
  if (actor.via.kind !== 'session')
    throw new AppError('session_required', 403, 'A passkey is added in a browser session.');
  return actor.via.sessionId;
}

/** The name a user gave the passkey, such as "Work laptop": trimmed, and not empty. */
/** The passkey's name, tidied; `field` names it in the error (the API's body, or a form's). */
export function labelOf(name: string, field = 'name'): string {
  const label = name.trim().replace(/\s+/g, ' ');
  if (label === '' || label.length > 100 || /\p{C}/u.test(label))
    throw new ValidationError([
      { field, message: 'Give the passkey a name of up to 100 characters.' },
    ]);
  return label;
}

/** A browser's registration answer as the API took it, in the verifier's terms. */
export function registrationResponseOf(
  sent: Static<typeof RegistrationResponseSchema>,
): RegistrationResponseJSON {
  const { transports, ...response } = sent.response;
  return {
    id: sent.id,
    rawId: sent.rawId,
    type: sent.type,
    ...(sent.authenticatorAttachment
      ? { authenticatorAttachment: sent.authenticatorAttachment }
      : {}),
    // Extensions are neither asked for nor used.
    clientExtensionResults: {},
    response: { ...response, transports: (transports ?? []).filter(isKnownTransport) },
  };
}

/** A browser's sign-in answer as the API took it, in the verifier's terms. */
export function authenticationResponseOf(
  sent: Static<typeof AuthenticationResponseSchema>,
): AuthenticationResponseJSON {
  return {
    id: sent.id,
    rawId: sent.rawId,
    type: sent.type,
    ...(sent.authenticatorAttachment
      ? { authenticatorAttachment: sent.authenticatorAttachment }
      : {}),
    clientExtensionResults: {},
    response: sent.response,
  };
}
