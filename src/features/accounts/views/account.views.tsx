import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { type MessageKey } from '../../../app/i18n/i18n.js';
import { roles, type Role } from '../../../db/schema.js';

export const USERS_PAGE_SIZE = 25;

export const roleLabels: Record<Role, MessageKey> = {
  admin: 'role.admin',
  contact: 'role.contact',
  member: 'role.member',
  observer: 'role.observer',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A language in its own language, as language pickers show them. */
export function languageName(code: string): string {
  return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
}

export const SECRET_SLOT = '\u0000';

/**
 * A message with a secret (a token, a password) in it, the secret set apart so it can be read and
 * copied exactly. The catalogue decides where in the sentence it goes.
 */
export function SecretMessage({ message, secret }: { message: string; secret: string }): Html {
  const [before = '', after = ''] = message.split(SECRET_SLOT);
  return (
    <p class="ecl-u-type-paragraph">
      {before}
      <code class="jh-secret">{secret}</code>
      {after}
    </p>
  );
}

/** The administrator's page of an account, or one of its forms. */
export function userPath(id: string, suffix = ''): string {
  return `/users/${encodeURIComponent(id)}${suffix}`;
}

export function BackLink({ href, children }: { href: string; children?: Child }): Html {
  return (
    <p>
      <a class="ecl-link ecl-link--standalone" href={href}>
        {children}
      </a>
    </p>
  );
}
