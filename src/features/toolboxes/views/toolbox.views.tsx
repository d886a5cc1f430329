import { LinkButton, Notification, Table } from '../../../app/html/components.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ViewSwitcher } from '../../../app/html/view-switcher.js';
import type { ToolboxOfferKind } from '../../../db/schema.js';
import { cellOf, type Gap, type Overlap } from '../toolboxes.analysis.js';
import type { MatrixView, OfferView, ToolboxSummary } from '../toolboxes.model.js';

export const toolboxHref = (id: string) => `/toolboxes/${id}`;
export const offerHref = (id: string) => `/toolbox-offers/${id}`;

export function KindTag({ ctx, kind }: { ctx: PageContext; kind: ToolboxOfferKind }): Html {
  return <span class="jh-tag">{ctx.t(`toolboxes.kind.${kind}`)}</span>;
}

/** An offer as a line of a list: its title as a link, its kind, and where it is from. */
function OfferLine({
  ctx,
  offer,
  agency = false,
}: {
  ctx: PageContext;
  offer: OfferView;
  agency?: boolean;
}): Html {
  return (
    <li class="ecl-unordered-list__item">
      {agency ? `${offer.agency.acronym}: ` : ''}
      <a class="ecl-link" href={offerHref(offer.id)}>
        {offer.title}
      </a>{' '}
      <KindTag ctx={ctx} kind={offer.kind} />
    </li>
  );
}

export function ToolboxList({
  ctx,
  toolboxes,
}: {
  ctx: PageContext;
  toolboxes: readonly ToolboxSummary[];
}): Html {
  const { t } = ctx;
  if (toolboxes.length === 0) return <p class="ecl-u-type-paragraph">{t('toolboxes.none')}</p>;
  return (
    <ul class="jh-cards">
      {toolboxes.map((toolbox) => (
        <li class="jh-card">
          <h2 class="ecl-u-type-heading-3 ecl-u-mt-none">
            <a class="ecl-link ecl-link--standalone" href={toolboxHref(toolbox.id)}>
              {toolbox.title}
            </a>
          </h2>
          <p class="ecl-u-type-paragraph-s">{toolbox.description}</p>
          <p class="ecl-u-type-paragraph-s">
            {t('toolboxes.themeCount', { count: toolbox.themeCount })} ·{' '}
            {t('toolboxes.offerCount', { count: toolbox.offerCount })}
          </p>
        </li>
      ))}
    </ul>
  );
}

export type ToolboxViewName = 'matrix' | 'themes' | 'agencies' | 'analysis';

/**
 * What every view of a toolbox shows above its data: what the toolbox is for, what the reader
 * may do with it, and the views.
 */
