import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import { claimVersion } from '../../db/versioned.js';
import { toolboxOfferKinds } from '../../db/schema.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { AuditLog } from '../audit/audit.service.js';
import { gapsOf, overlapsOf, type Gap, type Overlap } from './toolboxes.analysis.js';
import {
  comparable,
  MAX_LONG_TEXT,
  MAX_THEME_TITLE,
  MAX_THEMES,
  MAX_TOOLBOX_TITLE,
  offerChanges,
  resolvedOf,
  resolveOffer,
  type AgencyRef,
  type MatrixView,
  type OfferInput,
  type OfferRevisionView,
  type OfferView,
  type OfferVocabulary,
  type ResolvedOffer,
  type ToolboxChanges,
  type ToolboxDetail,
  type ToolboxInput,
  type ToolboxSummary,
} from './toolboxes.model.js';
import { mayManageToolboxes, mayOfferFor, visibleOffers } from './toolboxes.policy.js';

const NO_TOOLBOX = 'No such toolbox.';
const NO_OFFER = 'No such offer.';

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Narrows the offers of a toolbox to a theme or an agency: the lists by theme and by agency. */
export interface OfferFilter {
  theme?: string | undefined;
  agency?: string | undefined;
}

/**
 * The toolboxes: their themes (the secretariat's), the agencies' offers (each agency's own), the
 * matrix and what it shows the network (gaps, overlaps), and each offer's history. Every read of
 * offers goes through `visibleOffers`; every write claims its version first and is audited in
 * its transaction.
 */
export class Toolboxes {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  private get db() {
    return this.database.db;
  }

  /** The toolboxes, by title, each with the number of offers the reader may read. */
  async list(actor: Actor): Promise<ToolboxSummary[]> {
    const [toolboxes, themes, offers] = await Promise.all([
      this.db.selectFrom('toolboxes').select(['id', 'title', 'description', 'version']).execute(),
      this.db
        .selectFrom('toolbox_themes')
        .select((eb) => ['toolbox_id', eb.fn.countAll<string | number>().as('count')])
        .groupBy('toolbox_id')
        .execute(),
      this.db
        .selectFrom('toolbox_offers')
        .select((eb) => ['toolbox_id', eb.fn.countAll<string | number>().as('count')])
        .where(visibleOffers(actor))
        .groupBy('toolbox_id')
        .execute(),
    ]);
    const countOf = (rows: { toolbox_id: string; count: number | string }[], id: string) =>
      Number(rows.find((r) => r.toolbox_id === id)?.count ?? 0);
    return toolboxes
      .map((t) => ({
        ...t,
        themeCount: countOf(themes, t.id),
        offerCount: countOf(offers, t.id),
      }))
      .sort((a, b) => collator.compare(a.title, b.title));
  }

