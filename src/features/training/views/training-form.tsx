import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { Button, Notification } from '../../../app/html/components.js';
import { bindForm, type PickerOption } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { formatNumber } from '../../../app/i18n/format.js';
import type { OrganisationLookup } from '../training.model.js';
import { trainingLanguages, trainingTopics } from '../training.model.js';
import type { DuplicateCandidate } from '../training.service.js';
import { trainingForm } from '../forms/training.form.js';
import { period, topicLabel, topicsText, trainingHref } from './parts.js';

const languageNames = (locale: string) => new Intl.DisplayNames([locale], { type: 'language' });

/** Every organisation of a kind, once, sorted by acronym, as picker choices. */
function organisationOptions(
  ctx: PageContext,
  organisations: OrganisationLookup,
  kinds: readonly string[],
): PickerOption[] {
  const unique = new Map([...organisations.values()].map((o) => [o.id, o]));
  return [...unique.values()]
    .filter((o) => kinds.includes(o.kind))
    .sort((a, b) => a.acronym.localeCompare(b.acronym))
    .map((o) => ({
      value: o.acronym,
      label: `${o.acronym}: ${o.name}`,
      short: o.acronym,
      ...(kinds.length > 1
        ? {
            group: ctx.t(
              o.kind === 'agency' ? 'training.group.agencies' : 'training.group.partners',
            ),
          }
        : {}),
    }));
}

/**
 * The trainings the one being saved resembles: a warning, not an error, since nothing is wrong
 * with the form. Each candidate links to its page; "Save anyway" sends the same form confirmed.
 */
export function DuplicateWarning({
  ctx,
  candidates,
}: {
  ctx: PageContext;
  candidates: readonly DuplicateCandidate[];
}): Html {
  const { t } = ctx;
  // A no-break space keeps the per cent sign on its number's line in a narrow column.
  const share = (value: number) => `${formatNumber(ctx.locale, Math.round(value * 100))}\u00a0%`;
  return (
    <div id="duplicates">
      <Notification variant="warning" title={t('training.duplicates.warning')}>
        <p>{t('training.duplicates.warningBody')}</p>
        <ul class="ecl-unordered-list ecl-u-mb-m" aria-label={t('training.duplicates.candidates')}>
          {candidates.map((c) => (
            <li class="ecl-unordered-list__item">
              <div>
                <a class="ecl-link" href={trainingHref(c)}>
                  {c.title}
                </a>
              </div>
              <div class="ecl-u-type-paragraph-s">
                {`${c.organiser}, ${period(ctx, c)}, ${topicsText(ctx, c.topics)}. `}
                {t('training.duplicates.alike', {
                  title: share(c.titleSimilarity),
                  topics: share(c.topicSimilarity),
                })}
              </div>
            </li>
          ))}
        </ul>
        <button
          type="submit"
          class="ecl-button ecl-button--secondary"
          name="confirm"
          value={trainingForm.fields.confirm.on}
        >
          {t('training.duplicates.saveAnyway')}
        </button>
      </Notification>
    </div>
  );
}

/** The training form in sections; topic areas, agencies and languages in searchable pickers. */
export function TrainingFormView({
  ctx,
  action,
  state,
  organisations,
  organiserLocked,
  candidates,
}: {
  ctx: PageContext;
  action: string;
  state: FormState<typeof trainingForm.fields>;
  organisations: OrganisationLookup;
  organiserLocked: boolean;
  candidates: readonly DuplicateCandidate[];
}): Html {
  const { t } = ctx;
  const names = languageNames(ctx.locale);
  const f = bindForm(trainingForm, ctx, state, {
    choices: {
      organiser: organisationOptions(ctx, organisations, ['agency']),
      coOrganisers: organisationOptions(ctx, organisations, ['agency', 'body']),
      topics: trainingTopics.map((topic) => ({ value: topic, label: topicLabel(t, topic) })),
      languages: trainingLanguages.map((code) => ({
        value: code,
        label: `${names.of(code) ?? code} (${code})`,
        short: code,
      })),
    },
  });
  return (
    <f.Form action={action}>
      {candidates.length > 0 ? <DuplicateWarning ctx={ctx} candidates={candidates} /> : null}
      <f.Section title="training.section.what">
        <f.Text name="title" />
        <f.Select name="kind" placeholder="training.field.choose" />
        <f.Picker name="topics" />
      </f.Section>
      <f.Section title="training.section.who">
        {organiserLocked ? (
          <div class="ecl-form-group ecl-u-mb-l">
            <span class="ecl-form-label">{t('training.field.organiser')}</span>
            <p class="ecl-u-type-paragraph">{state.values.organiser}</p>
            <input type="hidden" name="organiser" value={state.values.organiser} />
          </div>
        ) : (
          <f.Select name="organiser" placeholder="training.field.choose" />
        )}
        <f.Picker name="coOrganisers" />
        <f.Select name="audience" placeholder="training.field.choose" />
      </f.Section>
      <f.Section title="training.section.when">
        <div class="jh-row-fields">
          <f.Date name="startOn" />
          <f.Date name="endOn" />
        </div>
        <f.Text name="place" />
        <f.Picker name="languages" />
      </f.Section>
      <f.Section title="training.section.people">
        <div class="jh-row-fields">
          <f.Text name="capacity" type="number" />
          <f.Text name="participants" type="number" />
        </div>
        <f.Text name="offerUrl" type="url" />
        <f.Checkbox name="releasedToObservers" />
      </f.Section>
      <Button>{t('common.save')}</Button>
    </f.Form>
  );
}
