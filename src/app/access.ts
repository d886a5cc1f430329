import type { Role } from '../db/schema.js';

/** Who is making a request, resolved from a session cookie or an API token. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly organisationId: string;
  readonly organisationAcronym: string;
  readonly role: Role;
  readonly locale: string | null;
  readonly via:
    | { readonly kind: 'session'; readonly sessionId: string; readonly csrfToken: string }
    | { readonly kind: 'token'; readonly tokenId: string };
}

/**
 * An access rule a route declares. Rules are values, not strings, so a typo is a compile error
 * and every rule in use can be found by reference.
 */
export interface AccessRule {
  /** Read in error messages, docs and the OpenAPI document. */
  readonly description: string;
  /** Whether a caller who is not signed in may pass. */
  readonly anonymous: boolean;
  allows(actor: Actor | null): boolean;
}

export const anyone: AccessRule = {
  description: 'anyone, signed in or not',
  anonymous: true,
  allows: () => true,
};

export const signedIn: AccessRule = {
  description: 'any signed-in user',
  anonymous: false,
  allows: (actor) => actor !== null,
};

export function hasRole(...allowed: Role[]): AccessRule {
  return {
    description: `signed-in users with role ${allowed.join(' or ')}`,
    anonymous: false,
    allows: (actor) => actor !== null && allowed.includes(actor.role),
  };
}

export const administrators = hasRole('admin');

/**
 * Signed in through a browser session, which a password and the session's CSRF token stand
 * behind; an API token does not pass. Credentials (API tokens, calendar feed addresses) are made
 * only this way: a credential that could mint others would outlive its own revocation.
 */
export const inSession: AccessRule = {
  description: 'signed-in users in a browser session, not with an API token',
  anonymous: false,
  allows: (actor) => actor?.via.kind === 'session',
};

/** Narrows a possibly anonymous actor once a rule that needs sign-in has passed. */
export function requireActor(actor: Actor | null): Actor {
  if (actor === null)
    throw new Error('route needs a signed-in actor but declared anonymous access');
  return actor;
}
