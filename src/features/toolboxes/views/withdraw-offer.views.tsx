import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, DescriptionList, Notification } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { withdrawOfferForm } from '../forms/offer.form.js';
import type { OfferView, ToolboxDetail } from '../toolboxes.model.js';
import { KindTag, offerHref } from './toolbox.views.js';

/**
 * The confirmation of an offer's withdrawal: what goes, from where, and that it cannot be undone
 * here. A stale confirmation (someone changed the offer meanwhile) shows it as it is now.
 */
export function WithdrawOfferView({
  ctx,
  offer,
  toolbox,
  state,
  stale,
}: {
  ctx: PageContext;
  offer: OfferView;
  toolbox: ToolboxDetail;
  state: FormState<typeof withdrawOfferForm.fields>;
  /** Someone changed the offer since the confirmation was shown: it is shown as it is now. */
  stale: boolean;
}): Html {
  const { t } = ctx;
  const f = bindForm(withdrawOfferForm, ctx, state);
  return (
    <div>
      {stale ? (
        <Notification variant="info">{t('toolboxes.offer.withdrawStale')}</Notification>
      ) : null}
      <Notification variant="warning" title={t('toolboxes.offer.withdrawWarning')}>
        <p>
          {t('toolboxes.offer.withdrawEffect', {
            title: offer.title,
            agency: offer.agency.acronym,
            toolbox: toolbox.title,
          })}
        </p>
      </Notification>
      <DescriptionList
        items={[
          [t('toolboxes.offer.agency'), `${offer.agency.acronym} (${offer.agency.name})`],
          [t('toolboxes.offer.kind'), <KindTag ctx={ctx} kind={offer.kind} />],
          [t('toolboxes.offer.themes'), offer.themes.map((x) => x.title).join(', ')],
          [t('toolboxes.offer.contactPoint'), offer.contactPoint],
        ]}
      />
      <f.Form action={`${offerHref(offer.id)}/withdraw`}>
        <div class="jh-actions">
          <Button>{t('toolboxes.offer.withdrawConfirm')}</Button>
          <a class="ecl-link ecl-link--standalone" href={offerHref(offer.id)}>
            {t('common.cancel')}
          </a>
        </div>
      </f.Form>
    </div>
  );
}