  async get(id: string, executor: Executor = this.db): Promise<ToolboxDetail> {
    const row = await executor
      .selectFrom('toolboxes')
      .select(['id', 'title', 'description', 'version', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(NO_TOOLBOX);
    const themes = await this.themesOf(executor, id);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      themes,
      version: row.version,
      updatedAt: row.updated_at,
    };
  }

  /** A toolbox's themes, the matrix's columns, in their order. */
  private themesOf(executor: Executor, toolboxId: string) {
    return executor
      .selectFrom('toolbox_themes')
      .select(['id', 'position', 'title', 'description'])
      .where('toolbox_id', '=', toolboxId)
      .orderBy('position')
      .execute();
  }

  /** The member agencies, in alphabetical order: the rows of every matrix. */
  async agencies(executor: Executor = this.db): Promise<AgencyRef[]> {
    const rows = await executor
      .selectFrom('organisations')
      .select(['id', 'acronym', 'name'])
      .where('kind', '=', 'agency')
      .execute();
    return rows.sort((a, b) => collator.compare(a.acronym, b.acronym));
  }

  async vocabulary(executor: Executor, toolboxId: string): Promise<OfferVocabulary> {
    const toolbox = await this.get(toolboxId, executor);
    const agencies = await this.agencies(executor);
    const byKey = new Map<string, AgencyRef>();
    for (const agency of agencies) {
      byKey.set(agency.acronym.toLowerCase(), agency);
      byKey.set(agency.id.toLowerCase(), agency);
    }
    return { agencies: byKey, themes: toolbox.themes };
  }

  /** The offers the reader may read: of a toolbox, or those named by id. */
  private async offerViews(
    executor: Executor,
    actor: Pick<Actor, 'role'>,
    where: { toolboxId: string } | { ids: readonly string[] },
  ): Promise<OfferView[]> {
    if ('ids' in where && where.ids.length === 0) return [];
    let query = executor
      .selectFrom('toolbox_offers')
      .innerJoin('organisations', 'organisations.id', 'toolbox_offers.organisation_id')
      .select([
        'toolbox_offers.id',
        'toolbox_offers.toolbox_id',
        'toolbox_offers.kind',
        'toolbox_offers.title',
        'toolbox_offers.description',
        'toolbox_offers.access_conditions',
        'toolbox_offers.contact_point',
        'toolbox_offers.legal_basis',
        'toolbox_offers.released_to_observers',
        'toolbox_offers.version',
        'toolbox_offers.updated_at',
        'organisations.id as agency_id',
        'organisations.acronym',
        'organisations.name',
      ])
      .where(visibleOffers(actor));
    query =
      'ids' in where
        ? query.where('toolbox_offers.id', 'in', [...where.ids])
        : query.where('toolbox_offers.toolbox_id', '=', where.toolboxId);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const themes = await executor
      .selectFrom('toolbox_offer_themes')
      .innerJoin('toolbox_themes', 'toolbox_themes.id', 'toolbox_offer_themes.theme_id')
      .select([
        'toolbox_offer_themes.offer_id',
        'toolbox_themes.id',
        'toolbox_themes.title',
        'toolbox_themes.position',
      ])
      .where(
        'toolbox_offer_themes.offer_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('toolbox_themes.position')
      .execute();
    return rows
      .map((row) => ({
        id: row.id,
        toolboxId: row.toolbox_id,
        agency: { id: row.agency_id, acronym: row.acronym, name: row.name },
        kind: row.kind,
        title: row.title,
        description: row.description,
        accessConditions: row.access_conditions,
        contactPoint: row.contact_point,
        legalBasis: row.legal_basis,
        themes: themes
          .filter((t) => t.offer_id === row.id)
          .map((t) => ({ id: t.id, title: t.title })),
        releasedToObservers: row.released_to_observers === 1,
        version: row.version,
        updatedAt: row.updated_at,
      }))
      .sort(
        (a, b) =>
          collator.compare(a.agency.acronym, b.agency.acronym) ||
          collator.compare(a.title, b.title) ||
          a.id.localeCompare(b.id),
      );
  }

  /** A toolbox with its agencies and the offers the reader may read: what every view draws. */
  async matrix(actor: Actor, toolboxId: string, executor: Executor = this.db): Promise<MatrixView> {
    const toolbox = await this.get(toolboxId, executor);
    const agencies = await this.agencies(executor);
    const offers = await this.offerViews(executor, actor, { toolboxId });
    return { toolbox, agencies, offers };
  }

  /** The offers of a toolbox, narrowed to a theme and an agency (by id or acronym). */
  async offers(
    actor: Actor,
    toolboxId: string,
    filter: OfferFilter = {},
    executor: Executor = this.db,
  ): Promise<OfferView[]> {
    const { offers } = await this.matrix(actor, toolboxId, executor);
    const agency = filter.agency?.toLowerCase();
    return offers.filter(
      (offer) =>
        (filter.theme === undefined || offer.themes.some((t) => t.id === filter.theme)) &&
        (agency === undefined ||
          offer.agency.id === agency ||
          offer.agency.acronym.toLowerCase() === agency),
    );
  }

  /** The gaps and overlaps of a toolbox, among the offers the reader may read. */
  async analysis(actor: Actor, toolboxId: string): Promise<{ gaps: Gap[]; overlaps: Overlap[] }> {
    const { toolbox, offers } = await this.matrix(actor, toolboxId);
    return {
      gaps: gapsOf(toolbox.themes, offers),
      overlaps: overlapsOf(toolbox.themes, offers, toolboxOfferKinds),
    };
  }

  async create(actor: Actor, context: AuditContext, input: ToolboxInput): Promise<ToolboxDetail> {
    if (!mayManageToolboxes(actor)) throw new NotFoundError(NO_TOOLBOX);
    const title = input.title.trim();
    const errors = [
      ...(await this.titleErrors(title, null)),
      ...descriptionErrors(input.description),
      ...themeListErrors(input.themes),
    ];
    if (errors.length > 0) throw new ValidationError(errors);
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await this.insertToolbox(trx, id, { ...input, title });
      await this.audit.record(trx, context, {
        action: 'toolbox.create',
        targetType: 'toolbox',
        targetId: id,
        changes: { title, themes: input.themes.map((t) => t.title.trim()) },
      });
    });
    return this.get(id);
  }

