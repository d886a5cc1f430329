import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import type { OrganisationKind } from '../../../db/schema.js';
import { organisationForm } from '../forms/organisation.form.js';

/**
 * The form of an agency or body: its names first (a new name may be dated, moving the old one
 * to the history), then where it is and what it does. A new body has no history to date.
 */
export function OrganisationFormView({
  ctx,
  kind,
  action,
  state,
  editing,
  cancel,
}: {
  ctx: PageContext;
  kind: OrganisationKind;
  action: string;
  state: FormState<typeof organisationForm.fields>;
  editing: boolean;
  cancel: string;
}): Html {
  const { t } = ctx;
  const f = bindForm(organisationForm, ctx, state);
  return (
    <f.Form action={action}>
      <f.Section title="organisation.section.names">
        <f.Text name="acronym" />
        <f.Text name="name" />
        {editing ? <f.Date name="renamedOn" /> : null}
        {kind === 'body' ? <f.Select name="category" /> : null}
      </f.Section>
      <f.Section title="organisation.section.details">
        <f.Text name="hqCity" />
        <f.Text name="hqCountry" />
        <f.Text name="website" type="url" />
        {kind === 'agency' ? <f.Text name="establishedYear" type="number" /> : null}
        <f.TextArea name="description" rows={6} />
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
