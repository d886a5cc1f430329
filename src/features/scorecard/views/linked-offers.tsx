import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { offerHref, toolboxHref } from '../../toolboxes/views/toolbox.views.js';
import type { LinkedOffer, LinkingActivity } from '../scorecard.offers.js';
import { activityHref } from './labels.js';

/** The offers of the toolboxes an activity uses or contributes to, as its page lists them. */
export function LinkedOffers({
  ctx,
  offers,
}: {
  ctx: PageContext;
  offers: readonly LinkedOffer[];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-l" id="offers">
      <h2 class="ecl-u-type-heading-2">{t('scorecard.offers.title')}</h2>
      {offers.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('scorecard.offers.none')}</p>
      ) : (
        <ul class="ecl-unordered-list">
          {offers.map((offer) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={offerHref(offer.id)}>
                {offer.title}
              </a>{' '}
              ({offer.agency.acronym}, {t(`toolboxes.kind.${offer.kind}`)},{' '}
              <a class="ecl-link" href={toolboxHref(offer.toolbox.id)}>
                {offer.toolbox.title}
              </a>
              )
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The joint activities that use or contribute to an offer, as the offer's page lists them. */
export function LinkingActivities({
  ctx,
  activities,
}: {
  ctx: PageContext;
  activities: readonly LinkingActivity[];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-l" id="activities">
      <h2 class="ecl-u-type-heading-2">{t('toolboxes.offer.activities')}</h2>
      {activities.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('toolboxes.offer.activitiesNone')}</p>
      ) : (
        <ul class="ecl-unordered-list">
          {activities.map((activity) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={activityHref(activity)}>
                {activity.title}
              </a>{' '}
              ({activity.year}, {activity.lead})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
