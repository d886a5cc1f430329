import demo from './demo-documents-2017.json' with { type: 'json' };
import type { Actor } from '../../app/access.js';
import type { Services } from '../../app/services.js';
import type { ClassificationName, Releasability, Tlp } from '../../db/schema.js';
import { systemContext } from '../audit/audit.events.js';
import type { DocumentType } from './documents.model.js';
import type { ClearanceName } from './euci.service.js';

interface DemoDocument {
  by: string;
  title: string;
  description: string;
  type: string;
  registeredOn: string;
  originatorReference?: string;
  marking: {
    classification: string;
    releasability: string;
    limite?: boolean;
    sensitive?: boolean;
    tlp?: string;
    releasedTo?: string[];
    recipients?: string[];
  };
  lines?: string[];
  meeting?: string;
  pointOfContact?: string;
  file?: string;
  text?: string;
}

/**
 * The network's document exchange at the end of 2017, seeded with the demo network: six
 * signatories of the EUCI agreement, cleared and briefed contact points, and the products the
 * paper names (toolboxes, the index of analytical products, the training and Relex matrices),
 * with markings from unmarked to TLP:RED and a RESTREINT UE analysis kept as a reference record.
 * Returns the number of documents seeded; none when there are documents already.
 */
export async function seedDemoDocuments(services: Services): Promise<number> {
  const { database, documents, euci, network } = services;
  const existing = await database.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (existing.n > 0) return 0;
  const idOf = async (acronym: string) => (await network.get(acronym)).id;
  const userByEmail = async (email: string) => {
    const user = await database.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.organisation_id',
        'organisations.acronym',
      ])
      .where('users.email', '=', email)
      .executeTakeFirst();
    if (!user) throw new Error(`demo documents name an unknown account: ${email}`);
    return user;
  };
  const actorFor = async (email: string): Promise<Actor> => {
    const user = await userByEmail(email);
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      organisationId: user.organisation_id,
      organisationAcronym: user.acronym,
      role: user.role,
      locale: null,
      via: { kind: 'token', tokenId: 'demo-seed' },
    };
  };

  // The platform records the demo's signatures and clearances through the same requests an
  // administrator makes, and confirms them itself: no person gains access by it.
  const platform = { kind: 'platform' } as const;
  for (const signatory of demo.signatories) {
    const request = await euci.requestSignature(
      platform,
      systemContext,
      await idOf(signatory.agency),
      signatory.signedOn,
    );
    await euci.confirm(platform, systemContext, request.id);
  }
  for (const clearance of demo.clearances) {
    const change = await euci.setClearance(
      platform,
      systemContext,
      (await userByEmail(clearance.email)).id,
      { clearance: clearance.clearance as ClearanceName, briefedOn: clearance.briefedOn },
    );
    if (!change.applied) await euci.confirm(platform, systemContext, change.request.id);
  }

  const meetings = await database.db.selectFrom('meetings').select(['id', 'title']).execute();
  let seeded = 0;
  for (const entry of demo.documents as DemoDocument[]) {
    const actor = await actorFor(entry.by);
    const meeting = entry.meeting ? meetings.find((m) => m.title === entry.meeting) : undefined;
    const { document } = await documents.register(actor, systemContext, {
      title: entry.title,
      description: entry.description,
      documentType: entry.type as DocumentType,
      language: 'en',
      registeredOn: entry.registeredOn,
      originatorReference: entry.originatorReference,
      pointOfContact: entry.pointOfContact,
      links: {
        priorityLines: entry.lines ?? [],
        meetings: meeting ? [meeting.id] : [],
      },
      marking: {
        classification: entry.marking.classification as ClassificationName,
        releasability: entry.marking.releasability as Releasability,
        limite: entry.marking.limite,
        sensitive: entry.marking.sensitive,
        tlp: (entry.marking.tlp ?? null) as Tlp | null,
        releasedTo: await Promise.all((entry.marking.releasedTo ?? []).map(idOf)),
        recipients: await Promise.all(
          (entry.marking.recipients ?? []).map(async (email) => (await userByEmail(email)).id),
        ),
      },
    });
    if (entry.file && entry.text)
      await documents.addVersion(actor, systemContext, document.id, {
        filename: entry.file,
        content: Buffer.from(`${entry.title}\n\n${entry.text}\n`, 'utf8'),
      });
    seeded += 1;
  }
  return seeded;
}
