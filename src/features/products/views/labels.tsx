import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { ProductView } from '../products.model.js';
import {
  countries,
  languages,
  type CountryCode,
  type LanguageCode,
} from '../products.vocabulary.js';

export const productHref = (product: { id: string }) => `/products/${product.id}`;

export const countryName = (code: string): string =>
  code in countries ? countries[code as CountryCode] : code;
export const languageName = (code: string): string =>
  code in languages ? languages[code as LanguageCode].name : code;

/** The period a product covers, in words: "1 Jan 2016 to 31 Dec 2016". */
export function periodText(
  ctx: PageContext,
  product: Pick<ProductView, 'periodStart' | 'periodEnd'>,
  format: (day: string) => string,
): string {
  if (product.periodStart === null || product.periodEnd === null) return ctx.t('products.noPeriod');
  return ctx.t('products.period', {
    start: format(product.periodStart),
    end: format(product.periodEnd),
  });
}

/** The products an activity delivers, as the activity's page lists them. */
export function DeliveredProducts({
  ctx,
  products,
}: {
  ctx: PageContext;
  products: readonly ProductView[];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-l">
      <h2 class="ecl-u-type-heading-2">{t('products.delivered')}</h2>
      {products.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('products.deliveredNone')}</p>
      ) : (
        <ul class="ecl-unordered-list">
          {products.map((product) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={productHref(product)}>
                {product.title}
              </a>{' '}
              ({t(`products.kind.${product.kind}`)},{' '}
              {product.agencies.map((a) => a.acronym).join(', ')})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
