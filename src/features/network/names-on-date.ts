import type { Executor } from '../../db/database.js';
import type { Translate } from '../../app/i18n/i18n.js';

/**
 * Agencies are named on a dated record as they were named on its date: a 2017 document of the
 * drugs agency is the EMCDDA's, not the EUDA's. The name history holds each former name with the
 * days it was valid (from inclusive, until exclusive: the day of the renaming).
 */
export interface NameOnDate {
  /** The acronym the organisation had on the date. */
  acronym: string;
  /** Today's acronym, when it differs from the one of the date. */
  now: string | null;
}

export interface NameHistory {
  on(organisationId: string, currentAcronym: string, date: string): NameOnDate;
  /** Every acronym the organisation had before its current one. */
  formerAcronyms(organisationId: string): string[];
}

interface FormerName {
  acronym: string;
  validFrom: string | null;
  validUntil: string | null;
}

/** The name history of every organisation, read once for a page or an answer. */
export async function loadNameHistory(db: Executor): Promise<NameHistory> {
  const rows = await db
    .selectFrom('organisation_names')
    .select([
      'organisation_id as organisationId',
      'acronym',
      'valid_from as validFrom',
      'valid_until as validUntil',
    ])
    .execute();
  const byOrganisation = new Map<string, FormerName[]>();
  for (const { organisationId, ...name } of rows) {
    byOrganisation.set(organisationId, [...(byOrganisation.get(organisationId) ?? []), name]);
  }
  return {
    on(organisationId, currentAcronym, date) {
      const day = date.slice(0, 10);
      const former = (byOrganisation.get(organisationId) ?? []).find(
        (name) =>
          (name.validFrom === null || name.validFrom <= day) &&
          name.validUntil !== null &&
          day < name.validUntil,
      );
      if (!former || former.acronym === currentAcronym)
        return { acronym: currentAcronym, now: null };
      return { acronym: former.acronym, now: currentAcronym };
    },
    formerAcronyms(organisationId) {
      return (byOrganisation.get(organisationId) ?? []).map((name) => name.acronym);
    },
  };
}

/** An organisation on a dated record: today's acronym, and the one of the date when it differs. */
export interface DatedOrganisation {
  acronym: string;
  acronymOnDate?: string | undefined;
}

/** Marks an organisation of a dated record with its acronym of the date, when it was another. */
export function withNameOnDate<Ref extends { id: string; acronym: string }>(
  names: NameHistory,
  ref: Ref,
  date: string,
): Ref & { acronymOnDate?: string } {
  const name = names.on(ref.id, ref.acronym, date);
  return name.now === null ? ref : { ...ref, acronymOnDate: name.acronym };
}

/** "EMCDDA (now EUDA)" for a renamed organisation on a dated record; its acronym otherwise. */
export function nameOnDateLabel(t: Translate, organisation: DatedOrganisation): string {
  if (organisation.acronymOnDate === undefined) return organisation.acronym;
  return t('network.nameThen', { then: organisation.acronymOnDate, now: organisation.acronym });
}
