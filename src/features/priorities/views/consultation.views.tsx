import { h, type Html } from '../../../app/html/jsx.js';
import { Table } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import type { PriorityAnswerKind } from '../../../db/schema.js';
import type { AnswerView, ConsultationView } from '../priorities.consultation.js';
import { versionPath } from '../priorities.page-kit.js';
import type { BoundForm } from '../../../app/forms/bind.js';
import type { answerForm } from '../forms/answer.form.js';

type AnswerFormFields = typeof answerForm.fields;

export function kindLabel(ctx: PageContext, kind: PriorityAnswerKind): string {
  return ctx.t(`priorities.answer.kind.${kind}`);
}

export function excerpt(text: string, length = 90): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

function AnswerItem({
  ctx,
  consultation,
  answer,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
  answer: AnswerView;
}): Html {
  const { t } = ctx;
  const path = `${versionPath(consultation)}/consultation/answers/${answer.id}`;
  return (
    <div class="ecl-u-mb-m" id={`answer-${answer.id}`}>
      <p class="ecl-u-type-paragraph ecl-u-mb-xs">
        <strong>{kindLabel(ctx, answer.kind)}</strong>
        {answer.kind === 'change'
          ? ` (${
              answer.lineNumber === null
                ? t('priorities.answer.lineGone')
                : t('priorities.answer.aboutLine', { number: answer.lineNumber })
            })`
          : ''}
        {': '}
        {answer.text}
      </p>
      <p class="ecl-u-type-s ecl-u-mb-xs">
        {t('priorities.answer.by', {
          name: answer.authorName ?? t('audit.system'),
          date: formatDateTime(ctx.locale, answer.updatedAt),
        })}
      </p>
      {answer.mine && consultation.open ? (
        <div class="jh-actions">
          <a class="ecl-link" href={`${path}/edit`}>
            {t('priorities.answer.edit')}
          </a>
          <a class="ecl-link" href={`${path}/withdraw`}>
            {t('priorities.answer.withdraw')}
          </a>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The answers section by section, each agency's beside the others': for the secretariat every
 * member agency, those without an answer marked; for a contact point the agencies it may read.
 */
export function AnswersBySection({
  ctx,
  consultation,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
}): Html {
  const { t } = ctx;
  const agencies =
    consultation.agencies?.map((a) => a.acronym) ??
    [...new Set(consultation.answers.map((a) => a.agency))].sort();
  return (
    <div>
      {consultation.sections.map((section) => {
        const rows = agencies.map((agency) => ({
          agency,
          answers: consultation.answers.filter(
            (a) => a.section === section.number && a.agency === agency,
          ),
        }));
        return (
          <section class="ecl-u-mb-xl" aria-labelledby={`answers-${section.number}`}>
            <h3 class="ecl-u-type-heading-3" id={`answers-${section.number}`}>
              {`${section.number} ${section.title}`}
            </h3>
            {rows.length === 0 ? (
              <p class="ecl-u-type-paragraph">{t('priorities.consult.noAnswers')}</p>
            ) : (
              <Table
                ctx={ctx}
                caption={t('priorities.consult.sectionCaption', { number: section.number })}
                rows={rows}
                columns={[
                  { header: t('priorities.consult.agency'), cell: (r) => r.agency },
                  {
                    header: t('priorities.consult.answers'),
                    cell: (r) =>
                      r.answers.length === 0 ? (
                        <em>{t('priorities.consult.noAnswer')}</em>
                      ) : (
                        r.answers.map((a) => (
                          <AnswerItem ctx={ctx} consultation={consultation} answer={a} />
                        ))
                      ),
                  },
                ]}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

export function Progress({
  ctx,
  consultation,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
}) {
  const { t } = ctx;
  const agencies = consultation.agencies;
  if (!agencies) return null;
  const silent = agencies.filter((a) => a.answers === 0).map((a) => a.acronym);
  return (
    <section aria-labelledby="progress-heading" class="ecl-u-mb-xl">
      <h2 class="ecl-u-type-heading-2" id="progress-heading">
        {t('priorities.consult.progress')}
      </h2>
      <p class="ecl-u-type-paragraph">
        {silent.length === 0
          ? t('priorities.consult.allAnswered')
          : t('priorities.consult.notAnswered', { agencies: silent.join(', ') })}
      </p>
      <Table
        ctx={ctx}
        caption={t('priorities.consult.progressCaption')}
        rows={agencies}
        columns={[
          { header: t('priorities.consult.agency'), cell: (a) => a.acronym },
          ...consultation.sections.map((s) => ({
            header: s.number,
            cell: (a: (typeof agencies)[number]) => a.bySection[s.number] ?? 0,
          })),
          { header: t('priorities.consult.total'), cell: (a) => a.answers },
        ]}
      />
    </section>
  );
}

export function Revisions({
  ctx,
  consultation,
}: {
  ctx: PageContext;
  consultation: ConsultationView;
}) {
  const { t } = ctx;
  if (consultation.revisions.length === 0) return null;
  const lineNumber = (key: string | null) =>
    consultation.sections.flatMap((s) => s.lines).find((l) => l.key === key)?.number;
  return (
    <section aria-labelledby="revisions-heading" class="ecl-u-mb-xl">
      <h2 class="ecl-u-type-heading-2" id="revisions-heading">
        {t('priorities.consult.revisions')}
      </h2>
      <ul class="ecl-unordered-list">
        {consultation.revisions.map((r) => {
          const number = lineNumber(r.lineKey);
          return (
            <li class="ecl-unordered-list__item">
              {`${formatDateTime(ctx.locale, r.revisedAt)}: ${t(`priorities.revision.${r.kind}`)}`}
              {r.section ? ` ${t('priorities.consult.inSection', { number: r.section })}` : ''}
              {number !== undefined ? ` (${t('priorities.answer.aboutLine', { number })})` : ''}
              {r.byName ? `, ${r.byName}` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The choices of an answer's section and line, from the text under consultation. */
export function answerChoices(ctx: PageContext, consultation: ConsultationView) {
  return {
    section: consultation.sections.map((s) => ({
      value: s.number,
      label: `${s.number} ${s.title}`,
    })),
    lineKey: [
      { value: '', label: ctx.t('priorities.answer.noLine') },
      ...consultation.sections.flatMap((s) =>
        s.lines.map((l) => ({
          value: l.key,
          label: `${s.number} (${l.number}) ${excerpt(l.text)}`,
        })),
      ),
    ],
  };
}

/** The fields of an answer, in a form bound to the answer form. */
export function AnswerFields({ form }: { form: BoundForm<AnswerFormFields> }): Html {
  return (
    <div>
      <form.Select name="section" />
      <form.Select name="kind" />
      <form.Select name="lineKey" />
      <form.TextArea name="text" rows={6} />
    </div>
  );
}
