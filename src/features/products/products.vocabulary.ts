/**
 * The words of the index and the EU vocabularies they map to. The codes on the right are those
 * of the Publications Office's authority tables (http://publications.europa.eu/resource/authority/),
 * which DCAT-AP asks a catalogue to use: data themes, frequencies, languages, countries, file
 * types and corporate bodies.
 */

export const AUTHORITY = 'http://publications.europa.eu/resource/authority';

export const productKinds = [
  'risk-analysis',
  'threat-assessment',
  'situation-report',
  'statistics',
  'trend-report',
  'study',
  'handbook',
  'annual-report',
  'other',
] as const;
export type ProductKind = (typeof productKinds)[number];

/**
 * How often a product appears: the months between editions (none for a one-off or irregular
 * product, which has no next edition to expect), and the EU frequency code.
 */
export const periodicities = {
  'one-off': { months: null, frequency: 'NEVER' },
  monthly: { months: 1, frequency: 'MONTHLY' },
  quarterly: { months: 3, frequency: 'QUARTERLY' },
  'half-yearly': { months: 6, frequency: 'ANNUAL_2' },
  yearly: { months: 12, frequency: 'ANNUAL' },
  biennial: { months: 24, frequency: 'BIENNIAL' },
  irregular: { months: null, frequency: 'IRREG' },
} as const;
export type Periodicity = keyof typeof periodicities;
export const periodicityCodes = Object.keys(periodicities) as Periodicity[];

/**
 * Who a product is for. Public: everyone, and the open data catalogue. Network: the member
 * agencies (observers when it is released to them). Producers: the producing agencies alone.
 */
export const audiences = ['public', 'network', 'producers'] as const;
export type Audience = (typeof audiences)[number];

/** Topics of the JHA area, each under the EU data theme a harvester files it under. */
export const topics = {
  migration: 'SOCI',
  asylum: 'SOCI',
  borders: 'JUST',
  'organised-crime': 'JUST',
  terrorism: 'JUST',
  drugs: 'HEAL',
  cybercrime: 'TECH',
  trafficking: 'JUST',
  'fundamental-rights': 'JUST',
  'judicial-cooperation': 'JUST',
  'gender-equality': 'SOCI',
  'it-systems': 'TECH',
  training: 'EDUC',
  'external-dimension': 'INTR',
} as const;
export type Topic = keyof typeof topics;
export const topicCodes = Object.keys(topics) as Topic[];

/** The EU's official languages: authority code, and the BCP 47 tag of literals in it. */
export const languages = {
  BUL: { tag: 'bg', name: 'Bulgarian' },
  CES: { tag: 'cs', name: 'Czech' },
  DAN: { tag: 'da', name: 'Danish' },
  DEU: { tag: 'de', name: 'German' },
  ELL: { tag: 'el', name: 'Greek' },
  ENG: { tag: 'en', name: 'English' },
  EST: { tag: 'et', name: 'Estonian' },
  FIN: { tag: 'fi', name: 'Finnish' },
  FRA: { tag: 'fr', name: 'French' },
  GLE: { tag: 'ga', name: 'Irish' },
  HRV: { tag: 'hr', name: 'Croatian' },
  HUN: { tag: 'hu', name: 'Hungarian' },
  ITA: { tag: 'it', name: 'Italian' },
  LAV: { tag: 'lv', name: 'Latvian' },
  LIT: { tag: 'lt', name: 'Lithuanian' },
  MLT: { tag: 'mt', name: 'Maltese' },
  NLD: { tag: 'nl', name: 'Dutch' },
  POL: { tag: 'pl', name: 'Polish' },
  POR: { tag: 'pt', name: 'Portuguese' },
  RON: { tag: 'ro', name: 'Romanian' },
  SLK: { tag: 'sk', name: 'Slovak' },
  SLV: { tag: 'sl', name: 'Slovenian' },
  SPA: { tag: 'es', name: 'Spanish' },
  SWE: { tag: 'sv', name: 'Swedish' },
} as const;
export type LanguageCode = keyof typeof languages;
export const languageCodes = Object.keys(languages) as LanguageCode[];

/**
 * Countries a product may cover, by the EU country authority code (ISO 3166-1 alpha-3): the
 * Member States, the Schengen associated countries and the countries of origin and transit the
 * agencies' products most often cover.
 */
export const countries = {
  AUT: 'Austria',
  BEL: 'Belgium',
  BGR: 'Bulgaria',
  HRV: 'Croatia',
  CYP: 'Cyprus',
  CZE: 'Czechia',
  DNK: 'Denmark',
  EST: 'Estonia',
  FIN: 'Finland',
  FRA: 'France',
  DEU: 'Germany',
  GRC: 'Greece',
  HUN: 'Hungary',
  IRL: 'Ireland',
  ITA: 'Italy',
  LVA: 'Latvia',
  LTU: 'Lithuania',
  LUX: 'Luxembourg',
  MLT: 'Malta',
  NLD: 'Netherlands',
  POL: 'Poland',
  PRT: 'Portugal',
  ROU: 'Romania',
  SVK: 'Slovakia',
  SVN: 'Slovenia',
  ESP: 'Spain',
  SWE: 'Sweden',
  ISL: 'Iceland',
  LIE: 'Liechtenstein',
  NOR: 'Norway',
  CHE: 'Switzerland',
  GBR: 'United Kingdom',
  ALB: 'Albania',
  BIH: 'Bosnia and Herzegovina',
  MNE: 'Montenegro',
  MKD: 'North Macedonia',
  SRB: 'Serbia',
  TUR: 'Türkiye',
  UKR: 'Ukraine',
  MDA: 'Moldova',
  GEO: 'Georgia',
  MAR: 'Morocco',
  DZA: 'Algeria',
  TUN: 'Tunisia',
  LBY: 'Libya',
  EGY: 'Egypt',
  NGA: 'Nigeria',
  ERI: 'Eritrea',
  SYR: 'Syria',
  IRQ: 'Iraq',
  AFG: 'Afghanistan',
  PAK: 'Pakistan',
  BGD: 'Bangladesh',
  COL: 'Colombia',
} as const;
export type CountryCode = keyof typeof countries;
export const countryCodes = Object.keys(countries) as CountryCode[];

/** Forms a public product takes: EU file type code and its media type. */
export const fileTypes = {
  PDF: 'application/pdf',
  HTML: 'text/html',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  CSV: 'text/csv',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ZIP: 'application/zip',
} as const;
export type FileType = keyof typeof fileTypes;
export const fileTypeCodes = Object.keys(fileTypes) as FileType[];

/** The member agencies by today's acronym, as the EU corporate body authority table names them. */
export const corporateBodies: Readonly<Record<string, string>> = {
  CEPOL: 'CEPOL',
  EUAA: 'EUAA',
  EIGE: 'EIGE',
  EUDA: 'EUDA',
  'eu-LISA': 'EULISA',
  Eurojust: 'EUROJUST',
  Europol: 'EUROPOL',
  FRA: 'FRA',
  Frontex: 'FRONTEX',
};

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
