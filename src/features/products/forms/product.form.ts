import { choice, date, flag, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import type { ProductInput, ProductView } from '../products.model.js';
import {
  audiences,
  fileTypeCodes,
  periodicityCodes,
  productKinds,
} from '../products.vocabulary.js';

/** The product form: adding a product to the index and changing it. */
export const productForm = defineForm({
  fields: {
    title: text({ label: 'products.field.title', required: true, max: 300 }),
    summary: text({ label: 'products.field.summary', hint: 'products.field.summaryHint' }),
    kind: choice({
      label: 'products.field.kind',
      required: true,
      options: productKinds.map((kind) => ({
        value: kind,
        label: `products.kind.${kind}` as const,
      })),
    }),
    agencies: many({ label: 'products.field.agencies', hint: 'products.field.agenciesHint' }),
    year: text({ label: 'products.field.year', required: true, max: 4 }),
    series: text({ label: 'products.field.series', hint: 'products.field.seriesHint', max: 200 }),
    periodicity: choice({
      label: 'products.field.periodicity',
      required: true,
      options: periodicityCodes.map((p) => ({
        value: p,
        label: `products.periodicity.${p}` as const,
      })),
    }),
    periodStart: date({ label: 'products.field.periodStart' }),
    periodEnd: date({ label: 'products.field.periodEnd' }),
    publishedOn: date({ label: 'products.field.publishedOn' }),
    topics: many({ label: 'products.field.topics' }),
    countries: many({ label: 'products.field.countries' }),
    languages: many({ label: 'products.field.languages' }),
    audience: choice({
      label: 'products.field.audience',
      required: true,
      options: audiences.map((a) => ({ value: a, label: `products.audience.${a}` as const })),
    }),
    releasedToObservers: flag({ label: 'products.field.releasedToObservers', on: 'yes' }),
    publicUrl: text({
      label: 'products.field.publicUrl',
      hint: 'products.field.publicUrlHint',
      max: 500,
    }),
    fileType: choice({
      label: 'products.field.fileType',
      options: [
        { value: '', label: 'products.fileType.none' },
        ...fileTypeCodes.map((f) => ({ value: f, label: `products.fileType.${f}` as const })),
      ],
    }),
    document: text({
      label: 'products.field.document',
      hint: 'products.field.documentHint',
      max: 100,
    }),
    lines: many({ label: 'products.field.lines', hint: 'products.field.linesHint' }),
    activities: many({ label: 'products.field.activities', hint: 'products.field.activitiesHint' }),
  },
});

export type ProductValues = Values<typeof productForm.fields>;

/** A stored product as the form shows it. */
export function productValuesOf(product: ProductView): ProductValues {
  return {
    title: product.title,
    summary: product.summary,
    kind: product.kind,
    agencies: product.agencies.map((a) => a.acronym),
    year: String(product.year),
    series: product.series,
    periodicity: product.periodicity,
    periodStart: product.periodStart ?? '',
    periodEnd: product.periodEnd ?? '',
    publishedOn: product.publishedOn ?? '',
    topics: [...product.topics],
    countries: [...product.countries],
    languages: [...product.languages],
    audience: product.audience,
    releasedToObservers: product.releasedToObservers,
    publicUrl: product.publicUrl ?? '',
    fileType: product.fileType ?? '',
    document: product.document?.registrationNumber ?? '',
    lines: product.lines.map((l) => l.code),
    activities: product.activities.map((a) => a.id),
  };
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The form's values as the service's input; a year that is no number is refused there. */
export function productInputOf(values: ProductValues): ProductInput {
  const year = values.year.trim();
  return {
    title: values.title,
    summary: values.summary,
    kind: values.kind,
    series: values.series,
    year: /^\d{1,4}$/.test(year) ? Number(year) : Number.NaN,
    periodStart: orNull(values.periodStart),
    periodEnd: orNull(values.periodEnd),
    publishedOn: orNull(values.publishedOn),
    periodicity: values.periodicity,
    audience: values.audience,
    releasedToObservers: values.releasedToObservers,
    publicUrl: orNull(values.publicUrl),
    fileType: orNull(values.fileType),
    document: orNull(values.document),
    agencies: values.agencies,
    topics: values.topics,
    countries: values.countries,
    languages: values.languages,
    lines: values.lines,
    activities: values.activities,
  };
}
