import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../app/access.js';
import { h } from '../../app/html/jsx.js';
import { sendPage } from '../../app/html/send-page.js';
import type { MessageKey } from '../../app/i18n/i18n.js';

/** The shared registers, as the menu groups them: the page behind the menu entry. */
const registers: readonly { href: string; label: MessageKey; intro: MessageKey }[] = [
  { href: '/products', label: 'nav.products', intro: 'products.intro' },
  { href: '/toolboxes', label: 'nav.toolboxes', intro: 'toolboxes.intro' },
  { href: '/training', label: 'nav.training', intro: 'training.intro' },
];

/**
 * `/registers`: where the menu's "Registers" entry leads, listing its sections; without scripts
 * the menu's sub-items stay folded, and this page is the way to them.
 */
export async function registersPages(app: FastifyInstance): Promise<void> {
  app.get('/registers', { config: { access: signedIn, page: true } }, (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t('nav.registers'),
      <div>
        <p class="ecl-u-type-paragraph-l">{t('registers.intro')}</p>
        {registers.map((register) => (
          <section class="ecl-u-mb-l">
            <h2 class="ecl-u-type-heading-2">
              <a class="ecl-link ecl-link--standalone" href={register.href}>
                {t(register.label)}
              </a>
            </h2>
            <p class="ecl-u-type-paragraph">{t(register.intro)}</p>
          </section>
        ))}
      </div>,
    );
  });
}
