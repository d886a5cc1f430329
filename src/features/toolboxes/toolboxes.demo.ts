import { randomUUID } from 'node:crypto';
import type { Services } from '../../app/services.js';
import { ILLUSTRATIVE } from '../../demo-sources.js';
import type { RecordSourceTable } from '../../db/schema.js';
import { resolveOffer, type OfferInput } from './toolboxes.model.js';

interface DemoOffer extends Omit<OfferInput, 'releasedToObservers' | 'description'> {
  description?: string;
  released?: boolean;
  /** The section of the paper that states the offer, or illustrative. */
  source: string;
  note: string;
}

interface DemoToolbox {
  title: string;
  description: string;
  source: string;
  themes: string[];
  offers: DemoOffer[];
}

const implied = 'The paper names the field; which agency offers it, and how, is illustrative.';

/**
 * The two toolboxes of the 2017 paper: on migration (1.1, "providing an overview of the areas of
 * work covered by the JHA agencies in this field and their respective areas of competence") and
 * on foreign terrorist fighters (1.2, to be updated). Offers the paper states (Joint
 * Investigation Teams under Eurojust's auspices, the Eurosur Fusion Services) trace to their
 * section; the others are what the paper implies, marked illustrative. Document fraud is left
 * uncovered in the migration toolbox, so that the demonstration shows a gap.
 */
