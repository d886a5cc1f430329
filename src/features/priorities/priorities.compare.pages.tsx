import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import { Button, FormErrors, SelectField, Table } from '../../app/html/components.js';
import type { PageContext } from '../../app/html/page-context.js';
import { ValidationError, type FieldError } from '../../app/errors.js';
import type { Comparison, LineComparison } from './priorities.compare.js';
import type { DiffSegment } from './priorities.diff.js';
import { sendPage, statusLabel } from './priorities.page-kit.js';
import { prioritiesPolicy } from './priorities.policy.js';

const CompareQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 20 })),
    to: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

/**
 * A changed text with its deleted and inserted words marked, and named for screen readers; the
 * comparison of report versions marks its words the same way.
 */
export function Words({ ctx, words }: { ctx: PageContext; words: DiffSegment[] }): Html {
  return (
    <span>
      {words.map((w) =>
        w.op === 'equal' ? (
          w.text
        ) : w.op === 'delete' ? (
          <del class="jh-diff-delete">
            <span class="ecl-u-sr-only">{`[${ctx.t('priorities.compare.deleted')}: `}</span>
            {w.text}
            <span class="ecl-u-sr-only">]</span>
          </del>
        ) : (
          <ins class="jh-diff-insert">
            <span class="ecl-u-sr-only">{`[${ctx.t('priorities.compare.inserted')}: `}</span>
            {w.text}
            <span class="ecl-u-sr-only">]</span>
          </ins>
        ),
      )}
    </span>
  );
}

function place(ctx: PageContext, p: LineComparison['from']): string {
  return p ? ctx.t('priorities.compare.place', { section: p.section, number: p.number }) : '';
}

function LineText({ ctx, line }: { ctx: PageContext; line: LineComparison }): Html {
  if (line.status === 'changed' && line.words) return <Words ctx={ctx} words={line.words} />;
  if (line.status === 'removed') {
    return <Words ctx={ctx} words={[{ op: 'delete', text: line.from?.text ?? '' }]} />;
  }
  if (line.status === 'added') {
    return <Words ctx={ctx} words={[{ op: 'insert', text: line.to?.text ?? '' }]} />;
  }
  return <span>{line.to?.text ?? ''}</span>;
}

function Results({ ctx, comparison }: { ctx: PageContext; comparison: Comparison }): Html {
  const { t } = ctx;
  const name = (s: Comparison['from']) =>
    t('priorities.versionLabel', {
      year: s.year,
      version: s.version,
      status: statusLabel(ctx, s.status),
    });
  return (
    <div>
      <h2 class="ecl-u-type-heading-2">
        {t('priorities.compare.heading', { from: name(comparison.from), to: name(comparison.to) })}
      </h2>
      <p class="ecl-u-type-paragraph" role="status">
        {t('priorities.compare.counts', {
          unchanged: comparison.counts.unchanged,
          changed: comparison.counts.changed,
          moved: comparison.counts.moved,
          added: comparison.counts.added,
          removed: comparison.counts.removed,
        })}
      </p>
      {comparison.sections.map((section) => (
        <section class="ecl-u-mb-xl" aria-labelledby={`compare-${section.number}`}>
          <h3 class="ecl-u-type-heading-3" id={`compare-${section.number}`}>
            {`${section.number} ${section.title}`}
          </h3>
          {section.previousTitle ? (
            <p class="ecl-u-type-paragraph">
              {t('priorities.compare.previousTitle', { title: section.previousTitle })}
            </p>
          ) : null}
          {section.objectiveChanged ? (
            <p class="ecl-u-type-paragraph">{t('priorities.compare.objectiveChanged')}</p>
          ) : null}
          <Table
            ctx={ctx}
            caption={t('priorities.compare.sectionCaption', { number: section.number })}
            rows={section.lines}
            columns={[
              {
                header: t('priorities.compare.change'),
                cell: (l) =>
                  l.status === 'changed' && l.moved
                    ? `${t('priorities.compare.status.changed')}, ${t('priorities.compare.status.moved')}`
                    : t(`priorities.compare.status.${l.status}`),
              },
              { header: t('priorities.compare.before'), cell: (l) => place(ctx, l.from) },
              { header: t('priorities.compare.after'), cell: (l) => place(ctx, l.to) },
              {
                header: t('priorities.compare.text'),
                cell: (l) => <LineText ctx={ctx} line={l} />,
              },
            ]}
          />
        </section>
      ))}
    </div>
  );
}

export async function prioritiesComparePages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities, priorityComparison } = app.services;

  app.get(
    '/priorities/compare',
    {
      schema: { querystring: CompareQuery },
      config: { access: prioritiesPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const versions = await priorities.list(actor);
      const options = versions.map((v) => ({
        value: `${v.year}/${v.version}`,
        label: t('priorities.versionLabel', {
          year: v.year,
          version: v.version,
          status: statusLabel(ctx, v.status),
        }),
      }));
      const { from, to } = request.query;
      let comparison: Comparison | null = null;
      let errors: FieldError[] = [];
      if (from !== undefined && to !== undefined) {
        try {
          comparison = await priorityComparison.compare(actor, from, to);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          errors = error.fieldErrors;
        }
      }
      return sendPage(
        reply,
        ctx,
        t('priorities.compare.title'),
        [
          <p class="ecl-u-type-paragraph">{t('priorities.compare.intro')}</p>,
          <FormErrors ctx={ctx} errors={errors} />,
          <form method="get" action="/priorities/compare" class="ecl-u-mb-xl">
            <div class="jh-filters">
              <SelectField
                name="from"
                label={t('priorities.compare.from')}
                value={from ?? options[1]?.value ?? ''}
                errors={errors}
                options={options}
              />
              <SelectField
                name="to"
                label={t('priorities.compare.to')}
                value={to ?? options[0]?.value ?? ''}
                errors={errors}
                options={options}
              />
            </div>
            <div class="jh-actions">
              <Button>{t('priorities.compare.submit')}</Button>
            </div>
          </form>,
          comparison ? <Results ctx={ctx} comparison={comparison} /> : null,
        ],
        errors.length > 0 ? { status: 400 } : {},
      );
    },
  );
}
