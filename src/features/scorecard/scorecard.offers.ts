import type { Actor } from '../../app/access.js';
import type { FieldError } from '../../app/errors.js';
import type { Executor, Trx } from '../../db/database.js';
import type { ToolboxOfferKind } from '../../db/schema.js';
import { visibleOffers } from '../toolboxes/toolboxes.policy.js';
import { visibleActivities } from './scorecard.policy.js';

/**
 * The links between the scorecard's activities and the offers of the toolboxes they use or
 * contribute to. Every read goes through both features' visibility predicates, so a reader is
 * shown a link only when they may see the offer and the activity at its two ends.
 */

/** More offers than one activity draws on. */
export const MAX_LINKED_OFFERS = 100;

/** An offer as an activity lists it: enough to name it and find it in its toolbox. */
export interface LinkedOffer {
  id: string;
  title: string;
  kind: ToolboxOfferKind;
  agency: { id: string; acronym: string };
  toolbox: { id: string; title: string };
}

/** An activity as an offer's page lists it. */
export interface LinkingActivity {
  id: string;
  year: number;
  title: string;
  lead: string;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The offers linked to an activity that the reader may see, by toolbox then title. */
export async function linkedOffers(
  executor: Executor,
  reader: Pick<Actor, 'role'>,
  activityId: string,
): Promise<LinkedOffer[]> {
  const rows = await executor
    .selectFrom('activity_offers')
    .innerJoin('toolbox_offers', 'toolbox_offers.id', 'activity_offers.offer_id')
    .innerJoin('toolboxes', 'toolboxes.id', 'toolbox_offers.toolbox_id')
    .innerJoin('organisations', 'organisations.id', 'toolbox_offers.organisation_id')
    .select([
      'toolbox_offers.id',
      'toolbox_offers.title',
      'toolbox_offers.kind',
      'organisations.id as agencyId',
      'organisations.acronym',
      'toolboxes.id as toolboxId',
      'toolboxes.title as toolboxTitle',
    ])
    .where('activity_offers.activity_id', '=', activityId)
    .where(visibleOffers(reader))
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.kind,
      agency: { id: row.agencyId, acronym: row.acronym },
      toolbox: { id: row.toolboxId, title: row.toolboxTitle },
    }))
    .sort(
      (a, b) =>
        collator.compare(a.toolbox.title, b.toolbox.title) ||
        collator.compare(a.title, b.title) ||
        a.id.localeCompare(b.id),
    );
}

/** Every offer the reader may see, for a picker: by toolbox, then agency, then title. */
export async function offersToChoose(
  executor: Executor,
  reader: Pick<Actor, 'role'>,
): Promise<{ id: string; title: string; agency: string; toolbox: string }[]> {
  const rows = await executor
    .selectFrom('toolbox_offers')
    .innerJoin('toolboxes', 'toolboxes.id', 'toolbox_offers.toolbox_id')
    .innerJoin('organisations', 'organisations.id', 'toolbox_offers.organisation_id')
    .select([
      'toolbox_offers.id',
      'toolbox_offers.title',
      'organisations.acronym as agency',
      'toolboxes.title as toolbox',
    ])
    .where(visibleOffers(reader))
    .execute();
  return rows.sort(
    (a, b) =>
      collator.compare(a.toolbox, b.toolbox) ||
      collator.compare(a.agency, b.agency) ||
      collator.compare(a.title, b.title) ||
      a.id.localeCompare(b.id),
  );
}

/** The activities the reader may see that use or contribute to an offer, latest year first. */
export async function activitiesOfOffer(
  executor: Executor,
  reader: Pick<Actor, 'role'>,
  offerId: string,
): Promise<LinkingActivity[]> {
  const rows = await executor
    .selectFrom('activity_offers')
    .innerJoin('scorecard_activities', 'scorecard_activities.id', 'activity_offers.activity_id')
    .innerJoin('organisations', 'organisations.id', 'scorecard_activities.lead_organisation_id')
    .select([
      'scorecard_activities.id',
      'scorecard_activities.year',
      'scorecard_activities.title',
      'organisations.acronym as lead',
    ])
    .where('activity_offers.offer_id', '=', offerId)
    .where(visibleActivities(reader))
    .execute();
  return rows.sort(
    (a, b) => b.year - a.year || collator.compare(a.title, b.title) || a.id.localeCompare(b.id),
  );
}

/**
 * The distinct offer ids asked for, each checked to be an offer the writer may see: one the
 * writer may not see is answered like one that does not exist, so the error tells nothing.
 */
export async function checkOfferIds(
  executor: Executor,
  writer: Pick<Actor, 'role'>,
  asked: readonly string[],
): Promise<{ ids: string[]; errors: FieldError[] }> {
  const ids = [...new Set(asked.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length > MAX_LINKED_OFFERS)
    return {
      ids,
      errors: [{ field: 'offers', message: `At most ${String(MAX_LINKED_OFFERS)} offers.` }],
    };
  if (ids.length === 0) return { ids, errors: [] };
  const found = new Set(
    (
      await executor
        .selectFrom('toolbox_offers')
        .select('toolbox_offers.id')
        .where('toolbox_offers.id', 'in', ids)
        .where(visibleOffers(writer))
        .execute()
    ).map((row) => row.id),
  );
  const errors = ids
    .filter((id) => !found.has(id))
    .map((id) => ({ field: 'offers', message: `${id}: no such offer.` }));
  return { ids: ids.sort(), errors };
}

/**
 * Replaces the activity's links to the offers the writer may see with `ids`. Links to offers
 * hidden from the writer are theirs to keep: a writer changes only what they were shown.
 */
export async function writeOfferLinks(
  trx: Trx,
  activityId: string,
  ids: readonly string[],
  writer: Pick<Actor, 'role'>,
): Promise<void> {
  await trx
    .deleteFrom('activity_offers')
    .where('activity_id', '=', activityId)
    .where('offer_id', 'in', (eb) =>
      eb.selectFrom('toolbox_offers').select('toolbox_offers.id').where(visibleOffers(writer)),
    )
    .execute();
  if (ids.length > 0)
    await trx
      .insertInto('activity_offers')
      .values(ids.map((offer_id) => ({ activity_id: activityId, offer_id })))
      .execute();
}
