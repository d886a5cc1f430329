import type { FieldError } from '../../app/errors.js';
import { toolboxOfferKinds, type ToolboxOfferKind } from '../../db/schema.js';

export const MAX_TOOLBOX_TITLE = 200;
export const MAX_THEME_TITLE = 200;
export const MAX_OFFER_TITLE = 300;
export const MAX_LONG_TEXT = 5000;
export const MAX_CONTACT_POINT = 300;
export const MAX_LEGAL_BASIS = 500;
/** More themes than any field of the network's work needs. */
export const MAX_THEMES = 50;

export interface ThemeView {
  id: string;
  position: number;
  title: string;
  description: string;
}

export interface AgencyRef {
  id: string;
  acronym: string;
  name: string;
}

export interface ToolboxSummary {
  id: string;
  title: string;
  description: string;
  themeCount: number;
  /** The offers the reader may read. */
  offerCount: number;
  version: number;
}

export interface ToolboxDetail {
  id: string;
  title: string;
  description: string;
  themes: ThemeView[];
  version: number;
  updatedAt: string;
}

export interface OfferView {
  id: string;
  toolboxId: string;
  agency: AgencyRef;
  kind: ToolboxOfferKind;
  title: string;
  description: string;
  accessConditions: string;
  contactPoint: string;
  legalBasis: string;
  /** The themes it covers, in the toolbox's order. */
  themes: { id: string; title: string }[];
  releasedToObservers: boolean;
  version: number;
  updatedAt: string;
}

/** An offer as people and spreadsheets write it: the agency by acronym, themes by title or id. */
export interface OfferInput {
  agency: string;
  kind: string;
  title: string;
  description: string;
  accessConditions: string;
  contactPoint: string;
  legalBasis: string;
  themes: string[];
  releasedToObservers: boolean;
}

/** An offer whose references are resolved and whose fields are checked. */
export interface ResolvedOffer {
  agency: AgencyRef;
  kind: ToolboxOfferKind;
  title: string;
  description: string;
  accessConditions: string;
  contactPoint: string;
  legalBasis: string;
  themeIds: string[];
  releasedToObservers: boolean;
}

export interface ToolboxInput {
  title: string;
  description: string;
  themes: { title: string; description: string }[];
}

export interface ToolboxChanges {
  title?: string | undefined;
  description?: string | undefined;
}

export interface OfferRevisionView {
  version: number;
  recordedAt: string;
  recordedBy: string | null;
  summary: 'created' | 'edited' | 'imported';
  /** What differs from the version before, field by field; empty for the first. */
  changes: Record<string, { before: unknown; after: unknown }>;
}

/** What the matrix, its views and the export are drawn from. */
export interface MatrixView {
  toolbox: ToolboxDetail;
  /** Every member agency, in the registry's order: a row even when it offers nothing. */
  agencies: AgencyRef[];
  offers: OfferView[];
}

/** What the network resolves offers against: the member agencies and the toolbox's themes. */
export interface OfferVocabulary {
  agencies: ReadonlyMap<string, AgencyRef>;
  themes: readonly ThemeView[];
}

const isOfferKind = (kind: string): kind is ToolboxOfferKind =>
  (toolboxOfferKinds as readonly string[]).includes(kind);

function lengthError(field: string, text: string, max: number): FieldError[] {
  return text.length > max ? [{ field, message: `Write at most ${String(max)} characters.` }] : [];
}

/** Checks an offer and resolves its agency and themes; answers every problem at once. */
export function resolveOffer(
  input: OfferInput,
  vocabulary: OfferVocabulary,
): { offer: ResolvedOffer | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const agency = vocabulary.agencies.get(input.agency.trim().toLowerCase());
  if (!agency) errors.push({ field: 'agency', message: 'Choose one of the member agencies.' });
  const kind = input.kind.trim().toLowerCase();
  if (!isOfferKind(kind))
    errors.push({ field: 'kind', message: `Choose one of: ${toolboxOfferKinds.join(', ')}.` });
  const title = input.title.trim();
  if (title === '') errors.push({ field: 'title', message: 'Give the offer a title.' });
  errors.push(...lengthError('title', title, MAX_OFFER_TITLE));
  errors.push(...lengthError('description', input.description, MAX_LONG_TEXT));
  errors.push(...lengthError('accessConditions', input.accessConditions, MAX_LONG_TEXT));
  const contactPoint = input.contactPoint.trim();
  if (contactPoint === '')
    errors.push({ field: 'contactPoint', message: 'Name who to contact about the offer.' });
  errors.push(...lengthError('contactPoint', contactPoint, MAX_CONTACT_POINT));
  errors.push(...lengthError('legalBasis', input.legalBasis.trim(), MAX_LEGAL_BASIS));
  const themeIds: string[] = [];
  const unknown: string[] = [];
  for (const named of input.themes) {
    const wanted = named.trim().toLowerCase();
    const theme = vocabulary.themes.find(
      (t) => t.id === named.trim() || t.title.toLowerCase() === wanted,
    );
    if (!theme) unknown.push(named);
    else if (!themeIds.includes(theme.id)) themeIds.push(theme.id);
  }
  if (unknown.length > 0)
    errors.push({
      field: 'themes',
      message: `Not a theme of this toolbox: ${unknown.join('; ')}.`,
    });
  else if (themeIds.length === 0)
    errors.push({ field: 'themes', message: 'Choose at least one theme the offer covers.' });
  if (errors.length > 0 || !agency || !isOfferKind(kind)) return { offer: null, errors };
  const order = new Map(vocabulary.themes.map((t) => [t.id, t.position]));
  return {
    offer: {
      agency,
      kind,
      title,
      description: input.description.trim(),
      accessConditions: input.accessConditions.trim(),
      contactPoint,
      legalBasis: input.legalBasis.trim(),
      themeIds: themeIds.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      releasedToObservers: input.releasedToObservers,
    },
    errors: [],
  };
}

/** A stored offer in the terms of a checked input, for comparing with one. */
export function resolvedOf(offer: OfferView): ResolvedOffer {
  return {
    agency: offer.agency,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    accessConditions: offer.accessConditions,
    contactPoint: offer.contactPoint,
    legalBasis: offer.legalBasis,
    themeIds: offer.themes.map((t) => t.id),
    releasedToObservers: offer.releasedToObservers,
  };
}

/** The fields of an offer a change compares and the audit entry records, as plain values. */
export function comparable(offer: ResolvedOffer) {
  return {
    agency: offer.agency.acronym,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    accessConditions: offer.accessConditions,
    contactPoint: offer.contactPoint,
    legalBasis: offer.legalBasis,
    themes: offer.themeIds.join(','),
    releasedToObservers: offer.releasedToObservers,
  };
}

/** The before and after of every field that differs. */
export function offerChanges(
  before: ReturnType<typeof comparable>,
  after: ReturnType<typeof comparable>,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (before[key] !== after[key]) changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}

/** A stored offer as the input that would write it again. */
export function inputOf(offer: OfferView): OfferInput {
  return {
    agency: offer.agency.acronym,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    accessConditions: offer.accessConditions,
    contactPoint: offer.contactPoint,
    legalBasis: offer.legalBasis,
    themes: offer.themes.map((t) => t.id),
    releasedToObservers: offer.releasedToObservers,
  };
}
