import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { productForm } from '../forms/product.form.js';
import { countries, languages, topicCodes } from '../products.vocabulary.js';

/** What the form's pickers offer: known only when the page is drawn. */
export interface ProductChoices {
  agencies: readonly PickerOption[];
  lines: readonly PickerOption[];
  activities: readonly PickerOption[];
}

/** The product form: what it is, who makes it and when, what it covers, who reads it, links. */
export function ProductFormView({
  ctx,
  action,
  state,
  choices,
  editing,
  cancel,
}: {
  ctx: PageContext;
  action: string;
  state: FormState<typeof productForm.fields>;
  choices: ProductChoices;
  editing: boolean;
  cancel: string;
}): Html {
  const { t } = ctx;
  const f = bindForm(productForm, ctx, state, {
    choices: {
      agencies: choices.agencies,
      lines: choices.lines,
      activities: choices.activities,
      topics: topicCodes.map((topic) => ({ value: topic, label: t(`products.topic.${topic}`) })),
      countries: Object.entries(countries).map(([value, label]) => ({
        value,
        label: `${label} (${value})`,
      })),
      languages: Object.entries(languages).map(([value, language]) => ({
        value,
        label: `${language.name} (${value})`,
      })),
    },
  });
  return (
    <f.Form action={action}>
      <f.Section title="products.section.what">
        <f.Text name="title" />
        <f.TextArea name="summary" rows={5} />
        <f.Select name="kind" />
        <f.Picker name="agencies" />
      </f.Section>
      <f.Section title="products.section.when">
        <f.Text name="year" type="number" />
        <f.Select name="periodicity" />
        <f.Text name="series" />
        <f.Date name="periodStart" />
        <f.Date name="periodEnd" />
        <f.Date name="publishedOn" />
      </f.Section>
      <f.Section title="products.section.covers">
        <f.Checkboxes name="topics" columns="wide" />
        <f.Picker name="countries" />
        <f.Picker name="languages" />
      </f.Section>
      <f.Section title="products.section.audience" hint="products.section.audienceHint">
        <f.Radios name="audience" />
        <f.Checkbox name="releasedToObservers" />
        <f.Text name="publicUrl" type="url" />
        <f.Select name="fileType" />
        <f.Text name="document" />
      </f.Section>
      <f.Section title="products.section.links">
        <f.Picker name="lines" />
        <f.Picker name="activities" />
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
