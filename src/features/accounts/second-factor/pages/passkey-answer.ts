import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../../../app/errors.js';
import type { Translate } from '../../../../app/i18n/i18n.js';
import {
  authenticationResponseOf,
  PasskeyKnownError,
  PasskeyRefusedError,
  registrationResponseOf,
} from '../passkeys.service.js';
import {
  AuthenticationResponseSchema,
  RegistrationResponseSchema,
} from '../second-factor.schema.js';
import { PasskeyFailedError } from '../second-step.js';

/**
 * A passkey's answer as a form sends it (JSON that public/passkeys.js put in a hidden field),
 * held to the same schema as the API's. Empty means the page ran without JavaScript.
 */
function parsed<S extends TSchema>(schema: S, text: string, t: Translate): Static<S> {
  if (text.trim() === '')
    throw new AppError('passkey_needs_script', 400, t('factor.passkey.needsScript'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('passkey_refused', 400, t('factor.passkey.failed'));
  }
  if (!Value.Check(schema, value))
    throw new AppError('passkey_refused', 400, t('factor.passkey.failed'));
  return value;
}

export function registrationAnswer(text: string, t: Translate): RegistrationResponseJSON {
  return registrationResponseOf(parsed(RegistrationResponseSchema, text, t));
}

export function assertionAnswer(text: string, t: Translate): AuthenticationResponseJSON {
  return authenticationResponseOf(parsed(AuthenticationResponseSchema, text, t));
}

/** A refused passkey, in the page's words, as an error of the whole form. */
export async function inPageWords<T>(t: Translate, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PasskeyRefusedError || error instanceof PasskeyFailedError)
      throw new AppError(error.code, 400, t('factor.passkey.failed'));
    if (error instanceof PasskeyKnownError)
      throw new AppError(error.code, 409, t('factor.passkey.known'));
    throw error;
  }
}
