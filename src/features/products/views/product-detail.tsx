import { DescriptionList } from '../../../app/html/components.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { ProductView } from '../products.model.js';
import { countryName, languageName, periodText } from './labels.js';

/** A list in words, or "none". */
function listOrNone(ctx: PageContext, items: readonly Child[]): Child {
  if (items.length === 0) return ctx.t('products.none');
  return (
    <ul class="jh-plain-list">
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}

/** A product's facts, its marking and its links to the scorecard and the priorities. */
export function ProductDetails({ ctx, product }: { ctx: PageContext; product: ProductView }): Html {
  const { t } = ctx;
  const day = (value: string) => formatDate(ctx.locale, value);
  const marking: Child = product.document ? (
    <span>
      {t('products.markingOfDocument', {
        number: product.document.registrationNumber,
        classification: product.document.classification,
        tlp: product.document.tlp
          ? `TLP:${product.document.tlp.toUpperCase().replace('_', '+')}`
          : t('products.noTlp'),
      })}{' '}
      <a class="ecl-link" href={`/documents/${product.document.id}`}>
        {t('products.openDocument')}
      </a>
    </span>
  ) : (
    t('products.noDocument')
  );
  return (
    <div>
      <p class="ecl-u-type-paragraph-l">{product.summary}</p>
      <DescriptionList
        items={[
          [t('products.field.kind'), t(`products.kind.${product.kind}`)],
          [
            t('products.field.agencies'),
            product.agencies.map((a) => `${a.acronym} (${a.name})`).join('; '),
          ],
          [t('products.field.year'), String(product.year)],
          [t('products.field.periodicity'), t(`products.periodicity.${product.periodicity}`)],
          ...(product.series
            ? [[t('products.field.series'), product.series] as [string, Child]]
            : []),
          [t('products.periodCovered'), periodText(ctx, product, day)],
          [
            t('products.field.publishedOn'),
            product.publishedOn ? day(product.publishedOn) : t('products.notPublished'),
          ],
          [
            t('products.field.topics'),
            listOrNone(
              ctx,
              product.topics.map((topic) => t(`products.topic.${topic}`)),
            ),
          ],
          [
            t('products.field.countries'),
            product.countries.length === 0
              ? t('products.none')
              : product.countries.map(countryName).join(', '),
          ],
          [t('products.field.languages'), product.languages.map(languageName).join(', ')],
          [
            t('products.field.audience'),
            t(`products.audience.${product.audience}`) +
              (product.audience === 'network' && product.releasedToObservers
                ? ` ${t('products.andObservers')}`
                : ''),
          ],
          [t('products.marking'), marking],
          [
            t('products.field.publicUrl'),
            product.publicUrl ? (
              <a class="ecl-link" href={product.publicUrl} rel="noopener noreferrer">
                {product.publicUrl}
              </a>
            ) : (
              t('products.none')
            ),
          ],
          [
            t('products.field.lines'),
            listOrNone(
              ctx,
              product.lines.map((line) => `${line.code} ${line.text}`),
            ),
          ],
          [
            t('products.field.activities'),
            listOrNone(
              ctx,
              product.activities.map((activity) => (
                <a class="ecl-link" href={`/scorecard/activities/${activity.id}`}>
                  {activity.title} ({String(activity.year)})
                </a>
              )),
            ),
          ],
        ]}
      />
    </div>
  );
}