  /** Stores a checked toolbox with its themes; for creation and the demo, in their transaction. */
  async insertToolbox(trx: Trx, id: string, input: ToolboxInput): Promise<void> {
    const now = new Date().toISOString();
    await trx
      .insertInto('toolboxes')
      .values({
        id,
        title: input.title.trim(),
        description: input.description.trim(),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    for (const [index, theme] of input.themes.entries()) {
      await trx
        .insertInto('toolbox_themes')
        .values({
          id: randomUUID(),
          toolbox_id: id,
          position: index + 1,
          title: theme.title.trim(),
          description: theme.description.trim(),
        })
        .execute();
    }
  }

  private async titleErrors(title: string, exceptId: string | null): Promise<FieldError[]> {
    if (title === '') return [{ field: 'title', message: 'Give the toolbox a title.' }];
    if (title.length > MAX_TOOLBOX_TITLE)
      return [
        { field: 'title', message: `Write at most ${String(MAX_TOOLBOX_TITLE)} characters.` },
      ];
    const existing = await this.db.selectFrom('toolboxes').select(['id', 'title']).execute();
    const taken = existing.some((t) => t.id !== exceptId && collator.compare(t.title, title) === 0);
    return taken ? [{ field: 'title', message: 'Another toolbox has this title.' }] : [];
  }

  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    changes: ToolboxChanges,
    expectedVersion: number,
  ): Promise<ToolboxDetail> {
    if (!mayManageToolboxes(actor)) throw new NotFoundError(NO_TOOLBOX);
    const current = await this.get(id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const title = changes.title?.trim();
    const description = changes.description?.trim();
    const errors = [
      ...(title === undefined ? [] : await this.titleErrors(title, id)),
      ...(description === undefined ? [] : descriptionErrors(description)),
    ];
    if (errors.length > 0) throw new ValidationError(errors);
    const set = {
      ...(title !== undefined && title !== current.title ? { title } : {}),
      ...(description !== undefined && description !== current.description ? { description } : {}),
    };
    if (Object.keys(set).length === 0) return current;
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'toolboxes', id, expectedVersion);
      await trx.updateTable('toolboxes').set(set).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'toolbox.update',
        targetType: 'toolbox',
        targetId: id,
        changes: Object.fromEntries(
          Object.entries(set).map(([key, after]) => [
            key,
            { before: current[key as keyof typeof set], after },
          ]),
        ),
      });
    });
    return this.get(id);
  }

  /** Adds a theme at the end of the toolbox's columns. */
  async addTheme(
    actor: Actor,
    context: AuditContext,
    id: string,
    theme: { title: string; description: string },
    expectedVersion: number,
  ): Promise<ToolboxDetail> {
    if (!mayManageToolboxes(actor)) throw new NotFoundError(NO_TOOLBOX);
    const before = await this.get(id);
    if (before.version !== expectedVersion) throw new StaleVersionError(before.version);
    const title = theme.title.trim();
    const inputErrors = [...themeErrors('title', title), ...descriptionErrors(theme.description)];
    if (inputErrors.length > 0) throw new ValidationError(inputErrors);
    await this.db.transaction().execute(async (trx) => {
      // The themes are read after the claim, inside it: a writer that read them before a
      // concurrent winner committed is refused as stale, never judged on a list it half saw.
      await claimVersion(trx, 'toolboxes', id, expectedVersion);
      const themes = await this.themesOf(trx, id);
      if (themes.some((t) => collator.compare(t.title, title) === 0))
        throw new ValidationError([
          { field: 'title', message: 'The toolbox already has this theme.' },
        ]);
      if (themes.length >= MAX_THEMES)
        throw new ValidationError([
          { field: 'title', message: `A toolbox has at most ${String(MAX_THEMES)} themes.` },
        ]);
      const themeId = randomUUID();
      await trx
        .insertInto('toolbox_themes')
        .values({
          id: themeId,
          toolbox_id: id,
          position: Math.max(0, ...themes.map((t) => t.position)) + 1,
          title,
          description: theme.description.trim(),
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'toolbox.theme_add',
        targetType: 'toolbox',
        targetId: id,
        changes: { themeId, title },
      });
    });
    return this.get(id);
  }

  async getOffer(actor: Actor, id: string, executor: Executor = this.db): Promise<OfferView> {
    const [offer] = await this.offerViews(executor, actor, { ids: [id] });
    if (!offer) throw new NotFoundError(NO_OFFER);
    return offer;
  }

  /** Whether the actor may change the offer: pages use it to offer the actions. */
  mayChange(actor: Actor, offer: OfferView): boolean {
    return mayOfferFor(actor, offer.agency.id);
  }

  /** Checks an offer against a toolbox's vocabulary and the actor's agency. */
  async resolve(
    executor: Executor,
    actor: Actor,
    toolboxId: string,
    input: OfferInput,
  ): Promise<ResolvedOffer> {
    const { offer, errors } = resolveOffer(input, await this.vocabulary(executor, toolboxId));
    if (offer && !mayOfferFor(actor, offer.agency.id))
      errors.push({ field: 'agency', message: ownAgencyOnly(actor) });
    if (!offer || errors.length > 0) throw new ValidationError(errors);
    return offer;
  }

  async createOffer(
    actor: Actor,
    context: AuditContext,
    toolboxId: string,
    input: OfferInput,
  ): Promise<OfferView> {
    const offer = await this.resolve(this.db, actor, toolboxId, input);
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await this.insertOffer(trx, toolboxId, id, offer, actor.userId, 'created');
      await this.audit.record(trx, context, {
        action: 'toolbox_offer.create',
        targetType: 'toolbox_offer',
        targetId: id,
        changes: { toolboxId, ...comparable(offer) },
      });
    });
    return this.getOffer(actor, id);
  }

  /** Stores a checked offer and its first revision; for creation, the import and the demo. */
  async insertOffer(
    trx: Trx,
    toolboxId: string,
    id: string,
    offer: ResolvedOffer,
    recordedBy: string | null,
    summary: 'created' | 'imported',
  ): Promise<void> {
    const now = new Date().toISOString();
    await trx
      .insertInto('toolbox_offers')
      .values({
        id,
        toolbox_id: toolboxId,
        created_by: recordedBy,
        created_at: now,
        updated_at: now,
        version: 1,
        ...offerColumns(offer),
      })
      .execute();
    await this.writeThemes(trx, id, offer.themeIds);
    await this.recordRevision(trx, id, recordedBy, summary);
  }

  private async writeThemes(trx: Trx, offerId: string, themeIds: readonly string[]) {
    await trx.deleteFrom('toolbox_offer_themes').where('offer_id', '=', offerId).execute();
    if (themeIds.length > 0)
      await trx
        .insertInto('toolbox_offer_themes')
        .values(themeIds.map((themeId) => ({ offer_id: offerId, theme_id: themeId })))
        .execute();
  }

  private async recordRevision(
    trx: Trx,
    id: string,
    recordedBy: string | null,
    summary: 'created' | 'edited' | 'imported',
  ): Promise<void> {
    const [view] = await this.offerViews(trx, { role: 'admin' }, { ids: [id] });
    if (!view) throw new NotFoundError(NO_OFFER);
    await trx
      .insertInto('toolbox_offer_revisions')
      .values({
        offer_id: id,
        version: view.version,
        recorded_at: new Date().toISOString(),
        recorded_by: recordedBy,
        summary,
        snapshot: JSON.stringify(view),
      })
      .execute();
  }

  /** The offer if the actor may change it; otherwise not found, like a hidden one. */
  async changeable(executor: Executor, actor: Actor, id: string): Promise<OfferView> {
    const current = await this.getOffer(actor, id, executor);
    if (!this.mayChange(actor, current)) throw new NotFoundError(NO_OFFER);
    return current;
  }

  async updateOffer(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: OfferInput,
    expectedVersion: number,
  ): Promise<OfferView> {
    const current = await this.changeable(this.db, actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    const offer = await this.resolve(this.db, actor, current.toolboxId, input);
    const changes = offerChanges(comparable(resolvedOf(current)), comparable(offer));
    // Saving an unchanged offer is no change: no new version, nothing to audit.
    if (Object.keys(changes).length === 0) return current;
    await this.db.transaction().execute(async (trx) => {
      await this.replaceOffer(trx, current, offer, actor.userId, 'edited');
      await this.audit.record(trx, context, {
        action: 'toolbox_offer.update',
        targetType: 'toolbox_offer',
        targetId: id,
        changes,
      });
    });
    return this.getOffer(actor, id);
  }

  /**
   * Writes a checked offer over the stored one at `current.version`, claiming that version
   * first. Used by `updateOffer` and the import, inside their transaction and audit.
   */
  async replaceOffer(
    trx: Trx,
    current: OfferView,
    offer: ResolvedOffer,
    recordedBy: string | null,
    summary: 'edited' | 'imported',
  ): Promise<void> {
    await claimVersion(trx, 'toolbox_offers', current.id, current.version);
    await trx
      .updateTable('toolbox_offers')
      .set(offerColumns(offer))
      .where('id', '=', current.id)
      .execute();
    await this.writeThemes(trx, current.id, offer.themeIds);
    await this.recordRevision(trx, current.id, recordedBy, summary);
  }

  async deleteOffer(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<void> {
    const current = await this.changeable(this.db, actor, id);
    if (current.version !== expectedVersion) throw new StaleVersionError(current.version);
    await this.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'toolbox_offers', id, expectedVersion);
      await trx.deleteFrom('toolbox_offers').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'toolbox_offer.delete',
        targetType: 'toolbox_offer',
        targetId: id,
        changes: { toolboxId: current.toolboxId, ...comparable(resolvedOf(current)) },
      });
    });
  }

  /**
   * The history of an offer, latest first: each version with what it changed. Observers read
   * only the versions that were released to them.
   */
  async revisions(actor: Actor, id: string): Promise<OfferRevisionView[]> {
    const offer = await this.getOffer(actor, id);
    const rows = await this.db
      .selectFrom('toolbox_offer_revisions')
      .leftJoin('users', 'users.id', 'toolbox_offer_revisions.recorded_by')
      .select([
        'toolbox_offer_revisions.version',
        'toolbox_offer_revisions.recorded_at',
        'toolbox_offer_revisions.summary',
        'toolbox_offer_revisions.snapshot',
        'users.name',
      ])
      .where('toolbox_offer_revisions.offer_id', '=', offer.id)
      .orderBy('toolbox_offer_revisions.version')
      .execute();
    const shown = rows
      .map((row) => ({ ...row, view: JSON.parse(row.snapshot) as OfferView }))
      .filter((row) => actor.role !== 'observer' || row.view.releasedToObservers);
    return shown
      .map((row, index) => {
        const previous = index === 0 ? null : (shown[index - 1]?.view ?? null);
        return {
          version: row.version,
          recordedAt: row.recorded_at,
          recordedBy: row.name,
          summary: row.summary,
          changes: previous ? offerChanges(historyFields(previous), historyFields(row.view)) : {},
        };
      })
      .reverse();
  }
}

