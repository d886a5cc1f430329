import { randomUUID } from 'node:crypto';
import type { Services } from '../../app/services.js';
import type { RecordSourceTable } from '../../db/schema.js';
import { ILLUSTRATIVE } from '../../demo-sources.js';
import { resolveProduct, type ProductInput } from './products.model.js';
import { loadVocabulary } from './products.repository.js';

/**
 * A product of the demo: the paper names the index (2.1) and SOCTA 2017 (1.2); the other products
 * are those the agencies published in 2017, as the paper's lines on analysis and situation
 * awareness imply them. Their dates, links, audiences and countries are illustrative.
 */
interface DemoProduct extends Omit<ProductInput, 'activities' | 'document' | 'year' | 'series'> {
  series?: string;
  /** Titles of the 2017 scorecard activities that deliver it. */
  deliveredBy?: string[];
  /** The section of the paper that names it; illustrative when absent. */
  source?: { section: string; note: string };
}

const yearly2016 = { periodStart: '2016-01-01', periodEnd: '2016-12-31', periodicity: 'yearly' };

const demoProducts: DemoProduct[] = [
  {
    title: 'EU Serious and Organised Crime Threat Assessment (SOCTA) 2017',
    summary:
      'The assessment of serious and organised crime in the EU that prepares the priorities of the EU Policy Cycle 2018–2021, with the expertise of the JHA agencies.',
    kind: 'threat-assessment',
    agencies: ['Europol'],
    periodicity: 'irregular',
    periodStart: '2013-01-01',
    periodEnd: '2016-12-31',
    publishedOn: '2017-03-09',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://www.europol.europa.eu/socta-report',
    fileType: 'HTML',
    topics: ['organised-crime', 'trafficking', 'drugs', 'cybercrime'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.4', '2.1.7'],
    deliveredBy: ['Support to SOCTA 2017 and the EU Policy Cycle priorities for 2018–2021'],
    source: {
      section: '1.2',
      note: 'Section 1.2 asks the agencies to support the development of SOCTA 2017; its dates, link and topics are illustrative.',
    },
  },
  {
    title: 'Risk Analysis for 2017',
    summary:
      "Frontex's annual analysis of the situation at the EU's external borders in 2016 and of the risks ahead.",
    kind: 'risk-analysis',
    series: 'Frontex Annual Risk Analysis',
    agencies: ['Frontex'],
    ...yearly2016,
    publishedOn: '2017-02-15',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://frontex.europa.eu/publications/',
    fileType: 'PDF',
    topics: ['borders', 'migration', 'trafficking'],
    countries: ['GRC', 'ITA', 'ESP', 'BGR', 'HUN', 'LBY', 'TUR'],
    languages: ['ENG'],
    lines: ['2.1.7'],
    deliveredBy: [
      'Regular exchange of situation awareness products on asylum, migration and borders',
    ],
  },
  {
    title: 'FRAN Quarterly, first quarter 2017',
    summary:
      'Detections of irregular border crossing, refusals of entry and document fraud reported by the Frontex Risk Analysis Network in the quarter.',
    kind: 'statistics',
    series: 'FRAN Quarterly',
    agencies: ['Frontex'],
    periodicity: 'quarterly',
    periodStart: '2017-01-01',
    periodEnd: '2017-03-31',
    publishedOn: '2017-07-05',
    audience: 'network',
    releasedToObservers: true,
    publicUrl: null,
    fileType: null,
    topics: ['borders', 'migration'],
    countries: ['GRC', 'ITA', 'ESP'],
    languages: ['ENG'],
    lines: ['1.1.5'],
    deliveredBy: [
      'Regular exchange of situation awareness products on asylum, migration and borders',
    ],
  },
  {
    title: 'EU Terrorism Situation and Trend Report (TE-SAT) 2017',
    summary:
      'Terrorist attacks, arrests and convictions in the EU in 2016, with the data of Eurojust on concluded court proceedings.',
    kind: 'trend-report',
    series: 'TE-SAT',
    agencies: ['Europol', 'Eurojust'],
    ...yearly2016,
    publishedOn: '2017-06-15',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://www.europol.europa.eu/tesat-report',
    fileType: 'PDF',
    topics: ['terrorism', 'judicial-cooperation'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.6'],
  },
  {
    title: 'Internet Organised Crime Threat Assessment (IOCTA) 2017',
    summary: 'Threats of cybercrime and of crime the internet enables, as seen by law enforcement.',
    kind: 'threat-assessment',
    series: 'IOCTA',
    agencies: ['Europol'],
    periodicity: 'yearly',
    periodStart: '2016-07-01',
    periodEnd: '2017-06-30',
    publishedOn: '2017-09-27',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://www.europol.europa.eu/iocta-report',
    fileType: 'PDF',
    topics: ['cybercrime', 'organised-crime'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.2'],
  },
  {
    title: 'European Drug Report 2017: Trends and Developments',
    summary: 'The drug situation in Europe: supply, use, harms and responses, in 2016.',
    kind: 'trend-report',
    series: 'European Drug Report',
    agencies: ['EUDA'],
    ...yearly2016,
    publishedOn: '2017-06-06',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://www.euda.europa.eu/publications/edr/trends-developments/2017_en',
    fileType: 'PDF',
    topics: ['drugs'],
    countries: [],
    languages: ['ENG', 'FRA', 'DEU', 'POR', 'SPA', 'ITA'],
    lines: ['1.2.3'],
  },
  {
    title: 'Drugs and the darknet: perspectives for enforcement, research and policy',
    summary: 'A joint EMCDDA–Europol analysis of drug markets on the darknet.',
    kind: 'study',
    agencies: ['EUDA', 'Europol'],
    periodicity: 'one-off',
    periodStart: null,
    periodEnd: null,
    publishedOn: '2017-11-28',
    audience: 'public',
    releasedToObservers: true,
    publicUrl:
      'https://www.euda.europa.eu/publications/joint-publications/drugs-and-the-darknet_en',
    fileType: 'PDF',
    topics: ['drugs', 'cybercrime'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.3'],
    deliveredBy: ['Drugs and the darknet: joint EMCDDA–Europol analysis'],
  },
  {
    title: 'Latest asylum trends, May 2017',
    summary: 'Applications for international protection in the EU+ in the month, by citizenship.',
    kind: 'statistics',
    series: 'Latest asylum trends',
    agencies: ['EUAA'],
    periodicity: 'monthly',
    periodStart: '2017-05-01',
    periodEnd: '2017-05-31',
    publishedOn: '2017-07-10',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://euaa.europa.eu/latest-asylum-trends',
    fileType: 'HTML',
    topics: ['asylum', 'migration'],
    countries: ['SYR', 'AFG', 'IRQ', 'NGA', 'PAK', 'ERI'],
    languages: ['ENG'],
    lines: ['1.1.5'],
  },
  {
    title: 'Fundamental Rights Report 2017',
    summary:
      "FRA's annual review of fundamental rights in the EU in 2016, with a focus on asylum and migration.",
    kind: 'annual-report',
    series: 'Fundamental Rights Report',
    agencies: ['FRA'],
    ...yearly2016,
    publishedOn: '2017-05-30',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://fra.europa.eu/en/publication/2017/fundamental-rights-report-2017',
    fileType: 'PDF',
    topics: ['fundamental-rights', 'migration', 'asylum'],
    countries: [],
    languages: ['ENG', 'FRA', 'DEU'],
    lines: ['1.1.3'],
  },
  {
    title: 'Monthly overview of migration-related fundamental rights concerns, September 2017',
    summary: 'Fundamental rights concerns in the Member States most affected by arrivals.',
    kind: 'situation-report',
    series: 'Migration: fundamental rights concerns',
    agencies: ['FRA'],
    periodicity: 'monthly',
    periodStart: '2017-09-01',
    periodEnd: '2017-09-30',
    publishedOn: '2017-11-02',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://fra.europa.eu/en/publications-and-resources',
    fileType: 'HTML',
    topics: ['fundamental-rights', 'migration'],
    countries: ['AUT', 'BGR', 'DEU', 'GRC', 'HUN', 'ITA', 'SWE'],
    languages: ['ENG'],
    lines: ['1.1.3'],
    deliveredBy: [
      'Protection of vulnerable persons in the hotspots, especially women and unaccompanied children',
    ],
  },
  {
    title: 'SIS II 2016 statistics',
    summary: 'Alerts and hits in the second-generation Schengen Information System in 2016.',
    kind: 'statistics',
    series: 'SIS II annual statistics',
    agencies: ['eu-LISA'],
    ...yearly2016,
    publishedOn: '2017-03-27',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://www.eulisa.europa.eu/Publications/Reports',
    fileType: 'PDF',
    topics: ['it-systems', 'borders'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.1'],
  },
  {
    title: 'Terrorism Convictions Monitor, issue 28',
    summary: 'Terrorism-related court decisions in the Member States, for practitioners.',
    kind: 'situation-report',
    series: 'Terrorism Convictions Monitor',
    agencies: ['Eurojust'],
    periodicity: 'half-yearly',
    periodStart: '2017-01-01',
    periodEnd: '2017-06-30',
    publishedOn: '2017-09-15',
    audience: 'network',
    releasedToObservers: false,
    publicUrl: null,
    fileType: null,
    topics: ['terrorism', 'judicial-cooperation'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.6'],
  },
  {
    title: 'Gender Equality Index 2017',
    summary:
      'How far the EU and its Member States are from gender equality, with violence against women measured.',
    kind: 'statistics',
    series: 'Gender Equality Index',
    agencies: ['EIGE'],
    periodicity: 'biennial',
    periodStart: '2015-01-01',
    periodEnd: '2016-12-31',
    publishedOn: '2017-10-11',
    audience: 'public',
    releasedToObservers: true,
    publicUrl: 'https://eige.europa.eu/gender-equality-index',
    fileType: 'HTML',
    topics: ['gender-equality'],
    countries: [],
    languages: ['ENG'],
    lines: ['1.2.2'],
  },
  {
    title: 'Joint briefing on secondary movements of migrants',
    summary:
      'Frontex, EASO and Europol share what they see of secondary movements, for the network only.',
    kind: 'situation-report',
    agencies: ['Frontex', 'EUAA', 'Europol'],
    periodicity: 'one-off',
    periodStart: '2017-01-01',
    periodEnd: '2017-06-30',
    publishedOn: '2017-09-20',
    audience: 'producers',
    releasedToObservers: false,
    publicUrl: null,
    fileType: null,
    topics: ['migration', 'borders', 'asylum'],
    countries: ['AUT', 'DEU', 'ITA', 'GRC'],
    languages: ['ENG'],
    lines: ['1.1.5'],
  },
];

/** Seeds the index of products with the products of 2017 and where their facts come from. */
export async function seedDemoProducts(services: Services): Promise<number> {
  const db = services.database.db;
  const vocabulary = await loadVocabulary(db, 2017);
  const activities = await db
    .selectFrom('scorecard_activities')
    .select(['id', 'title'])
    .where('year', '=', 2017)
    .execute();
  const sources: RecordSourceTable[] = [];
  await db.transaction().execute(async (trx) => {
    for (const { deliveredBy = [], source, series = '', ...demo } of demoProducts) {
      const { product, errors } = resolveProduct(
        { ...demo, series, year: 2017, document: null, activities: [] },
        vocabulary,
      );
      if (!product) throw new Error(`${demo.title}: ${errors.map((e) => e.message).join(' ')}`);
      const id = randomUUID();
      const activityIds = deliveredBy.flatMap(
        (title) => activities.find((a) => a.title === title)?.id ?? [],
      );
      await services.products.insert(trx, id, product, null, activityIds, null);
      sources.push({
        record_type: 'product',
        record_id: id,
        source: source?.section ?? ILLUSTRATIVE,
        note:
          source?.note ??
          'Section 2.1 names the index of analytical products and reports; this product, its dates, link, audience, countries and links are illustrative.',
      });
    }
    await trx.insertInto('record_sources').values(sources).execute();
  });
  return sources.length;
}
