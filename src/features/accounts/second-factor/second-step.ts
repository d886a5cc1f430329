import { AppError } from '../../../app/errors.js';
import type { Database } from '../../../db/database.js';
import type { AuditContext } from '../../audit/audit.events.js';
import type { FileKeyRing } from '../../documents/file-crypto.js';
import {
  AccountLockedError,
  signInPausedUntil,
  type Client,
  type Login,
  type SignedIn,
  type SignInUser,
} from '../login.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { PendingSignIn, PendingSignIns } from './pending-sign-ins.js';
import { labelOf, PasskeyRefusedError, type Passkeys } from './passkeys.service.js';
import { replaceRecoveryCodes } from './recovery-codes.js';
import { openSecret, sealSecret } from './sealed-secret.js';
import type { SecondFactors, TotpOffer } from './second-factors.service.js';
import { base32Encode, matchingStep, newTotpSecret, otpauthUri } from './totp.js';

/** The cookie of the half-signed-in state; read only by the second-step routes. */
export const PENDING_COOKIE = 'jhanet_pending';

export class SecondStepExpiredError extends AppError {
  constructor() {
    super(
      'second_step_expired',
      401,
      'The sign-in has expired or was not started: sign in with your password again.',
    );
  }
}

export class SecondFactorFailedError extends AppError {
  constructor(message = 'The code is not correct, or was already used.') {
    super('second_factor_failed', 401, message);
  }
}

/** A passkey's answer that was not accepted: wrong, for another challenge, or used before. */
export class PasskeyFailedError extends SecondFactorFailedError {
  constructor() {
    super('The passkey was not accepted. Try again, or use a code.');
  }
}

/**
 * The second step of signing in, after the password: prove a factor held, or (for a user who
 * must have one and has none) set up an authenticator app. A wrong code counts as a failed
 * sign-in, so the lock rules of passwords hold for codes too.
 */
export class SecondStep {
  constructor(
    private readonly database: Database,
    private readonly login: Login,
    private readonly factors: SecondFactors,
    private readonly pending: PendingSignIns,
    private readonly keys: FileKeyRing,
    private readonly passkeys: Passkeys,
  ) {}

  /** The half-signed-in state of a cookie in the stage asked for; else the sign-in has expired. */
  async current(
    cookieValue: string | undefined,
    stage?: 'verify' | 'enrol',
  ): Promise<PendingSignIn> {
    const found = await this.pending.resolve(cookieValue);
    if (!found || (stage !== undefined && found.stage !== stage))
      throw new SecondStepExpiredError();
    return found;
  }

  async verify(
    cookieValue: string | undefined,
    code: string,
    client: Client,
    context: AuditContext,
  ): Promise<SignedIn> {
    const pending = await this.current(cookieValue, 'verify');
    const user = await this.userOf(pending.userId);
    await this.refuseWhilePaused(user.email);
    const signedIn = await this.database.db.transaction().execute(async (trx) => {
      const proof = await this.factors.proveCode(trx, context, user.id, code);
      if (proof === null) return null;
      await this.pending.end(trx, pending.id);
      return this.login.complete(trx, user, client, context, proof);
    });
    if (signedIn) return signedIn;
    await this.login.failSecondFactor(user.email, client, context);
    throw new SecondFactorFailedError();
  }

  /** The authenticator app secret offered to a user who must set one up; the same until used. */
  async enrolOffer(cookieValue: string | undefined): Promise<TotpOffer> {
    const pending = await this.current(cookieValue, 'enrol');
    const user = await this.userOf(pending.userId);
    let secret: Buffer;
    if (pending.totpSecret) {
      secret = openSecret(this.keys, pending.totpSecret, pending.id);
    } else {
      secret = newTotpSecret();
      await this.pending.remember(pending.id, {
        totp_secret: sealSecret(this.keys, secret, pending.id),
      });
    }
    return {
      id: pending.id.slice(0, 16),
      secret: base32Encode(secret),
      uri: otpauthUri(secret, 'jhanet', user.email),
    };
  }

  /** Sets up the offered app with its first code and completes the sign-in. */
  async enrolConfirm(
    cookieValue: string | undefined,
    code: string,
    client: Client,
    context: AuditContext,
  ): Promise<SignedIn & { recoveryCodes: string[] }> {
    const pending = await this.current(cookieValue, 'enrol');
    const user = await this.userOf(pending.userId);
    await this.refuseWhilePaused(user.email);
    if (!pending.totpSecret) throw new SecondStepExpiredError();
    const secret = openSecret(this.keys, pending.totpSecret, pending.id);
    const step = matchingStep(secret, code.trim(), Date.now());
    if (step === null) {
      await this.login.failSecondFactor(user.email, client, context);
      throw new SecondFactorFailedError();
    }
    return this.database.db.transaction().execute(async (trx) => {
      const actorContext = {
        ...context,
        actor: {
          userId: user.id,
          email: user.email,
          organisationAcronym: user.organisationAcronym,
        },
      };
      const recoveryCodes = await this.factors.enrolProven(
        trx,
        actorContext,
        user.id,
        secret,
        step,
      );
      await this.pending.end(trx, pending.id);
      const signedIn = await this.login.complete(trx, user, client, context, 'totp');
      return { ...signedIn, recoveryCodes };
    });
  }

