import type { ProductView } from './products.model.js';
import {
  AUTHORITY,
  corporateBodies,
  fileTypes,
  periodicities,
  topics,
} from './products.vocabulary.js';

/**
 * The public products as a DCAT-AP 3.0 catalogue (docs/products.md): one dcat:Catalog, each
 * public product a dcat:Dataset with its public link as a dcat:Distribution, the producing
 * agencies as foaf:Agents named by their EU corporate body URIs, and themes, languages,
 * countries, frequencies, file types and the licence from the EU authority tables, and a
 * vcard:Kind contact point for each dataset (the configured one, or the producing agency). Every
 * resource is named by an IRI (no blank nodes), so the Turtle and the JSON-LD written from one
 * graph say the same. Text is the platform's English, tagged "en".
 */

export const namespaces = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Prefix = keyof typeof namespaces;
type Name = `${Prefix}:${string}`;

export type RdfObject =
  { iri: string } | { value: string; language: string } | { value: string; datatype: Name };

export interface Triple {
  subject: string;
  predicate: Name;
  object: RdfObject;
}

const iri = (value: string): RdfObject => ({ iri: value });
const english = (value: string): RdfObject => ({ value, language: 'en' });
const typed = (value: string, datatype: Name): RdfObject => ({ value, datatype });
const expand = (name: Name): string => {
  const colon = name.indexOf(':');
  return namespaces[name.slice(0, colon) as Prefix] + name.slice(colon + 1);
};

const PUBLISHER_TYPE = 'http://purl.org/adms/publishertype/SupraNationalAuthority';
const IANA = 'https://www.iana.org/assignments/media-types/';

/** Words of the topics, as keywords. */
const topicWords: Record<keyof typeof topics, string> = {
  migration: 'migration',
  asylum: 'asylum',
  borders: 'border management',
  'organised-crime': 'serious and organised crime',
  terrorism: 'terrorism',
  drugs: 'drugs',
  cybercrime: 'cybercrime',
  trafficking: 'trafficking in human beings',
  'fundamental-rights': 'fundamental rights',
  'judicial-cooperation': 'judicial cooperation',
  'gender-equality': 'gender equality',
  'it-systems': 'large-scale IT systems',
  training: 'training',
  'external-dimension': 'external dimension',
};

/** What the deployment says of its catalogue: who answers for it, and the licence. */
export interface CatalogueSettings {
  contactName: string;
  /** Unset: each dataset names its producing agency as contact, with its page on the platform. */
  contactEmail: string | null;
  /** A URI of the EU licence table, for the catalogue and every distribution. */
  licence: string;
}

