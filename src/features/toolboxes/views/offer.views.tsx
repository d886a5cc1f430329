import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, DescriptionList, Notification, Table } from '../../../app/html/components.js';
import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { Moment } from '../../../app/html/moment.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { offerForm } from '../forms/offer.form.js';
import type { OfferRevisionView, OfferView } from '../toolboxes.model.js';
import { KindTag, toolboxHref } from './toolbox.views.js';

export function OfferDetail({
  ctx,
  offer,
  history,
  mayChange,
  illustrative,
  saved,
  linked,
}: {
  ctx: PageContext;
  offer: OfferView;
  /** What other registers link to the offer, shown before its history. */
  linked?: Html;
  history: readonly OfferRevisionView[];
  mayChange: boolean;
  illustrative: boolean;
  saved: boolean;
}): Html {
  const { t } = ctx;
  const dash = (text: string) => (text === '' ? '–' : text);
  return (
    <div>
      {saved ? <Notification variant="success">{t('toolboxes.offer.saved')}</Notification> : null}
      {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
      <DescriptionList
        items={[
          [t('toolboxes.offer.agency'), `${offer.agency.acronym} (${offer.agency.name})`],
          [t('toolboxes.offer.kind'), <KindTag ctx={ctx} kind={offer.kind} />],
          [t('toolboxes.offer.themes'), offer.themes.map((x) => x.title).join(', ')],
          [t('toolboxes.offer.description'), dash(offer.description)],
          [t('toolboxes.offer.accessConditions'), dash(offer.accessConditions)],
          [t('toolboxes.offer.contactPoint'), offer.contactPoint],
          [t('toolboxes.offer.legalBasis'), dash(offer.legalBasis)],
          [
            t('toolboxes.offer.released'),
            offer.releasedToObservers ? t('common.yes') : t('toolboxes.offer.networkOnly'),
          ],
        ]}
      />
      <div class="jh-actions">
        {mayChange ? (
          <a class="ecl-link ecl-link--standalone" href={`/toolbox-offers/${offer.id}/edit`}>
            {t('common.edit')}
          </a>
        ) : null}
        {mayChange ? (
          <a class="ecl-link ecl-link--standalone" href={`/toolbox-offers/${offer.id}/withdraw`}>
            {t('toolboxes.offer.withdraw')}
          </a>
        ) : null}
        <a class="ecl-link ecl-link--standalone" href={toolboxHref(offer.toolboxId)}>
          {t('toolboxes.offer.back')}
        </a>
      </div>
      {linked}
      <h2 class="ecl-u-type-heading-2">{t('toolboxes.offer.history')}</h2>
      <Table
        ctx={ctx}
        caption={t('toolboxes.offer.historyCaption')}
        rows={history}
        columns={[
          { header: t('toolboxes.offer.version'), cell: (r) => String(r.version) },
          {
            header: t('toolboxes.offer.recorded'),
            cell: (r) => <Moment locale={ctx.locale} at={r.recordedAt} />,
          },
          { header: t('toolboxes.offer.by'), cell: (r) => r.recordedBy ?? '–' },
          {
            header: t('toolboxes.offer.changes'),
            cell: (r) =>
              Object.keys(r.changes).length === 0 ? (
                t(`toolboxes.offer.summary.${r.summary}`)
              ) : (
                <ul class="ecl-unordered-list ecl-unordered-list--no-marker">
                  {Object.entries(r.changes).map(([field, change]) => (
                    <li class="ecl-unordered-list__item">
                      {field}: {String(change.before)} → {String(change.after)}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </div>
  );
}

export function OfferFormView({
  ctx,
  action,
  state,
  agencies,
  themes,
  cancel,
  editing,
}: {
  ctx: PageContext;
  action: string;
  state: FormState<typeof offerForm.fields>;
  agencies: readonly PickerOption[];
  themes: readonly PickerOption[];
  cancel: string;
  editing: boolean;
}): Html {
  const { t } = ctx;
  const f = bindForm(offerForm, ctx, state, { choices: { agency: agencies, themes } });
  return (
    <f.Form action={action}>
      <f.Section title="toolboxes.offer.section.what">
        <f.Select name="agency" />
        <f.Select name="kind" />
        <f.Text name="title" />
        <f.TextArea name="description" rows={4} />
        <f.Picker name="themes" />
      </f.Section>
      <f.Section title="toolboxes.offer.section.access">
        <f.TextArea name="accessConditions" rows={3} />
        <f.Text name="contactPoint" />
        <f.Text name="legalBasis" />
        <f.Checkbox name="releasedToObservers" />
      </f.Section>
      <div class="jh-actions">
        <Button>{editing ? t('common.save') : t('common.create')}</Button>
        <a class="ecl-link ecl-link--standalone" href={cancel}>
          {t('common.cancel')}
        </a>
      </div>
    </f.Form>
  );
}
