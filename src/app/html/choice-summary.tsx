import { h, Fragment, type Html } from './jsx.js';
import type { PageContext } from './page-context.js';
import { formatList, intlLocaleOf } from '../i18n/format.js';

/** What a summary says by how many boxes are ticked; `{count}` and `{names}` are filled in. */
export interface SummarySentences {
  none: string;
  one: string;
  other: string;
}

/**
 * A radio group that decides what the summary says: the ticked names when its value is
 * `listWhen`, and a sentence of its own for each other value, or for no value chosen.
 */
export interface SummarySwitch {
  field: string;
  value: string;
  listWhen: string;
  unchosen: string;
  otherwise: Readonly<Record<string, string>>;
}

export interface SummaryState {
  locale: string;
  /** The short names of the ticked boxes, in the order of the form. */
  names: readonly string[];
  sentences: SummarySentences;
  switch?: SummarySwitch | undefined;
}

/** The sentence for a state of the form; public/choice-summary.js says the same in the page. */
export function summaryText(state: SummaryState): string {
  const choice = state.switch;
  if (choice && choice.value !== choice.listWhen)
    return choice.value === '' ? choice.unchosen : (choice.otherwise[choice.value] ?? '');
  const { names, sentences } = state;
  const sentence =
    names.length === 0 ? sentences.none : names.length === 1 ? sentences.one : sentences.other;
  return sentence
    .replaceAll('{count}', String(names.length))
    .replaceAll('{names}', formatList(state.locale, names));
}

/** The ticked options' short names (or labels), in the order of the options. */
export function tickedNames(
  options: readonly { value: string; label: string; short?: string }[],
  values: readonly string[],
): string[] {
  return options.filter((o) => values.includes(o.value)).map((o) => o.short ?? o.label);
}

/**
 * Says in words, before the form is saved, what saving it will do with the boxes ticked in the
 * group `field` ("3 invitations go to CEPOL, EUAA and Europol."). The server writes the sentence
 * for the state it renders; a small script rewrites it as boxes are ticked, from the sentences
 * carried here, and the status role has screen readers read the change.
 */
export function ChoiceSummary(props: {
  ctx: PageContext;
  field: string;
  names: readonly string[];
  sentences: SummarySentences;
  switch?: SummarySwitch;
}): Html {
  const { ctx, sentences } = props;
  const choice = props.switch;
  const switchAttributes: Record<string, string> = choice
    ? {
        'data-summary-switch': choice.field,
        'data-summary-list-when': choice.listWhen,
        'data-summary-unchosen': choice.unchosen,
        ...Object.fromEntries(
          Object.entries(choice.otherwise).map(([value, text]) => [
            `data-summary-when-${value}`,
            text,
          ]),
        ),
      }
    : {};
  return (
    <>
      <div
        class="ecl-notification ecl-notification--info ecl-u-mb-l"
        role="status"
        data-summary-of={props.field}
        data-summary-locale={intlLocaleOf(ctx.locale)}
        data-summary-none={sentences.none}
        data-summary-one={sentences.one}
        data-summary-other={sentences.other}
        {...switchAttributes}
      >
        <div class="ecl-notification__content">
          <div class="ecl-notification__title">{ctx.t('common.whenSaved')}</div>
          <div class="ecl-notification__description" data-summary-text>
            {summaryText({
              locale: ctx.locale,
              names: props.names,
              sentences,
              switch: choice,
            })}
          </div>
        </div>
      </div>
      <script type="module" src="/assets/choice-summary.js"></script>
    </>
  );
}