const demoToolboxes: readonly DemoToolbox[] = [
  {
    title: "JHA agencies' toolbox on migration",
    description:
      'An overview of the areas of work covered by the JHA agencies in migration, asylum and border management, and their respective areas of competence.',
    source: '1.1',
    themes: [
      'Migrant smuggling',
      'Trafficking in human beings',
      'Document fraud',
      'Returns',
      'Asylum support',
      'Border management',
      'Fundamental rights',
    ],
    offers: [
      {
        agency: 'Eurojust',
        kind: 'service',
        title: 'Joint Investigation Teams against migrant smugglers',
        description:
          'Setting up and funding Joint Investigation Teams, and advice on the admissibility of evidence, to disrupt the business model of smugglers.',
        accessConditions: 'On request of national judicial authorities.',
        contactPoint: 'Eurojust national desks',
        legalBasis: 'Council Decision 2002/187/JHA',
        themes: ['Migrant smuggling', 'Trafficking in human beings'],
        released: true,
        source: '1.1',
        note: 'The paper asks for Joint Investigation Teams under the auspices of Eurojust (1.1); access and legal basis are illustrative.',
      },
      {
        agency: 'Frontex',
        kind: 'service',
        title: 'Eurosur Fusion Services',
        description:
          'A situational picture combining data sources with EMSA, EFCA, Europol and MAOC (N).',
        accessConditions: 'For national coordination centres.',
        contactPoint: 'Frontex Situation Centre',
        legalBasis: 'Regulation (EU) 2016/1624',
        themes: ['Border management', 'Migrant smuggling'],
        released: true,
        source: '1.1',
        note: 'The paper names the Eurosur Fusion Services (1.1); access and legal basis are illustrative.',
      },
      {
        agency: 'Europol',
        kind: 'expertise',
        title: 'Operational support in the hotspots',
        description:
          'Secondary security checks and coordinated security measures, using the European Multidisciplinary Platform Against Criminal Threats.',
        accessConditions: 'On request of the host Member State.',
        contactPoint: 'European Migrant Smuggling Centre',
        legalBasis: 'Regulation (EU) 2016/794',
        themes: ['Migrant smuggling', 'Border management'],
        released: true,
        source: ILLUSTRATIVE,
        note: 'Section 1.1 asks for coordinated security measures in the hotspots using EMPACT; the offering agency and details are illustrative.',
      },
      {
        agency: 'Europol',
        kind: 'product',
        title: 'Intelligence notifications on trafficking networks',
        accessConditions: 'Law enforcement authorities of the Member States.',
        contactPoint: 'Europol national units',
        legalBasis: 'Regulation (EU) 2016/794',
        themes: ['Trafficking in human beings'],
        released: false,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'EUAA',
        kind: 'service',
        title: 'Support to asylum systems under particular pressure',
        description:
          'Asylum support teams helping Member States implement the Common European Asylum System.',
        accessConditions: 'Operating plan agreed with the Member State.',
        contactPoint: 'Operational support centre',
        legalBasis: 'Regulation (EU) No 439/2010',
        themes: ['Asylum support'],
        released: true,
        source: ILLUSTRATIVE,
        note: 'Section 1.1 highlights support for the Common European Asylum System; the offering agency and details are illustrative.',
      },
      {
        agency: 'Frontex',
        kind: 'service',
        title: 'Return operations support',
        accessConditions: 'Member States organising return operations.',
        contactPoint: 'European Centre for Returns',
        legalBasis: 'Regulation (EU) 2016/1624',
        themes: ['Returns'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'FRA',
        kind: 'expertise',
        title: 'Fundamental rights advice in the hotspots',
        description:
          'Advice on the rights of vulnerable groups: women, children and unaccompanied minors, victims of crime, people with disabilities.',
        accessConditions: 'For EU agencies and national authorities.',
        contactPoint: 'Fundamental rights and migration team',
        legalBasis: 'Council Regulation (EC) No 168/2007',
        themes: ['Fundamental rights', 'Asylum support', 'Returns'],
        released: true,
        source: ILLUSTRATIVE,
        note: 'Section 1.1 stresses fundamental rights and vulnerable groups; the offering agency and details are illustrative.',
      },
      {
        agency: 'CEPOL',
        kind: 'training',
        title: 'Courses on trafficking in human beings and migrant smuggling',
        accessConditions: 'Law enforcement officials, through the CEPOL national units.',
        contactPoint: 'CEPOL training unit',
        legalBasis: 'Regulation (EU) 2015/2219',
        themes: ['Trafficking in human beings', 'Migrant smuggling'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'eu-LISA',
        kind: 'data',
        title: 'Eurodac, VIS and SIS II operational statistics',
        accessConditions: 'Published yearly; detailed figures for Member State authorities.',
        contactPoint: 'Statistics team',
        legalBasis: 'Regulation (EU) No 1077/2011',
        themes: ['Asylum support', 'Border management'],
        released: true,
        source: ILLUSTRATIVE,
        note: 'Section 1.1 asks to exchange statistics, with the work on information systems and interoperability; the details are illustrative.',
      },
    ],
  },
  {
    title: "JHA agencies' toolbox on foreign terrorist fighters",
    description:
      'An overview of the areas of work covered by the JHA agencies on foreign terrorist fighters, and their respective areas of competence.',
    source: '1.2',
    themes: [
      'Detection',
      'Travel and movement',
      'Prosecution',
      'Radicalisation',
      'Information exchange',
      'Fundamental rights',
    ],
    offers: [
      {
        agency: 'Europol',
        kind: 'service',
        title: 'European Counter Terrorism Centre: operational support',
        accessConditions: 'Competent authorities of the Member States.',
        contactPoint: 'European Counter Terrorism Centre',
        legalBasis: 'Regulation (EU) 2016/794',
        themes: ['Detection', 'Information exchange'],
        released: false,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'Europol',
        kind: 'tool',
        title: 'EU Internet Referral Unit',
        accessConditions: 'Referrals by Member State authorities.',
        contactPoint: 'EU IRU',
        legalBasis: 'Regulation (EU) 2016/794',
        themes: ['Radicalisation'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'Eurojust',
        kind: 'product',
        title: 'Terrorism Convictions Monitor',
        accessConditions: 'Judicial authorities of the Member States.',
        contactPoint: 'Counter-terrorism team',
        legalBasis: 'Council Decision 2005/671/JHA',
        themes: ['Prosecution'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'Frontex',
        kind: 'product',
        title: 'Common risk indicators for border checks',
        accessConditions: 'Border guards of the Member States.',
        contactPoint: 'Risk analysis unit',
        legalBasis: 'Regulation (EU) 2016/1624',
        themes: ['Travel and movement', 'Detection'],
        released: false,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'eu-LISA',
        kind: 'tool',
        title: 'SIS II alerts for discreet and specific checks',
        accessConditions: 'Authorities with access to SIS II.',
        contactPoint: 'Operations department',
        legalBasis: 'Regulation (EU) No 1077/2011',
        themes: ['Travel and movement', 'Information exchange'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'CEPOL',
        kind: 'training',
        title: 'Training on counter-terrorism and radicalisation',
        accessConditions: 'Law enforcement officials, through the CEPOL national units.',
        contactPoint: 'CEPOL training unit',
        legalBasis: 'Regulation (EU) 2015/2219',
        themes: ['Radicalisation', 'Detection'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
      {
        agency: 'FRA',
        kind: 'expertise',
        title: 'Fundamental rights in counter-terrorism measures',
        accessConditions: 'For EU institutions and Member States.',
        contactPoint: 'Justice, digital and migration unit',
        legalBasis: 'Council Regulation (EC) No 168/2007',
        themes: ['Fundamental rights'],
        released: true,
        source: ILLUSTRATIVE,
        note: implied,
      },
    ],
  },
];

/** Seeds the two toolboxes of the 2017 paper, each record with where its facts come from. */
export async function seedDemoToolboxes(services: Services): Promise<number> {
  const { toolboxes, database } = services;
  let count = 0;
  await database.db.transaction().execute(async (trx) => {
    const sources: RecordSourceTable[] = [];
    for (const demo of demoToolboxes) {
      const toolboxId = randomUUID();
      await toolboxes.insertToolbox(trx, toolboxId, {
        title: demo.title,
        description: demo.description,
        themes: demo.themes.map((title) => ({ title, description: '' })),
      });
      sources.push({
        record_type: 'toolbox',
        record_id: toolboxId,
        source: demo.source,
        note: `The paper asks the network for this toolbox (${demo.source}); its themes are illustrative.`,
      });
      const vocabulary = await toolboxes.vocabulary(trx, toolboxId);
      for (const offer of demo.offers) {
        const { offer: resolved, errors } = resolveOffer(
          {
            ...offer,
            description: offer.description ?? '',
            releasedToObservers: offer.released ?? false,
          },
          vocabulary,
        );
        if (!resolved)
          throw new Error(`demo offer "${offer.title}": ${errors.map((e) => e.message).join(' ')}`);
        const id = randomUUID();
        await toolboxes.insertOffer(trx, toolboxId, id, resolved, null, 'imported');
        sources.push({
          record_type: 'toolbox_offer',
          record_id: id,
          source: offer.source,
          note: offer.note,
        });
        count += 1;
      }
    }
    await trx.insertInto('record_sources').values(sources).execute();
  });
  return count;
}
