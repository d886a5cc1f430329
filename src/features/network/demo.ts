import demo from './demo-network.json' with { type: 'json' };
import priorities2017 from '../priorities/priorities-2017.json' with { type: 'json' };
import type { FrameworkDocument } from '../priorities/priorities.service.js';
import type { Services } from '../../app/services.js';
import type { Role } from '../../db/schema.js';
import { systemContext } from '../audit/audit.events.js';

export interface DemoCredential {
  email: string;
  role: Role;
  password: string;
}

/**
 * Seeds the demo network (registry, chairs, one account per role and agency) into an empty
 * database. Passwords are generated here and returned once; none is fixed in the code.
 * Returns null when the registry is not empty.
 */
export async function seedDemoNetwork(
  services: Services,
  options: { withUsers: boolean },
): Promise<DemoCredential[] | null> {
  const counts = await services.network.counts();
  if (counts.agency + counts.body > 0) return null;
  const ids = new Map<string, string>();
  for (const agency of demo.agencies) {
    const created = await services.network.create(systemContext, {
      kind: 'agency',
      category: 'jha-agency',
      acronym: agency.acronym,
      name: agency.name,
      hqCity: agency.hqCity,
      hqCountry: agency.hqCountry,
      website: agency.website,
      description: agency.description,
      establishedYear: agency.establishedYear,
    });
    ids.set(agency.acronym, created.id);
    await recordFormerNames(services, created.id, agency.formerNames ?? []);
  }
  for (const body of demo.bodies) {
    const created = await services.network.create(systemContext, {
      kind: 'body',
      category: body.category,
      acronym: body.acronym,
      name: body.name,
      hqCity: body.hqCity,
      hqCountry: body.hqCountry,
      description: body.description,
    });
    ids.set(body.acronym, created.id);
    await recordFormerNames(services, created.id, body.formerNames ?? []);
  }
  for (const chair of demo.chairs) {
    await services.network.setChair(
      systemContext,
      chair.year,
      { organisationId: idOf(ids, chair.acronym), note: chair.note },
      undefined,
    );
  }
  // A JSON import widens literal fields (the group keys) to string; the file holds only the
  // narrower values, which the priorities tests check section by section.
  await services.priorities.importAgreed(systemContext, priorities2017 as FrameworkDocument);
  const credentials: DemoCredential[] = [];
  if (options.withUsers) {
    for (const user of demo.users) {
      const created = await services.users.create(systemContext, {
        email: user.email,
        name: user.name,
        organisationId: idOf(ids, user.agency),
        role: user.role as Role,
      });
      credentials.push({
        email: user.email,
        role: user.role as Role,
        password: created.generatedPassword ?? '',
      });
    }
  }
  await services.audit.recordAlone(systemContext, {
    action: 'demo.seed',
    targetType: 'network',
    targetId: null,
    changes: { organisations: ids.size, chairs: demo.chairs.length, users: credentials.length },
  });
  return credentials;
}

async function recordFormerNames(
  services: Services,
  organisationId: string,
  names: { acronym: string; name: string; validFrom: string; validUntil: string }[],
): Promise<void> {
  for (const former of names) {
    await services.database.db
      .insertInto('organisation_names')
      .values({
        id: crypto.randomUUID(),
        organisation_id: organisationId,
        acronym: former.acronym,
        name: former.name,
        valid_from: former.validFrom,
        valid_until: former.validUntil,
      })
      .execute();
  }
}

function idOf(ids: Map<string, string>, acronym: string): string {
  const id = ids.get(acronym);
  if (!id) throw new Error(`demo data names an unknown organisation: ${acronym}`);
  return id;
}
