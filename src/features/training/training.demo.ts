import { randomUUID } from 'node:crypto';
import type { Services } from '../../app/services.js';
import { ILLUSTRATIVE } from '../../demo-sources.js';
import { systemContext } from '../audit/audit.events.js';
import demo from './demo-training-2017.json' with { type: 'json' };
import { resolveTraining } from './training.model.js';
import { loadOrganisations } from './training.repository.js';

/**
 * CEPOL's matrix of the 2017 joint trainings that section 2.2 of the paper implies, each with the
 * agencies that would run it. The paper names the matrix, its topics and its forms of training,
 * not the trainings: every one is marked illustrative. Two of them (CEPOL's residential course
 * and Europol's webinar on identifying victims of trafficking, in the same week for the same
 * audience) are the likely duplicate the matrix exists to catch.
 */
export async function seedDemoTrainings(services: Services): Promise<number> {
  const { database, trainings, audit } = services;
  const organisations = await loadOrganisations(database.db);
  const resolved = demo.trainings.map((entry, index) => {
    const { training, errors } = resolveTraining(
      { releasedToObservers: true, ...entry },
      organisations,
    );
    if (!training)
      throw new Error(
        `demo training ${String(index)}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      );
    return training;
  });
  await database.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const training of resolved) {
      const id = randomUUID();
      await trainings.insert(trx, id, training, null, 'imported');
      ids.push(id);
    }
    await trx
      .insertInto('record_sources')
      .values(
        ids.map((id) => ({
          record_type: 'training',
          record_id: id,
          source: ILLUSTRATIVE,
          note: demo.source,
        })),
      )
      .execute();
    await audit.record(trx, systemContext, {
      action: 'training.import',
      targetType: 'training_matrix',
      targetId: null,
      changes: { created: ids, updated: [], unchanged: 0 },
    });
  });
  return resolved.length;
}
