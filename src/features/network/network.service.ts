import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError, type FieldError } from '../../app/errors.js';
import type { CompiledQuery } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { containsIgnoringCase } from '../../db/text-search.js';
import {
  organisationKinds,
  type Organisation,
  type OrganisationKind,
  type OrganisationName,
} from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import { isCalendarDate } from '../../app/dates.js';
import {
  changeVersioned,
  claimVersion,
  insertVersioned,
  unchanged,
  unlessUnchanged,
} from '../../db/versioned.js';

export const organisationCategories = [
  'jha-agency',
  'council',
  'parliament',
  'commission',
  'eeas',
  'eu-agency',
  'eu-office',
  'coordinator',
  'network',
  'international',
  'national',
] as const;
export type OrganisationCategory = (typeof organisationCategories)[number];

export interface OrganisationView {
  id: string;
  kind: OrganisationKind;
  acronym: string;
  name: string;
  category: string;
  hqCity: string | null;
  hqCountry: string | null;
  website: string | null;
  description: string;
  establishedYear: number | null;
  version: number;
  updatedAt: string;
}

export interface OrganisationDetail extends OrganisationView {
  formerNames: {
    acronym: string;
    name: string;
    validFrom: string | null;
    validUntil: string | null;
  }[];
  chairYears: number[];
}

export interface OrganisationInput {
  kind: OrganisationKind;
  acronym: string;
  name: string;
  category: string;
  hqCity?: string | null;
  hqCountry?: string | null;
  website?: string | null;
  description?: string;
  establishedYear?: number | null;
}

export type OrganisationChanges = Partial<Omit<OrganisationInput, 'kind'>> & {
  /** When set with a new name or acronym, the current one moves to the history, ending that day. */
  renamedOn?: string | undefined;
};

export interface ChairYearView {
  year: number;
  organisationId: string;
  acronym: string;
  name: string;
  note: string;
  version: number;
}

export const organisationSortKeys = ['acronym', 'name', 'established'] as const;
export type OrganisationSortKey = (typeof organisationSortKeys)[number];

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

const sortKeyOf: Record<OrganisationSortKey, (o: OrganisationView) => string | number | null> = {
  acronym: (o) => o.acronym,
  name: (o) => o.name,
  established: (o) => o.establishedYear,
};

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : collator.compare(String(a), String(b));
}