/** The address of the catalogue, which names it, and of each dataset in it. */
export function catalogueIri(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/catalog/products`;
}

/** The catalogue as a graph: triples in a stable order (catalogue, agents, then each dataset). */
export function catalogueGraph(
  publicUrl: string,
  products: readonly ProductView[],
  settings: CatalogueSettings,
): Triple[] {
  const triples: Triple[] = [];
  const add = (subject: string, predicate: Name, object: RdfObject) =>
    triples.push({ subject, predicate, object });
  const typedOnce = new Set<string>();
  /** Declares a vocabulary resource's class once: the shapes check each range by class. */
  const declare = (resource: string, type: Name) => {
    const key = `${resource} ${type}`;
    if (typedOnce.has(key)) return;
    typedOnce.add(key);
    add(resource, 'rdf:type', iri(expand(type)));
  };

  const catalogue = catalogueIri(publicUrl);
  const home = `${publicUrl.replace(/\/$/, '')}/products`;
  const networkAgent = `${catalogue}#publisher`;
  add(catalogue, 'rdf:type', iri(expand('dcat:Catalog')));
  add(catalogue, 'dct:title', english("Index of analytical products of the JHA agencies' network"));
  add(
    catalogue,
    'dct:description',
    english(
      'The public analytical products and reports of the nine EU Justice and Home Affairs agencies: risk analyses, threat assessments, situation reports, statistics, studies and handbooks.',
    ),
  );
  add(catalogue, 'dct:publisher', iri(networkAgent));
  add(catalogue, 'foaf:homepage', iri(home));
  declare(home, 'foaf:Document');
  add(catalogue, 'dct:language', iri(`${AUTHORITY}/language/ENG`));
  declare(`${AUTHORITY}/language/ENG`, 'dct:LinguisticSystem');
  add(catalogue, 'dcat:themeTaxonomy', iri(`${AUTHORITY}/data-theme`));
  declare(`${AUTHORITY}/data-theme`, 'skos:ConceptScheme');
  const issued = products
    .map((p) => p.createdAt)
    .sort()
    .at(0);
  if (issued) add(catalogue, 'dct:issued', typed(issued, 'xsd:dateTime'));
  const modified = products
    .map((p) => p.updatedAt)
    .sort()
    .at(-1);
  if (modified) add(catalogue, 'dct:modified', typed(modified, 'xsd:dateTime'));
  add(catalogue, 'dct:license', iri(settings.licence));
  declare(settings.licence, 'dct:LicenseDocument');
  for (const product of products)
    add(catalogue, 'dcat:dataset', iri(datasetIri(publicUrl, product)));

  add(networkAgent, 'rdf:type', iri(expand('foaf:Agent')));
  add(networkAgent, 'foaf:name', english("JHA agencies' network"));
  add(networkAgent, 'dct:type', iri(PUBLISHER_TYPE));
  declare(PUBLISHER_TYPE, 'skos:Concept');

  const agents = new Map<string, string>();
  for (const product of products)
    for (const agency of product.agencies)
      agents.set(agentIri(agency.acronym, publicUrl), agency.name);
  for (const [agent, name] of agents) {
    add(agent, 'rdf:type', iri(expand('foaf:Agent')));
    add(agent, 'foaf:name', english(name));
    add(agent, 'dct:type', iri(PUBLISHER_TYPE));
  }

  // One configured contact for every dataset, or else each producing agency's own.
  const sharedContact = settings.contactEmail === null ? null : `${catalogue}#contact`;
  if (sharedContact !== null && settings.contactEmail !== null) {
    add(sharedContact, 'rdf:type', iri(expand('vcard:Kind')));
    add(sharedContact, 'vcard:fn', english(settings.contactName));
    add(sharedContact, 'vcard:hasEmail', iri(`mailto:${settings.contactEmail}`));
  }
  const agencyContacts = new Set<string>();
  const contactOf = (agency: ProductView['agencies'][number]): string => {
    const contact = `${catalogueIri(publicUrl)}#contact-${encodeURIComponent(agency.acronym)}`;
    if (agencyContacts.has(contact)) return contact;
    agencyContacts.add(contact);
    add(contact, 'rdf:type', iri(expand('vcard:Kind')));
    add(contact, 'vcard:fn', english(agency.name));
    add(
      contact,
      'vcard:hasURL',
      iri(`${publicUrl.replace(/\/$/, '')}/agencies/${encodeURIComponent(agency.acronym)}`),
    );
    return contact;
  };

  for (const product of products) {
    const dataset = datasetIri(publicUrl, product);
    add(dataset, 'rdf:type', iri(expand('dcat:Dataset')));
    add(dataset, 'dct:title', english(product.title));
    add(dataset, 'dct:description', english(product.summary));
    add(dataset, 'dct:identifier', { value: product.id, datatype: 'xsd:string' });
    const [lead, ...others] = product.agencies;
    if (lead) add(dataset, 'dct:publisher', iri(agentIri(lead.acronym, publicUrl)));
    const contact = sharedContact ?? (lead ? contactOf(lead) : null);
    if (contact !== null) add(dataset, 'dcat:contactPoint', iri(contact));
    for (const agency of others)
      add(dataset, 'dct:creator', iri(agentIri(agency.acronym, publicUrl)));
    for (const theme of new Set(product.topics.map((t) => topics[t]))) {
      const themeIri = `${AUTHORITY}/data-theme/${theme}`;
      add(dataset, 'dcat:theme', iri(themeIri));
      declare(themeIri, 'skos:Concept');
    }
    for (const topic of product.topics) add(dataset, 'dcat:keyword', english(topicWords[topic]));
    for (const language of product.languages) {
      const languageIri = `${AUTHORITY}/language/${language}`;
      add(dataset, 'dct:language', iri(languageIri));
      declare(languageIri, 'dct:LinguisticSystem');
    }
    for (const country of product.countries) {
      const countryIri = `${AUTHORITY}/country/${country}`;
      add(dataset, 'dct:spatial', iri(countryIri));
      declare(countryIri, 'dct:Location');
    }
    const frequency = `${AUTHORITY}/frequency/${periodicities[product.periodicity].frequency}`;
    add(dataset, 'dct:accrualPeriodicity', iri(frequency));
    declare(frequency, 'dct:Frequency');
    if (product.periodStart !== null && product.periodEnd !== null) {
      const period = `${dataset}#period`;
      add(dataset, 'dct:temporal', iri(period));
      add(period, 'rdf:type', iri(expand('dct:PeriodOfTime')));
      add(period, 'dcat:startDate', typed(product.periodStart, 'xsd:date'));
      add(period, 'dcat:endDate', typed(product.periodEnd, 'xsd:date'));
    }
    if (product.publishedOn !== null)
      add(dataset, 'dct:issued', typed(product.publishedOn, 'xsd:date'));
    add(dataset, 'dct:modified', typed(product.updatedAt, 'xsd:dateTime'));
    if (product.publicUrl !== null) {
      add(dataset, 'dcat:landingPage', iri(product.publicUrl));
      declare(product.publicUrl, 'foaf:Document');
      const distribution = `${dataset}#distribution`;
      add(dataset, 'dcat:distribution', iri(distribution));
      add(distribution, 'rdf:type', iri(expand('dcat:Distribution')));
      add(distribution, 'dct:title', english(product.title));
      add(distribution, 'dct:description', english(product.summary));
      add(distribution, 'dcat:accessURL', iri(product.publicUrl));
      add(distribution, 'dct:license', iri(settings.licence));
      if (product.fileType !== null) {
        const format = `${AUTHORITY}/file-type/${product.fileType}`;
        add(distribution, 'dct:format', iri(format));
        declare(format, 'dct:MediaTypeOrExtent');
        const mediaType = IANA + fileTypes[product.fileType];
        add(distribution, 'dcat:mediaType', iri(mediaType));
        declare(mediaType, 'dct:MediaType');
        if (product.fileType !== 'HTML')
          add(distribution, 'dcat:downloadURL', iri(product.publicUrl));
      }
      for (const language of product.languages)
        add(distribution, 'dct:language', iri(`${AUTHORITY}/language/${language}`));
    }
  }
  return triples;
}

