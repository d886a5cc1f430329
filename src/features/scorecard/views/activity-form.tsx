import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Button } from '../../../app/html/components.js';
import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import type { Vocabulary } from '../scorecard.model.js';
import { activityForm } from '../forms/activity.form.js';

/** Every agency or body an activity form may name, sorted by acronym. */
function registryOptions(vocabulary: Vocabulary, kind: 'agency' | 'body'): PickerOption[] {
  const unique = new Map([...vocabulary.organisations.values()].map((o) => [o.id, o]));
  return [...unique.values()]
    .filter((o) => o.kind === kind)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))
    .map((o) => ({ value: o.acronym, label: `${o.acronym}: ${o.name}`, short: o.acronym }));
}

/**
 * The activity form in sections; the year's priority lines in a picker grouped by section, and
 * the offers of the toolboxes in one grouped by toolbox.
 */
export function ActivityFormView({
  ctx,
  action,
  state,
  vocabulary,
  offers,
  leadLocked,
}: {
  ctx: PageContext;
  action: string;
  state: FormState<typeof activityForm.fields>;
  vocabulary: Vocabulary;
  /** The offers the writer may see and link to. */
  offers: readonly PickerOption[];
  leadLocked: boolean;
}): Html {
  const { t } = ctx;
  const agencies = registryOptions(vocabulary, 'agency');
  const f = bindForm(activityForm, ctx, state, {
    choices: {
      lines: [...vocabulary.lines.values()].map((line) => ({
        value: line.code,
        label: `${line.code} ${line.text}`,
        group: `${line.section} ${line.sectionTitle ?? ''}`.trim(),
      })),
      lead: agencies,
      participants: agencies,
      partners: registryOptions(vocabulary, 'body'),
      offers,
    },
  });
  return (
    <f.Form action={action}>
      <f.Section title="scorecard.section.what">
        <f.Text name="title" />
        <f.TextArea name="description" rows={4} />
        <f.Select name="kind" placeholder="scorecard.field.choose" />
        <f.Text name="tags" />
      </f.Section>
      <f.Section title="scorecard.section.lines">
        <f.Picker name="lines" />
      </f.Section>
      <f.Section title="scorecard.section.who">
        {leadLocked ? (
          <div class="ecl-form-group ecl-u-mb-l">
            <span class="ecl-form-label">{t('scorecard.field.lead')}</span>
            <p class="ecl-u-type-paragraph">{state.values.lead}</p>
            <input type="hidden" name="lead" value={state.values.lead} />
          </div>
        ) : (
          <f.Select name="lead" placeholder="scorecard.field.choose" />
        )}
        <f.Checkboxes name="participants" columns="wide" />
        <f.Checkboxes name="partners" columns="wide" />
      </f.Section>
      <f.Section title="scorecard.section.when">
        <div class="jh-row-fields">
          <f.Date name="plannedStart" />
          <f.Date name="plannedEnd" />
        </div>
        <f.Select name="status" />
        <f.Select name="assessment" />
        <f.TextArea name="assessmentReason" rows={2} />
        <f.Checkbox name="releasedToObservers" />
      </f.Section>
      <f.Section title="scorecard.section.results">
        <f.Rows name="indicators" />
        <f.Rows name="deliverables" />
      </f.Section>
      <f.Section title="scorecard.section.offers">
        <f.Picker name="offers" />
      </f.Section>
      <Button>{t('common.save')}</Button>
    </f.Form>
  );
}
