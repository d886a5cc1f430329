import type { ClassificationName, DocumentLinkType, Releasability, Tlp } from '../../db/schema.js';

/** What the documents feature takes in and gives out, shared by the service, API and pages. */

export const documentTypes = [
  'analysis',
  'report',
  'minutes',
  'agenda',
  'briefing',
  'training',
  'agreement',
  'toolbox',
  'correspondence',
  'presentation',
  'other',
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** The official languages of the EU, by ISO 639-1 code. */
export const documentLanguages = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

export interface MarkingInput {
  classification: ClassificationName;
  limite?: boolean | undefined;
  sensitive?: boolean | undefined;
  tlp?: Tlp | null | undefined;
  releasability: Releasability;
  /** For "named": the organisations, besides the originator, the document is released to. */
  releasedTo?: readonly string[] | undefined;
  /** For TLP:RED: the users who may read it; whoever registered it or marks it is always one. */
  recipients?: readonly string[] | undefined;
}

export interface LinksInput {
  meetings?: readonly string[] | undefined;
  agendaItems?: readonly string[] | undefined;
  activities?: readonly string[] | undefined;
  /** Codes such as "1.1.3", in the priorities of the year the document is registered in. */
  priorityLines?: readonly string[] | undefined;
}

export interface DocumentInput {
  title: string;
  description?: string | undefined;
  documentType: DocumentType;
  language: DocumentLanguage;
  /** The originator's own reference, such as its file number; not unique. */
  originatorReference?: string | undefined;
  /**
   * Taken as `originatorReference`, for clients written when a user could choose the number:
   * the registration number is always the platform's, ORIGINATOR-YEAR-NNNNN.
   */
  registrationNumber?: string | undefined;
  /** Omitted: today. */
  registeredOn?: string | undefined;
  links?: LinksInput | undefined;
  marking: MarkingInput;
  /** For a reference record: the agency that holds the content. Default: the originator. */
  holderOrganisationId?: string | null | undefined;
  /** For a reference record: whom to ask for the content. */
  pointOfContact?: string | undefined;
}

export type DocumentChanges = Partial<
  Pick<
    DocumentInput,
    | 'title'
    | 'description'
    | 'documentType'
    | 'language'
    | 'registeredOn'
    | 'links'
    | 'holderOrganisationId'
    | 'pointOfContact'
    | 'originatorReference'
  >
>;

export interface FileUpload {
  filename: string;
  content: Buffer;
  note?: string | undefined;
}

export interface OrganisationRef {
  id: string;
  acronym: string;
  /** Of the originator: its acronym on the registration day, when it was named otherwise. */
  acronymOnDate?: string;
}

export interface MarkingView {
  classification: ClassificationName;
  classificationLabel: string;
  limite: boolean;
  sensitive: boolean;
  tlp: Tlp | null;
  releasability: Releasability;
  releasedTo: OrganisationRef[];
  recipients: { id: string; name: string }[];
  /** The marking as one line, as banners and file headers show it. */
  line: string;
}

export interface FileView {
  number: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  note: string;
  uploadedAt: string;
  uploadedBy: string | null;
  textChars: number;
  textFailed: boolean;
  /** The text is still being extracted: textChars and textFailed tell nothing yet. */
  textPending: boolean;
}

export interface DocumentSummary {
  id: string;
  registrationNumber: string;
  originatorReference: string;
  registeredOn: string;
  title: string;
  documentType: string;
  language: string;
  originator: OrganisationRef;
  marking: MarkingView;
  /** Classified above this deployment's ceiling: the record says where the content is. */
  isReference: boolean;
  currentFile: FileView | null;
  version: number;
  updatedAt: string;
  /** In search results: a passage around the terms, matches between \uE000 and \uE001. */
  snippet: string | null;
}

export interface LinkView {
  type: DocumentLinkType;
  id: string;
  label: string;
}

export interface MarkingChangeView {
  kind: string;
  before: string;
  after: string;
  reason: string;
  by: string | null;
  at: string;
}

export interface DocumentDetail extends DocumentSummary {
  description: string;
  registeredBy: string | null;
  holder: OrganisationRef | null;
  pointOfContact: string;
  links: LinkView[];
  files: FileView[];
  scheduledChange: {
    on: string;
    classification: ClassificationName;
    classificationLabel: string;
    reason: string;
  } | null;
  markingHistory: MarkingChangeView[];
  permissions: { edit: boolean; mark: boolean; download: boolean; seeDownloads: boolean };
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface DocumentFacets {
  originator: FacetValue[];
  type: FacetValue[];
  language: FacetValue[];
  year: FacetValue[];
  classification: FacetValue[];
  tlp: FacetValue[];
}

export const documentSortKeys = ['relevance', 'registered', 'title', 'registration'] as const;
export type DocumentSortKey = (typeof documentSortKeys)[number];

export interface DocumentListQuery {
  q?: string | undefined;
  originator?: readonly string[] | undefined;
  type?: readonly string[] | undefined;
  language?: readonly string[] | undefined;
  year?: readonly number[] | undefined;
  classification?: readonly ClassificationName[] | undefined;
  tlp?: readonly (Tlp | 'none')[] | undefined;
  linkedType?: DocumentLinkType | undefined;
  linkedId?: string | undefined;
  sort?: DocumentSortKey | undefined;
  direction?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

/**
 * Matches are counted up to this many, facets and ranked pages drawn from this many: beyond it a
 * count or a ranking would cost in proportion to the whole register (a word found in nearly
 * every document), and "more than 10,000" tells a reader as much as the exact figure.
 */
export const MAX_COUNTED_MATCHES = 10_000;

export interface DocumentSearchResult {
  items: DocumentSummary[];
  /** Every match the reader may read, or `MAX_COUNTED_MATCHES` when there are more. */
  total: number;
  /**
   * More matches than `MAX_COUNTED_MATCHES`: the total says "more than", the facets count the
   * first ones only, and a search's pages rank those first ones (the most recently indexed).
   */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  facets: DocumentFacets;
  /** The most restrictive marking of the documents listed, for the page's banner. */
  marking: { line: string; classification: ClassificationName };
}

export interface DownloadView {
  at: string;
  userEmail: string;
  organisation: string;
  fileNumber: number;
  rendition: string;
}
