import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button, Table, type Column } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { urlWith } from '../../../app/html/components.js';
import type { ChairYearView, OrganisationView } from '../network.service.js';
import { chairForm } from '../forms/chair.form.js';
import { ChairName, type FormerNames } from './registry.views.js';

/** The chairs of the network, latest year first; administrators get a link to change each. */
export function ChairTable({
  ctx,
  chairs,
  formerNames,
  mayEdit,
}: {
  ctx: PageContext;
  chairs: ChairYearView[];
  formerNames: Map<string, FormerNames>;
  mayEdit: boolean;
}): Html {
  const { t } = ctx;
  if (chairs.length === 0) return <p class="ecl-u-type-paragraph">{t('chairs.empty')}</p>;
  const columns: Column<ChairYearView>[] = [
    { header: t('chairs.year'), cell: (c) => c.year },
    {
      header: t('chairs.chair'),
      cell: (c) => (
        <ChairName ctx={ctx} chair={c} formerNames={formerNames.get(c.organisationId) ?? []} />
      ),
    },
    { header: t('chairs.note'), cell: (c) => c.note },
  ];
  if (mayEdit) {
    columns.push({
      header: t('common.actions'),
      cell: (c) => (
        <a class="ecl-link" href={`${urlWith('/chairs', { edit: c.year })}#chair-form`}>
          {t('chairs.editYear', { year: c.year })}
        </a>
      ),
    });
  }
  return <Table ctx={ctx} caption={t('chairs.caption')} columns={columns} rows={chairs} />;
}

/** Recording the chair of a new year, or changing the chair of the year being edited. */
export function ChairFormView({
  ctx,
  state,
  editing,
  agencies,
}: {
  ctx: PageContext;
  state: FormState<typeof chairForm.fields>;
  editing: number | null;
  agencies: OrganisationView[];
}): Html {
  const { t } = ctx;
  const f = bindForm(chairForm, ctx, state, {
    choices: {
      organisationId: agencies.map((a) => ({ value: a.id, label: `${a.acronym}: ${a.name}` })),
    },
  });
  return (
    <section id="chair-form" aria-labelledby="chair-form-title">
      <h2 class="ecl-u-type-heading-2" id="chair-form-title">
        {editing === null ? t('chairs.set') : t('chairs.editing', { year: editing })}
      </h2>
      <f.Form action="/chairs">
        <f.Text name="year" type="number" />
        <f.Select name="organisationId" placeholder="chairs.chooseAgency" />
        <f.TextArea name="note" />
        <div class="jh-actions">
          <Button>{t('common.save')}</Button>
          {editing !== null ? (
            <a class="ecl-link ecl-link--standalone" href="/chairs">
              {t('common.cancel')}
            </a>
          ) : null}
        </div>
      </f.Form>
    </section>
  );
}