function present(row: Organisation): OrganisationView {
  return {
    id: row.id,
    kind: row.kind,
    acronym: row.acronym,
    name: row.name,
    category: row.category,
    hqCity: row.hq_city,
    hqCountry: row.hq_country,
    website: row.website,
    description: row.description,
    establishedYear: row.established_year,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function validate(
  input: Partial<OrganisationInput> & { renamedOn?: string | undefined },
  creating: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const need = (value: unknown) => creating || value !== undefined;
  if (need(input.kind) && !organisationKinds.includes(input.kind as OrganisationKind)) {
    errors.push({ field: 'kind', message: 'Choose agency or body.' });
  }
  if (
    need(input.acronym) &&
    !/^[\p{L}\p{N}][\p{L}\p{N} ()&.'-]{0,39}$/u.test(input.acronym?.trim() ?? '')
  ) {
    errors.push({
      field: 'acronym',
      message: "Enter an acronym of 1 to 40 letters, digits, spaces or ()&.'-.",
    });
  }
  if (
    need(input.name) &&
    ((input.name ?? '').trim().length === 0 || (input.name ?? '').length > 200)
  ) {
    errors.push({ field: 'name', message: 'Enter a name of 1 to 200 characters.' });
  }
  if (
    need(input.category) &&
    !organisationCategories.includes(input.category as OrganisationCategory)
  ) {
    errors.push({
      field: 'category',
      message: `Choose a category: ${organisationCategories.join(', ')}.`,
    });
  }
  if (input.hqCity && input.hqCity.length > 100) {
    errors.push({ field: 'hqCity', message: 'Keep the city under 100 characters.' });
  }
  if (input.description !== undefined && input.description.length > 5000) {
    errors.push({ field: 'description', message: 'Keep the description under 5,000 characters.' });
  }
  if (input.hqCountry && !/^[A-Z]{2}$/.test(input.hqCountry)) {
    errors.push({
      field: 'hqCountry',
      message: 'Enter a two-letter ISO 3166 country code, such as PT.',
    });
  }
  if (input.website) {
    let valid = false;
    try {
      valid = ['https:', 'http:'].includes(new URL(input.website).protocol);
    } catch {
      valid = false;
    }
    if (!valid || input.website.length > 300) {
      errors.push({ field: 'website', message: 'Enter a web address starting with https://.' });
    }
  }
  if (input.establishedYear !== undefined && input.establishedYear !== null) {
    if (
      !Number.isInteger(input.establishedYear) ||
      input.establishedYear < 1950 ||
      input.establishedYear > 2100
    ) {
      errors.push({ field: 'establishedYear', message: 'Enter a year from 1950 to 2100.' });
    }
  }
  if (input.renamedOn !== undefined && input.renamedOn !== '' && !isCalendarDate(input.renamedOn)) {
    errors.push({
      field: 'renamedOn',
      message: 'Enter the date of the change: a real day, month and year.',
    });
  }
  return errors;
}

/** The network registry: member agencies, partner bodies, and who chaired which year. */
export class Network {
  /** The unfiltered list is what most calls ask for: built once rather than on every call. */
  private readonly listQuery: CompiledQuery<Organisation>;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {
    this.listQuery = database.db
      .selectFrom('organisations')
      .selectAll()
      .where('kind', '=', 'agency')
      .compile();
  }

  private listOf(kind: OrganisationKind): CompiledQuery<Organisation> {
    return { ...this.listQuery, parameters: [kind] };
  }

  async list(
    kind: OrganisationKind,
    options: { q?: string | undefined; sort: OrganisationSortKey; direction: 'asc' | 'desc' },
  ): Promise<OrganisationView[]> {
    const text = options.q;
    const found = text
      ? await this.database.db
          .selectFrom('organisations')
          .selectAll()
          .where('kind', '=', kind)
          .where((eb) =>
            eb.or([containsIgnoringCase('acronym', text), containsIgnoringCase('name', text)]),
          )
          .execute()
      : (await this.database.db.executeQuery(this.listOf(kind))).rows;
    // The registry is small: sorting here with a collator gives the same order on both databases.
    const rows = found.map(present);
    const key = sortKeyOf[options.sort];
    const sign = options.direction === 'asc' ? 1 : -1;
    return rows.sort(
      (a, b) => sign * compareValues(key(a), key(b)) || collator.compare(a.acronym, b.acronym),
    );
  }

  async counts(): Promise<Record<OrganisationKind, number>> {
    const rows = await this.database.db
      .selectFrom('organisations')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute();
    const result: Record<OrganisationKind, number> = { agency: 0, body: 0 };
    for (const row of rows) result[row.kind] = row.n;
    return result;
  }

  /** One organisation by id or (case-insensitive) current acronym. */
  async get(idOrAcronym: string): Promise<OrganisationDetail> {
    const db = this.database.db;
    const row = await db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('id', '=', idOrAcronym),
          eb(eb.fn('lower', ['acronym']), '=', idOrAcronym.toLowerCase()),
        ]),
      )
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such agency or body.');
    const [names, chairs] = await Promise.all([
      db
        .selectFrom('organisation_names')
        .selectAll()
        .where('organisation_id', '=', row.id)
        .orderBy('valid_from')
        .execute(),
      db
        .selectFrom('chair_years')
        .select('year')
        .where('organisation_id', '=', row.id)
        .orderBy('year')
        .execute(),
    ]);
    return {
      ...present(row),
      formerNames: names.map((n: OrganisationName) => ({
        acronym: n.acronym,
        name: n.name,
        validFrom: n.valid_from,
        validUntil: n.valid_until,
      })),
      chairYears: chairs.map((c) => c.year),
    };
  }

  /** The name histories of all organisations of a kind, by id, oldest name first: for lists. */
  async formerNames(
    kind: OrganisationKind,
  ): Promise<Map<string, OrganisationDetail['formerNames']>> {
    const rows = await this.database.db
      .selectFrom('organisation_names')
      .innerJoin('organisations', 'organisations.id', 'organisation_names.organisation_id')
      .select([
        'organisation_names.organisation_id as organisationId',
        'organisation_names.acronym',
        'organisation_names.name',
        'organisation_names.valid_from as validFrom',
        'organisation_names.valid_until as validUntil',
      ])
      .where('organisations.kind', '=', kind)
      .orderBy('organisation_names.valid_from')
      .execute();
    const byOrganisation = new Map<string, OrganisationDetail['formerNames']>();
    for (const { organisationId, ...name } of rows) {
      byOrganisation.set(organisationId, [...(byOrganisation.get(organisationId) ?? []), name]);
    }
    return byOrganisation;
  }

  private async acronymTaken(db: Executor, acronym: string, exceptId?: string): Promise<boolean> {
    let query = db
      .selectFrom('organisations')
      .select('id')
      .where(({ eb, fn }) => eb(fn('lower', ['acronym']), '=', acronym.toLowerCase()));
    if (exceptId) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async create(context: AuditContext, input: OrganisationInput): Promise<OrganisationDetail> {
    const errors = validate(input, true);
    if (errors.length > 0) throw new ValidationError(errors);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      if (await this.acronymTaken(trx, input.acronym.trim())) {
        throw new ValidationError([
          { field: 'acronym', message: 'Another agency or body has this acronym.' },
        ]);
      }
      const row = {
        id,
        kind: input.kind,
        acronym: input.acronym.trim(),
        name: input.name.trim(),
        category: input.category,
        hq_city: input.hqCity ?? null,
        hq_country: input.hqCountry ?? null,
        website: input.website ?? null,
        description: input.description ?? '',
        established_year: input.establishedYear ?? null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('organisations').values(row).execute();
      await this.audit.record(trx, context, {
        action: 'organisation.create',
        targetType: 'organisation',
        targetId: id,
        changes: diff({} as typeof row, row),
      });
    });
    return this.get(id);
  }

  async update(
    context: AuditContext,
    id: string,
    changes: OrganisationChanges,
    expectedVersion: number,
  ): Promise<OrganisationDetail> {
    const errors = validate(changes, false);
    if (errors.length > 0) throw new ValidationError(errors);
    await changeVersioned(this.database.db, 'organisations', id, expectedVersion, async (trx) => {
      const before = await trx
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (
        changes.acronym !== undefined &&
        (await this.acronymTaken(trx, changes.acronym.trim(), id))
      ) {
        throw new ValidationError([
          { field: 'acronym', message: 'Another agency or body has this acronym.' },
        ]);
      }
      const patch = {
        ...(changes.acronym !== undefined ? { acronym: changes.acronym.trim() } : {}),
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.category !== undefined ? { category: changes.category } : {}),
        ...(changes.hqCity !== undefined ? { hq_city: changes.hqCity || null } : {}),
        ...(changes.hqCountry !== undefined ? { hq_country: changes.hqCountry || null } : {}),
        ...(changes.website !== undefined ? { website: changes.website || null } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.establishedYear !== undefined
          ? { established_year: changes.establishedYear }
          : {}),
      };
      const renamed =
        (patch.acronym !== undefined && patch.acronym !== before.acronym) ||
        (patch.name !== undefined && patch.name !== before.name);
      // Saving an unchanged form is not a change: no new version, nothing to audit.
      if (Object.keys(diff(before, patch)).length === 0) return unchanged;
      if (renamed && changes.renamedOn) {
        const previous = await trx
          .selectFrom('organisation_names')
          .select((eb) => eb.fn.max('valid_until').as('until'))
          .where('organisation_id', '=', id)
          .executeTakeFirst();
        await trx
          .insertInto('organisation_names')
          .values({
            id: randomUUID(),
            organisation_id: id,
            acronym: before.acronym,
            name: before.name,
            valid_from:
              previous?.until ??
              (before.established_year ? `${before.established_year}-01-01` : null),
            valid_until: changes.renamedOn,
          })
          .execute();
      }
      await trx.updateTable('organisations').set(patch).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'organisation.update',
        targetType: 'organisation',
        targetId: id,
        changes: {
          ...diff(before, patch),
          ...(renamed && changes.renamedOn ? { renamedOn: changes.renamedOn } : {}),
        },
      });
    });
    return this.get(id);
  }

  async chairYears(): Promise<ChairYearView[]> {
    const rows = await this.database.db
      .selectFrom('chair_years')
      .innerJoin('organisations', 'organisations.id', 'chair_years.organisation_id')
      .select([
        'chair_years.year',
        'chair_years.organisation_id as organisationId',
        'organisations.acronym',
        'organisations.name',
        'chair_years.note',
        'chair_years.version',
      ])
      .orderBy('chair_years.year', 'desc')
      .execute();
    return rows;
  }

  async chairOf(year: number): Promise<ChairYearView | null> {
    return (await this.chairYears()).find((c) => c.year === year) ?? null;
  }

  /**
   * Records the chair of a year. A new year needs no version; changing a recorded one needs the
   * version that was read, so two secretariats cannot overwrite each other.
   */
  async setChair(
    context: AuditContext,
    year: number,
    input: { organisationId: string; note?: string | undefined },
    expectedVersion: number | undefined,
  ): Promise<ChairYearView> {
    const errors: FieldError[] = [];
    if (!Number.isInteger(year) || year < 2006 || year > 2100) {
      errors.push({
        field: 'year',
        message: 'Enter a year from 2006, when the network began, to 2100.',
      });
    }
    if ((input.note ?? '').length > 2000)
      errors.push({ field: 'note', message: 'Keep the note under 2,000 characters.' });
    const agency = await this.database.db
      .selectFrom('organisations')
      .select(['id', 'kind'])
      .where('id', '=', input.organisationId)
      .executeTakeFirst();
    if (agency?.kind !== 'agency') {
      errors.push({
        field: 'organisationId',
        message: 'Choose a member agency: only they chair the network.',
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const note = input.note ?? '';
    const after = { organisation_id: input.organisationId, note };
    await unlessUnchanged(this.database.db, async (trx) => {
      if (expectedVersion === undefined) {
        const now = new Date().toISOString();
        await insertVersioned(trx, 'chair_years', { year, ...after, version: 1, updated_at: now });
        await this.audit.record(trx, context, {
          action: 'chair_year.set',
          targetType: 'chair_year',
          targetId: String(year),
          changes: { organisation_id: { after: input.organisationId }, note: { after: note } },
        });
        return;
      }
      await claimVersion(trx, 'chair_years', year, expectedVersion);
      const before = await trx
        .selectFrom('chair_years')
        .selectAll()
        .where('year', '=', year)
        .executeTakeFirstOrThrow();
      const changes = diff(before, after);
      if (Object.keys(changes).length === 0) return unchanged;
      await trx.updateTable('chair_years').set(after).where('year', '=', year).execute();
      await this.audit.record(trx, context, {
        action: 'chair_year.set',
        targetType: 'chair_year',
        targetId: String(year),
        changes,
      });
    });
    const chair = await this.chairOf(year);
    if (!chair) throw new NotFoundError('No such year.');
    return chair;
  }
}
