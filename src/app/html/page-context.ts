import type { Actor } from '../access.js';
import type { Translate } from '../i18n/i18n.js';

/** What every page component needs to know about the request it renders for. */
export interface PageContext {
  readonly actor: Actor | null;
  readonly locale: string;
  readonly t: Translate;
  /** The token forms must echo back; tied to the session, or to a cookie before sign-in. */
  readonly csrfToken: string;
  readonly path: string;
  readonly requestId: string;
  /** Unread notifications of the signed-in user, for the header; null when not counted. */
  readonly unreadNotifications: number | null;
  /**
   * Between the password and the second factor: not signed in yet, nor signed out, so the header
   * offers neither the menu nor "Sign in".
   */
  readonly signingIn?: boolean;
}