export function ToolboxFrame({
  ctx,
  matrix,
  current,
  notice,
  actions,
  children,
}: {
  ctx: PageContext;
  matrix: MatrixView;
  current: ToolboxViewName;
  notice?: string | undefined;
  actions: { addOffer: boolean; manage: boolean };
  children?: Child;
}): Html {
  const { t } = ctx;
  const base = toolboxHref(matrix.toolbox.id);
  return (
    <div>
      {notice ? <Notification variant="success">{notice}</Notification> : null}
      <p class="ecl-u-type-paragraph">{matrix.toolbox.description}</p>
      {ctx.actor?.role === 'observer' ? (
        <p class="ecl-u-type-paragraph-s">{t('toolboxes.observerNote')}</p>
      ) : null}
      <div class="jh-actions">
        {actions.addOffer ? (
          <LinkButton href={`${base}/offers/new`}>{t('toolboxes.addOffer')}</LinkButton>
        ) : null}
        <a class="ecl-link ecl-link--standalone" href={`${base}/export.xlsx`}>
          {t('toolboxes.export')}
        </a>
        {actions.addOffer ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/import`}>
            {t('toolboxes.import')}
          </a>
        ) : null}
        {actions.manage ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/themes/new`}>
            {t('toolboxes.addTheme')}
          </a>
        ) : null}
        {actions.manage ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/edit`}>
            {t('toolboxes.edit')}
          </a>
        ) : null}
      </div>
      <ViewSwitcher
        label={t('toolboxes.views')}
        current={current === 'matrix' ? base : `${base}/${current}`}
        views={[
          { path: base, label: t('toolboxes.view.matrix') },
          { path: `${base}/themes`, label: t('toolboxes.view.themes') },
          { path: `${base}/agencies`, label: t('toolboxes.view.agencies') },
          { path: `${base}/analysis`, label: t('toolboxes.view.analysis') },
        ]}
      />
      {children}
    </div>
  );
}

/**
 * The matrix: an agency a row, a theme a column, each cell the offers. On a phone the table
 * becomes a card per agency with each theme under its name (the shared table's cards).
 */
export function MatrixTable({
  ctx,
  matrix,
  gaps,
}: {
  ctx: PageContext;
  matrix: MatrixView;
  gaps: readonly Gap[];
}): Html {
  const { t } = ctx;
  return (
    <div>
      <p class="ecl-u-type-paragraph jh-toolbox-gaps" data-gaps>
        {gaps.length === 0
          ? t('toolboxes.noGaps')
          : t('toolboxes.gapsLine', { themes: gaps.map((g) => g.theme).join(', ') })}
      </p>
      <Table
        ctx={ctx}
        caption={t('toolboxes.matrixCaption')}
        rows={matrix.agencies}
        columns={[
          { header: t('toolboxes.agency'), cell: (agency) => <strong>{agency.acronym}</strong> },
          ...matrix.toolbox.themes.map((theme) => ({
            header: theme.title,
            cell: (agency: MatrixView['agencies'][number]) => {
              const offers = cellOf(matrix.offers, agency, theme);
              return offers.length === 0 ? (
                <span aria-label={t('common.empty')}>{t('toolboxes.noOffer')}</span>
              ) : (
                <ul class="ecl-unordered-list ecl-unordered-list--no-marker">
                  {offers.map((offer) => (
                    <OfferLine ctx={ctx} offer={offer} />
                  ))}
                </ul>
              );
            },
          })),
        ]}
      />
    </div>
  );
}

export function ByTheme({ ctx, matrix }: { ctx: PageContext; matrix: MatrixView }): Html {
  const { t } = ctx;
  return (
    <div>
      {matrix.toolbox.themes.map((theme) => {
        const offers = matrix.offers.filter((o) => o.themes.some((x) => x.id === theme.id));
        return (
          <section class="ecl-u-mb-l">
            <h2 class="ecl-u-type-heading-3">{theme.title}</h2>
            {theme.description ? <p class="ecl-u-type-paragraph-s">{theme.description}</p> : null}
            {offers.length === 0 ? (
              <p class="ecl-u-type-paragraph">{t('toolboxes.byTheme.none')}</p>
            ) : (
              <ul class="ecl-unordered-list">
                {offers.map((offer) => (
                  <OfferLine ctx={ctx} offer={offer} agency />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function ByAgency({ ctx, matrix }: { ctx: PageContext; matrix: MatrixView }): Html {
  const { t } = ctx;
  return (
    <div>
      {matrix.agencies.map((agency) => {
        const offers = matrix.offers.filter((o) => o.agency.id === agency.id);
        return (
          <section class="ecl-u-mb-l">
            <h2 class="ecl-u-type-heading-3">
              {agency.acronym} <span class="ecl-u-type-paragraph-s">{agency.name}</span>
            </h2>
            {offers.length === 0 ? (
              <p class="ecl-u-type-paragraph">{t('toolboxes.byAgency.none')}</p>
            ) : (
              <ul class="ecl-unordered-list">
                {offers.map((offer) => (
                  <li class="ecl-unordered-list__item">
                    <a class="ecl-link" href={offerHref(offer.id)}>
                      {offer.title}
                    </a>{' '}
                    <KindTag ctx={ctx} kind={offer.kind} />
                    <br />
                    <span class="ecl-u-type-paragraph-s">
                      {offer.themes.map((x) => x.title).join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function Analysis({
  ctx,
  gaps,
  overlaps,
}: {
  ctx: PageContext;
  gaps: readonly Gap[];
  overlaps: readonly Overlap[];
}): Html {
  const { t } = ctx;
  return (
    <div>
      <h2 class="ecl-u-type-heading-2">{t('toolboxes.gaps.title')}</h2>
      <p class="ecl-u-type-paragraph">{t('toolboxes.gaps.intro')}</p>
      {gaps.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('toolboxes.noGaps')}</p>
      ) : (
        <ul class="ecl-unordered-list" data-gaps>
          {gaps.map((gap) => (
            <li class="ecl-unordered-list__item">{gap.theme}</li>
          ))}
        </ul>
      )}
      <h2 class="ecl-u-type-heading-2">{t('toolboxes.overlaps.title')}</h2>
      <p class="ecl-u-type-paragraph">{t('toolboxes.overlaps.intro')}</p>
      {overlaps.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('toolboxes.overlaps.none')}</p>
      ) : (
        <Table
          ctx={ctx}
          caption={t('toolboxes.overlaps.title')}
          rows={overlaps}
          columns={[
            { header: t('toolboxes.overlaps.theme'), cell: (o) => o.theme },
            { header: t('toolboxes.overlaps.kind'), cell: (o) => t(`toolboxes.kind.${o.kind}`) },
            { header: t('toolboxes.overlaps.agencies'), cell: (o) => o.agencies.join(', ') },
            {
              header: t('toolboxes.overlaps.offers'),
              cell: (o) => (
                <ul class="ecl-unordered-list ecl-unordered-list--no-marker">
                  {o.offers.map((offer) => (
                    <li class="ecl-unordered-list__item">
                      {offer.agency}:{' '}
                      <a class="ecl-link" href={offerHref(offer.id)}>
                        {offer.title}
                      </a>
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
