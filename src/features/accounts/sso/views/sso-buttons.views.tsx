import { h, type Html } from '../../../../app/html/jsx.js';
import { LinkButton, urlWith } from '../../../../app/html/components.js';
import type { PageContext } from '../../../../app/html/page-context.js';

/** The configured identity providers, as the sign-in page offers them. */
export interface SsoChoice {
  id: string;
  label: string;
}

/** "Sign in with <label>" for each provider, above the password form; nothing without one. */
export function SsoButtons({
  ctx,
  providers,
  next,
}: {
  ctx: PageContext;
  providers: readonly SsoChoice[];
  next: string;
}): Html | null {
  if (providers.length === 0) return null;
  return (
    <div class="ecl-u-mb-l">
      {providers.map((p) => (
        <p class="ecl-u-mb-s">
          <LinkButton
            href={urlWith(`/login/sso/${p.id}`, { next: next === '/' ? undefined : next })}
          >
            {ctx.t('sso.signInWith', { label: p.label })}
          </LinkButton>
        </p>
      ))}
      <p class="ecl-u-type-paragraph">{ctx.t('sso.or')}</p>
    </div>
  );
}
