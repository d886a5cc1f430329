import { choice, date, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { OrganisationKind } from '../../../db/schema.js';
import {
  organisationCategories,
  type OrganisationChanges,
  type OrganisationDetail,
  type OrganisationInput,
} from '../network.service.js';

/** Categories a partner or stakeholder may have: JHA agency is for members only. */
export const bodyCategories = organisationCategories.filter((c) => c !== 'jha-agency');

/**
 * An agency or body of the network: adding a body, and editing either. An agency's form has no
 * category (it is always a JHA agency), a body's no year of establishment.
 */
export const organisationForm = defineForm({
  fields: {
    acronym: text({ label: 'organisation.acronym', required: true, max: 40 }),
    name: text({ label: 'organisation.name', required: true, max: 200 }),
    renamedOn: date({ label: 'organisation.renameOptional', hint: 'organisation.renameHint' }),
    category: choice({
      label: 'organisation.category',
      required: true,
      options: bodyCategories.map((c) => ({ value: c, label: `category.${c}` as const })),
    }),
    hqCity: text({ label: 'organisation.city', max: 100 }),
    hqCountry: text({ label: 'organisation.country', hint: 'organisation.countryHint', max: 2 }),
    website: text({ label: 'organisation.website', max: 300 }),
    establishedYear: text({ label: 'organisation.established' }),
    description: text({ label: 'organisation.description' }),
  },
});

export type OrganisationValues = Values<typeof organisationForm.fields>;

/** A stored agency or body as its edit form shows it. */
export function organisationValuesOf(o: OrganisationDetail): OrganisationValues {
  return {
    acronym: o.acronym,
    name: o.name,
    renamedOn: '',
    // An agency's category is not on its form, so it is never a change nor a conflict.
    category: o.kind === 'body' ? o.category : '',
    hqCity: o.hqCity ?? '',
    hqCountry: o.hqCountry ?? '',
    website: o.website ?? '',
    establishedYear: o.establishedYear === null ? '' : String(o.establishedYear),
    description: o.description,
  };
}

/** Empty optional fields mean "none". */
function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** What both the new and the edit form send the service: the fields shown for the kind. */
function sharedInput(kind: OrganisationKind, values: OrganisationValues) {
  const year = values.establishedYear.trim();
  return {
    acronym: values.acronym,
    name: values.name,
    ...(kind === 'body' ? { category: values.category } : {}),
    hqCity: orNull(values.hqCity),
    hqCountry: orNull(values.hqCountry)?.toUpperCase() ?? null,
    website: orNull(values.website),
    description: values.description,
    // A year the service cannot read as a whole number is refused there, by field.
    ...(kind === 'agency' ? { establishedYear: year === '' ? null : Number(year) } : {}),
  };
}

/** The edit form's values as a change of the agency or body. */
export function organisationChangesOf(
  kind: OrganisationKind,
  values: OrganisationValues,
): OrganisationChanges {
  return { ...sharedInput(kind, values), renamedOn: orNull(values.renamedOn) ?? undefined };
}

/** The new-body form's values as a new body. */
export function newBodyOf(values: OrganisationValues): OrganisationInput {
  return { kind: 'body', category: values.category, ...sharedInput('body', values) };
}