function datasetIri(publicUrl: string, product: ProductView): string {
  return `${catalogueIri(publicUrl)}/${product.id}`;
}

/** An agency's EU corporate body URI; an agency the table does not hold, an IRI of the platform. */
function agentIri(acronym: string, publicUrl: string): string {
  const code = corporateBodies[acronym];
  return code === undefined
    ? `${catalogueIri(publicUrl)}#agency-${encodeURIComponent(acronym)}`
    : `${AUTHORITY}/corporate-body/${code}`;
}

/** Text as a Turtle string: quotes, backslashes and control characters escaped. */
function turtleString(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '"') out += '\\"';
    else if (character === '\\') out += '\\\\';
    else if (character === '\n') out += '\\n';
    else if (character === '\r') out += '\\r';
    else if (character === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += character;
  }
  return `"${out}"`;
}

/** An IRI in Turtle: characters an IRIREF may not hold are written as \u escapes. */
function turtleIri(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
  return `<${value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)}>`;
}

function turtleObject(object: RdfObject): string {
  if ('iri' in object) return turtleIri(object.iri);
  if ('language' in object) return `${turtleString(object.value)}@${object.language}`;
  return `${turtleString(object.value)}^^${object.datatype}`;
}

/** The graph as Turtle, each subject's statements together. */
export function toTurtle(triples: readonly Triple[]): string {
  const lines = Object.entries(namespaces).map(
    ([prefix, base]) => `@prefix ${prefix}: <${base}> .`,
  );
  for (const [subject, statements] of bySubject(triples)) {
    lines.push('');
    lines.push(
      `${turtleIri(subject)}\n${statements
        .map(
          (t) => `    ${t.predicate === 'rdf:type' ? 'a' : t.predicate} ${turtleObject(t.object)}`,
        )
        .join(' ;\n')} .`,
    );
  }
  return `${lines.join('\n')}\n`;
}

type JsonLdValue =
  | { '@id': string }
  | { '@value': string; '@language': string }
  | { '@value': string; '@type': string };

/** The graph as JSON-LD: one node object per subject in "@graph", prefixes in the context. */
export function toJsonLd(triples: readonly Triple[]): {
  '@context': Record<string, string>;
  '@graph': Record<string, unknown>[];
} {
  const graph: Record<string, unknown>[] = [];
  for (const [subject, statements] of bySubject(triples)) {
    const node: Record<string, unknown> = { '@id': subject };
    const types = statements.filter((t) => t.predicate === 'rdf:type');
    if (types.length > 0) node['@type'] = types.map((t) => ('iri' in t.object ? t.object.iri : ''));
    for (const statement of statements) {
      if (statement.predicate === 'rdf:type') continue;
      const object = statement.object;
      const value: JsonLdValue =
        'iri' in object
          ? { '@id': object.iri }
          : 'language' in object
            ? { '@value': object.value, '@language': object.language }
            : { '@value': object.value, '@type': object.datatype };
      const list = (node[statement.predicate] as JsonLdValue[] | undefined) ?? [];
      list.push(value);
      node[statement.predicate] = list;
    }
    graph.push(node);
  }
  return { '@context': { ...namespaces }, '@graph': graph };
}

function bySubject(triples: readonly Triple[]): Map<string, Triple[]> {
  const grouped = new Map<string, Triple[]>();
  for (const triple of triples) {
    const list = grouped.get(triple.subject);
    if (list) list.push(triple);
    else grouped.set(triple.subject, [triple]);
  }
  return grouped;
}