  /**
   * The options for signing in with one of the user's passkeys; the challenge is kept on the
   * half-signed-in state, replacing any earlier one.
   */
  async passkeyOptions(
    cookieValue: string | undefined,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const pending = await this.current(cookieValue, 'verify');
    const options = await this.passkeys.requestOptions(pending.userId);
    await this.pending.remember(pending.id, { challenge: options.challenge });
    return options;
  }

  /**
   * Signs in with a passkey's answer to the challenge of this half-signed-in state. The
   * challenge is used up first, whatever the answer, so an answer is good once. A refused
   * answer counts as a failed sign-in, as a wrong code does.
   */
  async verifyPasskey(
    cookieValue: string | undefined,
    response: AuthenticationResponseJSON,
    client: Client,
    context: AuditContext,
  ): Promise<SignedIn> {
    const pending = await this.current(cookieValue, 'verify');
    const user = await this.userOf(pending.userId);
    await this.refuseWhilePaused(user.email);
    const challenge = await this.claimChallenge(pending);
    const claim =
      challenge === null
        ? null
        : await this.passkeys.prove(this.asUser(context, user), user.id, response, challenge);
    const signedIn = claim
      ? await this.database.db.transaction().execute(async (trx) => {
          if (!(await this.passkeys.useCounter(trx, claim))) return null;
          await this.pending.end(trx, pending.id);
          return this.login.complete(trx, user, client, context, 'passkey');
        })
      : null;
    if (signedIn) return signedIn;
    await this.login.failSecondFactor(user.email, client, context);
    throw new PasskeyFailedError();
  }

  /** The options for creating a passkey, for a user who must set up a factor at sign-in. */
  async enrolPasskeyOptions(
    cookieValue: string | undefined,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const pending = await this.current(cookieValue, 'enrol');
    const user = await this.userOf(pending.userId);
    const options = await this.passkeys.creationOptions(this.database.db, user);
    await this.pending.remember(pending.id, { challenge: options.challenge });
    return options;
  }

  /** Sets up the passkey the browser created for this sign-in's challenge, and signs in. */
  async enrolPasskey(
    cookieValue: string | undefined,
    name: string,
    response: RegistrationResponseJSON,
    client: Client,
    context: AuditContext,
  ): Promise<SignedIn & { recoveryCodes: string[] }> {
    const pending = await this.current(cookieValue, 'enrol');
    const label = labelOf(name);
    const user = await this.userOf(pending.userId);
    await this.refuseWhilePaused(user.email);
    const challenge = await this.claimChallenge(pending);
    if (challenge === null) throw new PasskeyRefusedError();
    const passkey = await this.passkeys.verifyCreation(response, challenge);
    return this.database.db.transaction().execute(async (trx) => {
      const actorContext = this.asUser(context, user);
      await this.passkeys.store(trx, actorContext, user.id, label, passkey);
      const recoveryCodes = await replaceRecoveryCodes(trx, user.id);
      await this.pending.end(trx, pending.id);
      const signedIn = await this.login.complete(trx, user, client, context, 'passkey');
      return { ...signedIn, recoveryCodes };
    });
  }

  /** Takes the WebAuthn challenge of a half-signed-in state, once; null when there is none. */
  private async claimChallenge(pending: PendingSignIn): Promise<string | null> {
    if (pending.challenge === null) return null;
    const taken = await this.database.db
      .updateTable('pending_sign_ins')
      .set({ challenge: null })
      .where('id', '=', pending.id)
      .where('challenge', '=', pending.challenge)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? pending.challenge : null;
  }

  /** The audit context of what the signing-in user does before the session exists. */
  private asUser(context: AuditContext, user: SignInUser): AuditContext {
    return {
      ...context,
      actor: { userId: user.id, email: user.email, organisationAcronym: user.organisationAcronym },
    };
  }

  private async refuseWhilePaused(email: string): Promise<void> {
    const until = await signInPausedUntil(this.database.db, email);
    if (until) throw new AccountLockedError(until);
  }

  private async userOf(userId: string): Promise<SignInUser> {
    const row = await this.database.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.email', 'organisations.acronym'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    return { id: row.id, email: row.email, organisationAcronym: row.acronym };
  }
}
