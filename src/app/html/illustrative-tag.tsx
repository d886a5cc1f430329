import { h, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';

/**
 * A discreet mark on a record whose facts the demonstration added: stated in no paper. The hint
 * says so on hover and to screen readers alike.
 */
export function IllustrativeTag({ ctx }: { ctx: PageContext }): Html {
  return (
    <p class="ecl-u-type-paragraph-s">
      <span class="jh-tag" title={ctx.t('demo.illustrativeHint')}>
        {ctx.t('demo.illustrative')}
      </span>{' '}
      <span class="ecl-u-sr-only">{ctx.t('demo.illustrativeHint')}</span>
    </p>
  );
}