/** An offer's fields as its history shows them: themes by title. */
function historyFields(offer: OfferView) {
  return { ...comparable(resolvedOf(offer)), themes: offer.themes.map((t) => t.title).join('; ') };
}

function offerColumns(offer: ResolvedOffer) {
  return {
    organisation_id: offer.agency.id,
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    access_conditions: offer.accessConditions,
    contact_point: offer.contactPoint,
    legal_basis: offer.legalBasis,
    released_to_observers: offer.releasedToObservers ? 1 : 0,
  };
}

export function ownAgencyOnly(actor: Pick<Actor, 'organisationAcronym'>): string {
  return `You may record offers of your own agency (${actor.organisationAcronym}) only.`;
}

function descriptionErrors(description: string): FieldError[] {
  return description.length > MAX_LONG_TEXT
    ? [{ field: 'description', message: `Write at most ${String(MAX_LONG_TEXT)} characters.` }]
    : [];
}

function themeErrors(field: string, title: string): FieldError[] {
  if (title === '') return [{ field, message: 'Name the theme.' }];
  if (title.length > MAX_THEME_TITLE)
    return [{ field, message: `Write at most ${String(MAX_THEME_TITLE)} characters.` }];
  return [];
}

function themeListErrors(themes: readonly { title: string; description: string }[]): FieldError[] {
  const errors: FieldError[] = [];
  if (themes.length === 0)
    errors.push({
      field: 'themes',
      message: 'Name at least one theme: the columns of the matrix.',
    });
  if (themes.length > MAX_THEMES)
    errors.push({
      field: 'themes',
      message: `A toolbox has at most ${String(MAX_THEMES)} themes.`,
    });
  const seen: string[] = [];
  themes.forEach((theme, index) => {
    const title = theme.title.trim();
    errors.push(...themeErrors(`themes[${String(index)}].title`, title));
    errors.push(
      ...descriptionErrors(theme.description).map((e) => ({
        ...e,
        field: `themes[${String(index)}].description`,
      })),
    );
    if (seen.some((s) => collator.compare(s, title) === 0))
      errors.push({
        field: `themes[${String(index)}].title`,
        message: 'The theme is named twice.',
      });
    seen.push(title);
  });
  return errors;
}
