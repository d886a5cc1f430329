import { choice, date, many, text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import {
  documentLanguages,
  documentTypes,
  type DocumentChanges,
  type DocumentDetail,
  type DocumentLanguage,
  type DocumentType,
} from '../documents.model.js';

/**
 * What a document says about itself and what it is linked to: the edit form, and the same
 * sections of the registration form. The markings have their own form.
 */
export const documentForm = defineForm({
  fields: {
    title: text({ label: 'documents.form.title', required: true, max: 300 }),
    description: text({ label: 'documents.form.description' }),
    documentType: choice({
      label: 'documents.form.type',
      options: documentTypes.map((type) => ({ value: type, label: `documents.type.${type}` })),
    }),
    language: choice({ label: 'documents.form.language' }),
    originatorReference: text({
      label: 'documents.form.originatorReference',
      hint: 'documents.form.originatorReferenceHint',
      max: 64,
    }),
    registeredOn: date({ label: 'documents.form.registeredOn' }),
    meetings: many({ label: 'documents.form.meetings' }),
    activities: many({ label: 'documents.form.activities' }),
    priorityLines: many({
      label: 'documents.form.priorityLines',
      hint: 'documents.form.priorityLinesPickerHint',
    }),
    holderOrganisationId: choice({ label: 'documents.form.holder' }),
    pointOfContact: text({ label: 'documents.form.pointOfContact', max: 300 }),
  },
  fromService: {
    'links.meetings': 'meetings',
    'links.activities': 'activities',
    'links.priorityLines': 'priorityLines',
  },
});

export type DocumentValues = Values<typeof documentForm.fields>;

/** The code of a priority line from its link label, "2017 1.1.3: text". */
function lineCode(label: string): string {
  return /^\d{4} ([^:]+):/.exec(label)?.[1] ?? '';
}

/** Codes typed by hand ("1.1.3, 2.1") or ticked one by one arrive alike. */
export function lineCodes(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/[\s,;]+/)).filter((code) => code !== '');
}

/** A stored document as the edit form shows it. */
export function documentValuesOf(document: DocumentDetail): DocumentValues {
  const linked = (type: string) => document.links.filter((l) => l.type === type);
  return {
    title: document.title,
    description: document.description,
    documentType: document.documentType,
    language: document.language,
    originatorReference: document.originatorReference,
    registeredOn: document.registeredOn,
    meetings: linked('meeting').map((l) => l.id),
    activities: linked('activity').map((l) => l.id),
    priorityLines: linked('priority_line')
      .map((l) => lineCode(l.label))
      .filter((code) => code !== ''),
    holderOrganisationId: document.holder?.id ?? '',
    pointOfContact: document.pointOfContact,
  };
}

/** The edit form's values as a change of the document; agenda items are kept as they are. */
export function documentChangesOf(
  values: DocumentValues,
  document: DocumentDetail,
): DocumentChanges {
  const agendaItems = document.links.filter((l) => l.type === 'agenda_item').map((l) => l.id);
  return {
    title: values.title,
    description: values.description,
    documentType: values.documentType as DocumentType,
    language: values.language as DocumentLanguage,
    registeredOn: values.registeredOn.trim() || undefined,
    originatorReference: values.originatorReference,
    links: {
      meetings: values.meetings,
      agendaItems,
      activities: values.activities,
      priorityLines: lineCodes(values.priorityLines),
    },
    ...(document.isReference
      ? {
          pointOfContact: values.pointOfContact,
          holderOrganisationId: values.holderOrganisationId || null,
        }
      : {}),
  };
}

/** A language code at the end of a file name, as EU documents carry it: "minutes_FR.pdf". */
function languageOfName(stem: string): DocumentLanguage | null {
  const code = /[-_ .]([A-Za-z]{2})$/.exec(stem)?.[1]?.toLowerCase() ?? '';
  return (documentLanguages as readonly string[]).includes(code)
    ? (code as DocumentLanguage)
    : null;
}

/**
 * What a registration leaves empty is taken from its file: the title from the file's name
 * ("2017_JHA-network_minutes_FR.pdf" gives "2017 JHA-network minutes"), the language from a
 * language code ending the name, else English.
 */
export function filledFromFile(
  values: { title: string; language: string },
  filename: string | null,
): { title: string; language: string } {
  const stem = (filename ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const language = languageOfName(stem);
  const words = (language ? stem.slice(0, -3) : stem).replace(/[_]+/g, ' ').trim();
  return {
    title: values.title.trim() === '' ? words : values.title,
    language: values.language === '' ? (language ?? 'en') : values.language,
  };
}
