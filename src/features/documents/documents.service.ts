import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import { AppError, NotFoundError, ValidationError, type FieldError } from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import { bumpVersion, claimVersion, unchanged, unlessUnchanged } from '../../db/versioned.js';
import {
  euciCeilingNames,
  releasabilities,
  tlps,
  type MarkingChangeKind,
  type Tlp,
} from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { checkContent } from './file-content.js';
import type { ExtractedText } from './text-extraction.js';
import type { ExtractionJob, TextExtractionQueue } from './text-extraction-queue.js';
import { hasExtractableText } from './text-types.js';
import type { DocumentFileStore } from './documents.files.js';
import {
  classificationLabel,
  classificationLevel,
  classificationName,
  combineMarkings,
  lowersAnything,
  markingLine,
  NOT_CLASSIFIED,
} from './markings.js';
import {
  documentAudiences,
  mayDownload,
  mayEdit,
  mayMark,
  mayRegister,
  maySeeDownloads,
  readerAudiences,
  sameAudiences,
  visibleDocuments,
  type DocumentFacts,
  type DocumentReader,
} from './documents.policy.js';
import {
  markingOf,
  matchingDocuments,
  organisationAcronyms,
  readerFor,
  releasesOf,
  startingPoint,
  yearOf,
  type DocumentFilters,
  type DocumentRow,
  type MarkingSnapshot,
} from './documents.repository.js';
import type { DocumentSearchIndex } from './documents.search.js';
import type { DocumentTexts } from './document-texts.js';
import { searchTerms } from './search-terms.js';
import { allocateRegistrationNumber } from './documents.numbers.js';
import { acronymOf, filesOf, markingHistoryOf, summariesOf } from './documents.views.js';
import {
  linksOf,
  replaceVisibleLinks,
  resolveLinks,
  visibleLinkTargets,
  type ResolvedLink,
} from './documents.links.js';
import {
  documentLanguages,
  documentTypes,
  MAX_COUNTED_MATCHES,
  type DocumentChanges,
  type DocumentDetail,
  type DocumentInput,
  type DocumentListQuery,
  type DocumentSearchResult,
  type DocumentSummary,
  type DownloadView,
  type FacetValue,
  type FileUpload,
  type MarkingInput,
} from './documents.model.js';
import { notifyOrganisations } from '../notifications/notify.js';

interface FacetedRow {
  originator: string;
  type: string;
  language: string;
  year: string;
  level: number;
  tlp: Tlp | null;
}

/** The facets of the documents given: how many of them have each value. */
function facets(rows: readonly FacetedRow[]) {
  const tally = <V>(value: (row: FacetedRow) => V) => {
    const counts = new Map<V, number>();
    for (const row of rows) counts.set(value(row), (counts.get(value(row)) ?? 0) + 1);
    return [...counts].map(([v, count]) => ({ value: v, count }));
  };
  return {
    originator: tally((r) => r.originator),
    type: tally((r) => r.type),
    language: tally((r) => r.language),
    year: tally((r) => r.year),
    level: tally((r) => r.level),
    tlp: tally((r) => r.tlp),
  };
}

type CountedFacets = ReturnType<typeof facets>;

/** The most matches a search ranks by relevance; see `rankedPage`. */
const MAX_RANKED_MATCHES = 1_000;

export interface DocumentSettings {
  /** The highest classification level this deployment may hold content of. */
  euciCeiling: number;
  maxFileBytes: number;
}

/** A marking as validated and resolved, ready to store. */
interface ResolvedMarking {
  level: number;
  limite: boolean;
  sensitive: boolean;
  tlp: DocumentRow['tlp'];
  releasability: DocumentRow['releasability'];
  releasedTo: string[];
  recipients: string[];
}

export interface Download {
  filename: string;
  contentType: string;
  content: Buffer;
}

const MAX_EXPORT_ROWS = 10_000;
const ORIGINATOR_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 ./()-]{0,63}$/;

function facts(row: DocumentRow): DocumentFacts {
  return {
    originatorOrganisationId: row.originator_organisation_id,
    registeredBy: row.registered_by,
    isReference: row.is_reference === 1,
    hasFile: row.current_file_id !== null,
  };
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

function checkReference(value: string | undefined, field: string, errors: FieldError[]): void {
  const reference = value?.trim() ?? '';
  if (reference !== '' && !ORIGINATOR_REFERENCE.test(reference))
    errors.push({
      field,
      message: 'Use letters, digits, spaces and . / ( ) - only, at most 64 characters.',
    });
}

/** What is wrong with a scheduled change of a document now at `level`. */
function scheduleErrors(
  change: { on: string; classification: string; reason: string },
  level: number,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCalendarDate(change.on) || change.on <= todayUtc())
    errors.push({ field: 'on', message: 'Give a day after today.' });
  const newLevel = (euciCeilingNames as readonly string[]).indexOf(change.classification);
  if (newLevel < 0 || newLevel >= level)
    errors.push({
      field: 'classification',
      message: 'A scheduled change lowers the classification: choose a lower level or none.',
    });
  if (change.reason.trim() === '' || change.reason.length > 2000)
    errors.push({ field: 'reason', message: 'Say why (at most 2,000 characters).' });
  return errors;
}

export class Documents {
  private readonly index: DocumentSearchIndex;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly files: DocumentFileStore,
    private readonly texts: DocumentTexts,
    private readonly textQueue: TextExtractionQueue,
    readonly settings: DocumentSettings,
  ) {
    this.index = texts.index;
  }

  reader(actor: Actor): Promise<DocumentReader> {
    return readerFor(this.database.db, actor);
  }

  // ---- reading -------------------------------------------------------------------------------

  private filtersOf(actor: Actor, query: DocumentListQuery): DocumentFilters {
    return {
      originatorIds: query.originator,
      types: query.type,
      languages: query.language,
      years: query.year,
      levels: query.classification?.map(classificationLevel),
      tlps: query.tlp,
      linkedTo:
        query.linkedType && query.linkedId
          ? { type: query.linkedType, id: query.linkedId, visible: visibleLinkTargets(actor) }
          : undefined,
    };
  }

  /**
   * A page of the documents the reader may read that match the query, with their count and
   * facets. Both are taken from at most `countCap` + 1 matches, the most recently registered:
   * past the cap the total is a lower bound, and a search's ranking is among those matches only,
   * so that a word found in nearly every document costs no more than one found in 10,000.
   * `countCap` is for tests; the service always counts to `MAX_COUNTED_MATCHES`.
   */
  async list(
    actor: Actor,
    query: DocumentListQuery,
    countCap = MAX_COUNTED_MATCHES,
  ): Promise<DocumentSearchResult> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const terms = searchTerms(query.q ?? '');
    const filters = this.filtersOf(actor, query);
    const audiences = readerAudiences(reader);
    const matching = () =>
      matchingDocuments(db, this.index, visibleDocuments(reader), filters, terms, { audiences });
    const sort = query.sort ?? (terms.length > 0 ? 'relevance' : 'registered');
    const direction =
      query.direction ?? (sort === 'title' || sort === 'registration' ? 'asc' : 'desc');
    const byRank = sort === 'relevance' && terms.length > 0;
    const offset = (query.page - 1) * query.pageSize;
    // Without terms, only the pass over every match starts from the reader's documents: a page
    // in an order walks that order's index and stops at its last row.
    const counted = startingPoint(db, reader, terms).then((start) =>
      this.counted(
        matchingDocuments(db, this.index, visibleDocuments(reader), filters, terms, start),
        countCap,
      ),
    );
    const pageIds = byRank
      ? counted.then((found) => this.rankedPage(terms, found.candidates, offset, query.pageSize))
      : sort === 'title'
        ? this.texts.pageByTitle(
            db,
            matching().clearSelect().select('documents.id'),
            direction,
            offset,
            query.pageSize,
          )
        : // Only the ids are sorted: carrying whole rows through the sort of every match is what
          // made a search for a frequent word slow; the page's rows are read afterwards.
          (sort === 'registration'
            ? matching()
                .select('documents.id')
                .orderBy('documents.registration_number', direction)
                .orderBy('documents.registered_on', 'desc')
            : matching().select('documents.id').orderBy('documents.registered_on', direction)
          )
            .orderBy('documents.id')
            .limit(query.pageSize)
            .offset(offset)
            .execute()
            .then((page) => page.map((r) => r.id));
    const [rows, found, acronyms] = await Promise.all([
      pageIds.then((ids) => this.rowsInOrder(ids)),
      counted,
      organisationAcronyms(db),
    ]);
    const snippets =
      terms.length > 0
        ? await this.texts.snippets(
            db,
            rows.map((r) => r.id),
            terms,
          )
        : new Map<string, string>();
    const items = await summariesOf(db, rows, acronyms, snippets);
    return {
      items,
      total: found.lowerBound ? countCap : found.candidates.length,
      totalIsLowerBound: found.lowerBound,
      page: query.page,
      pageSize: query.pageSize,
      facets: this.labelFacets(facets(found.candidates), acronyms),
      marking: await this.combinedMarking(rows, acronyms),
    };
  }

  /**
   * The first `cap` + 1 matches the database comes to, with what the facets count: one pass,
   * unsorted so that it can stop there, whatever the number of matches beyond.
   */
  private async counted(matching: ReturnType<typeof matchingDocuments>, cap: number) {
    const rows = await matching
      .select([
        'documents.id',
        'documents.registered_on as registeredOn',
        'documents.originator_organisation_id as originator',
        'documents.document_type as type',
        'documents.language',
        yearOf.as('year'),
        'documents.classification_level as level',
        'documents.tlp',
      ])
      .limit(cap + 1)
      .execute();
    return { candidates: rows.slice(0, cap), lowerBound: rows.length > cap };
  }

  /**
   * A page of the candidates by rank, the more recently registered first among equals. Only the
   * `MAX_RANKED_MATCHES` most recently registered candidates are ranked: ranking reads each
   * document's entry in the index, and ranking every match of a word found in nearly every
   * document is what made such a search slow. Below that many matches the order is exact; past
   * them, the others follow the ranked ones, the most recently registered first, so that every
   * page the total promises has its documents.
   */
  private async rankedPage(
    terms: readonly string[],
    candidates: readonly { id: string; registeredOn: string }[],
    offset: number,
    limit: number,
  ): Promise<string[]> {
    const byRecency = [...candidates].sort(
      (a, b) => b.registeredOn.localeCompare(a.registeredOn) || (a.id < b.id ? 1 : -1),
    );
    const ranked = byRecency.slice(0, MAX_RANKED_MATCHES);
    const ranks = await this.index.rank(
      this.database.db,
      terms,
      ranked.map((c) => c.id),
    );
    const rankOf = (id: string) => ranks.get(id) ?? 0;
    ranked.sort(
      (a, b) =>
        rankOf(b.id) - rankOf(a.id) ||
        b.registeredOn.localeCompare(a.registeredOn) ||
        (a.id < b.id ? -1 : 1),
    );
    return [...ranked, ...byRecency.slice(MAX_RANKED_MATCHES)]
      .slice(offset, offset + limit)
      .map((c) => c.id);
  }

  private async rowsInOrder(ids: readonly string[]): Promise<DocumentRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('documents')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return this.texts.withDetails(
      this.database.db,
      ids.flatMap((id) => byId.get(id) ?? []),
    );
  }

  private labelFacets(
    facets: CountedFacets,
    acronyms: ReadonlyMap<string, string>,
  ): DocumentSearchResult['facets'] {
    const byCount = (values: FacetValue[]) =>
      values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const name = acronymOf(acronyms);
    return {
      originator: byCount(
        facets.originator.map((f) => ({ value: f.value, label: name(f.value), count: f.count })),
      ),
      type: byCount(facets.type.map((f) => ({ ...f, label: f.value }))),
      language: byCount(facets.language.map((f) => ({ ...f, label: f.value.toUpperCase() }))),
      year: facets.year
        .map((f) => ({ value: f.value, label: f.value, count: f.count }))
        .sort((a, b) => b.value.localeCompare(a.value)),
      classification: facets.level
        .map((f) => ({
          value: classificationName(f.value),
          label: f.value === 0 ? 'Not classified' : classificationLabel(f.value),
          count: f.count,
        }))
        .sort((a, b) => classificationLevel(a.value) - classificationLevel(b.value)),
      tlp: facets.tlp
        .map((f) => ({
          value: f.value ?? 'none',
          label: f.value ? `TLP:${f.value.replace('_', '+').toUpperCase()}` : 'No TLP label',
          count: f.count,
        }))
        .sort((a, b) => a.value.localeCompare(b.value)),
    };
  }

  private async combinedMarking(
    rows: readonly DocumentRow[],
    acronyms: ReadonlyMap<string, string>,
  ): Promise<DocumentSearchResult['marking']> {
    const releases = await releasesOf(
      this.database.db,
      rows.filter((r) => r.releasability === 'named').map((r) => r.id),
    );
    const combined = combineMarkings(rows.map((r) => markingOf(r, releases.get(r.id) ?? [])));
    return {
      line: markingLine(combined, acronymOf(acronyms)),
      classification: classificationName(combined.level),
    };
  }

  /** Every document matching the query (up to a limit), with the marking of the whole set. */
  async exportRows(
    actor: Actor,
    query: Omit<DocumentListQuery, 'page' | 'pageSize'>,
  ): Promise<{ items: DocumentSummary[]; marking: DocumentSearchResult['marking'] }> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const terms = searchTerms(query.q ?? '');
    const stored = await matchingDocuments(
      db,
      this.index,
      visibleDocuments(reader),
      this.filtersOf(actor, { ...query, page: 1, pageSize: 1 }),
      terms,
      await startingPoint(db, reader, terms),
    )
      .selectAll('documents')
      .orderBy('documents.registered_on', 'desc')
      .orderBy('documents.id')
      .limit(MAX_EXPORT_ROWS)
      .execute();
    const rows = await this.texts.withDetails(db, stored);
    const acronyms = await organisationAcronyms(db);
    return {
      items: await summariesOf(db, rows, acronyms),
      marking: await this.combinedMarking(rows, acronyms),
    };
  }

  /** A readable document, or 404: missing and not readable are the same answer. */
  private async readable(db: Executor, reader: DocumentReader, id: string): Promise<DocumentRow> {
    const row = await db
      .selectFrom('documents')
      .selectAll()
      .where('documents.id', '=', id)
      .where(visibleDocuments(reader))
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such document.', { type: 'document', id });
    const [opened] = await this.texts.withDetails(db, [row]);
    if (!opened) throw new NotFoundError('No such document.', { type: 'document', id });
    return opened;
  }

  async get(actor: Actor, id: string): Promise<DocumentDetail> {
    return this.readableDetail(actor, await this.reader(actor), id);
  }

  private async readableDetail(
    actor: Actor,
    reader: DocumentReader,
    id: string,
  ): Promise<DocumentDetail> {
    const db = this.database.db;
    return this.detail(db, actor, reader, await this.readable(db, reader, id));
  }

  private async detail(
    db: Executor,
    actor: Actor,
    reader: DocumentReader,
    row: DocumentRow,
  ): Promise<DocumentDetail> {
    const acronyms = await organisationAcronyms(db);
    const [[summary], files, links, history, registeredBy] = await Promise.all([
      summariesOf(db, [row], acronyms),
      filesOf(db, row.id),
      linksOf(db, actor, row.id, Number(row.registered_on.slice(0, 4))),
      markingHistoryOf(db, row.id, acronyms),
      row.registered_by
        ? db
            .selectFrom('users')
            .select('name')
            .where('id', '=', row.registered_by)
            .executeTakeFirst()
        : undefined,
    ]);
    if (!summary) throw new NotFoundError('No such document.');
    const name = acronymOf(acronyms);
    return {
      ...summary,
      description: row.description,
      registeredBy: registeredBy?.name ?? null,
      holder: row.holder_organisation_id
        ? { id: row.holder_organisation_id, acronym: name(row.holder_organisation_id) }
        : null,
      pointOfContact: row.point_of_contact,
      links,
      files,
      scheduledChange:
        row.scheduled_change_on !== null && row.scheduled_level !== null
          ? {
              on: row.scheduled_change_on,
              classification: classificationName(row.scheduled_level),
              classificationLabel: classificationLabel(row.scheduled_level) || 'Not classified',
              reason: row.scheduled_reason ?? '',
            }
          : null,
      markingHistory: history,
      permissions: {
        edit: mayEdit(reader, facts(row)),
        mark: mayMark(reader, facts(row)),
        download: mayDownload(reader, facts(row)),
        seeDownloads: maySeeDownloads(reader, facts(row)),
      },
    };
  }

  // ---- validation ----------------------------------------------------------------------------

  private async signatories(db: Executor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('euci_signatories')
      .select('organisation_id')
      .where('organisation_id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.organisation_id));
  }

  private async resolveMarking(
    db: Executor,
    reader: DocumentReader,
    originatorId: string,
    input: MarkingInput,
    errors: FieldError[],
    registeredBy: string | null = reader.userId,
  ): Promise<ResolvedMarking> {
    const level = (euciCeilingNames as readonly string[]).indexOf(input.classification);
    if (level < 0)
      errors.push({
        field: 'marking.classification',
        message: `Choose one of ${euciCeilingNames.join(', ')}.`,
      });
    const tlp = input.tlp ?? null;
    if (tlp !== null && !tlps.includes(tlp))
      errors.push({ field: 'marking.tlp', message: `Choose one of ${tlps.join(', ')}, or none.` });
    if (!releasabilities.includes(input.releasability))
      errors.push({
        field: 'marking.releasability',
        message: 'Choose the whole network, named organisations, or the originator only.',
      });
    const releasedTo =
      input.releasability === 'named'
        ? unique(input.releasedTo).filter((id) => id !== originatorId)
        : [];
    if (input.releasability === 'named' && releasedTo.length === 0)
      errors.push({
        field: 'marking.releasedTo',
        message: 'Name at least one agency or body besides the originator.',
      });
    const organisations =
      releasedTo.length > 0
        ? await db
            .selectFrom('organisations')
            .select(['id', 'acronym'])
            .where('id', 'in', releasedTo)
            .execute()
        : [];
    if (organisations.length !== releasedTo.length)
      errors.push({
        field: 'marking.releasedTo',
        message: 'An organisation named does not exist.',
      });

    if (level > NOT_CLASSIFIED) {
      if (level > reader.maxLevel)
        errors.push({
          field: 'marking.classification',
          message: `You are not cleared and briefed for ${classificationLabel(level)}, so you cannot register or mark documents at that level.`,
        });
      const signed = await this.signatories(db, [originatorId, ...releasedTo]);
      if (!signed.has(originatorId))
        errors.push({
          field: 'marking.classification',
          message:
            'The originator agency has not signed the multilateral agreement on the exchange of EU classified information, so it cannot exchange EUCI here.',
        });
      const unsigned = organisations.filter((o) => !signed.has(o.id)).map((o) => o.acronym);
      if (unsigned.length > 0)
        errors.push({
          field: 'marking.releasedTo',
          message: `EU classified information is released only to signatories of the multilateral agreement; ${unsigned.join(', ')} ${unsigned.length === 1 ? 'has' : 'have'} not signed it.`,
        });
    }

    let recipients: string[] = [];
    if (tlp === 'red') {
      // Whoever registered it, and whoever marks it RED, keep reading it.
      recipients = unique([
        ...(input.recipients ?? []),
        reader.userId,
        ...(registeredBy ? [registeredBy] : []),
      ]);
      const users = await db
        .selectFrom('users')
        .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
        .select(['users.id', 'users.name', 'users.organisation_id', 'organisations.kind'])
        .where('users.id', 'in', recipients)
        .execute();
      if (users.length !== recipients.length)
        errors.push({ field: 'marking.recipients', message: 'A recipient named does not exist.' });
      const audience = new Set([originatorId, ...releasedTo]);
      const outside = users.filter((u) =>
        input.releasability === 'network'
          ? u.kind !== 'agency' && u.organisation_id !== originatorId
          : !audience.has(u.organisation_id),
      );
      if (outside.length > 0 && input.releasability !== 'originator')
        errors.push({
          field: 'marking.recipients',
          message: `${outside.map((u) => u.name).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in an organisation the document is released to.`,
        });
      if (
        input.releasability === 'originator' &&
        users.some((u) => u.organisation_id !== originatorId)
      )
        errors.push({
          field: 'marking.recipients',
          message:
            'The document is released to the originator only: name recipients of that agency.',
        });
    } else if ((input.recipients ?? []).length > 0) {
      errors.push({
        field: 'marking.recipients',
        message: 'Named recipients go with TLP:RED only.',
      });
    }
    return {
      level: Math.max(level, 0),
      limite: input.limite === true,
      sensitive: input.sensitive === true,
      tlp,
      releasability: input.releasability,
      releasedTo,
      recipients,
    };
  }

  /** The holder of a reference record is an agency or body of the registry. */
  private async checkHolder(db: Executor, holderId: string, errors: FieldError[]): Promise<void> {
    const holder = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', holderId)
      .executeTakeFirst();
    if (!holder) errors.push({ field: 'holderOrganisationId', message: 'No such agency or body.' });
  }

  private checkDetails(
    input: DocumentChanges & { title?: string | undefined },
    errors: FieldError[],
  ): void {
    if (input.title !== undefined && (input.title.trim() === '' || input.title.length > 300))
      errors.push({ field: 'title', message: 'Give a title of at most 300 characters.' });
    if (input.description !== undefined && input.description.length > 20_000)
      errors.push({
        field: 'description',
        message: 'Keep the description under 20,000 characters.',
      });
    if (input.documentType !== undefined && !documentTypes.includes(input.documentType))
      errors.push({ field: 'documentType', message: `Choose one of ${documentTypes.join(', ')}.` });
    if (input.language !== undefined && !documentLanguages.includes(input.language))
      errors.push({
        field: 'language',
        message: 'Choose an official language of the EU by its two-letter code.',
      });
    if (input.registeredOn !== undefined) {
      if (!isCalendarDate(input.registeredOn))
        errors.push({
          field: 'registeredOn',
          message: 'Give the date of registration: a real day, month and year.',
        });
      else if (input.registeredOn > todayUtc())
        errors.push({
          field: 'registeredOn',
          message: 'A document cannot be registered in the future.',
        });
    }
    if (input.pointOfContact !== undefined && input.pointOfContact.length > 300)
      errors.push({ field: 'pointOfContact', message: 'Keep the contact under 300 characters.' });
    checkReference(input.originatorReference, 'originatorReference', errors);
  }

  // ---- writing -------------------------------------------------------------------------------

  private async writeMarking(
    trx: Trx,
    documentId: string,
    marking: ResolvedMarking,
  ): Promise<void> {
    await trx.deleteFrom('document_releases').where('document_id', '=', documentId).execute();
    await trx.deleteFrom('document_recipients').where('document_id', '=', documentId).execute();
    if (marking.releasedTo.length > 0)
      await trx
        .insertInto('document_releases')
        .values(marking.releasedTo.map((o) => ({ document_id: documentId, organisation_id: o })))
        .execute();
    if (marking.recipients.length > 0)
      await trx
        .insertInto('document_recipients')
        .values(marking.recipients.map((u) => ({ document_id: documentId, user_id: u })))
        .execute();
  }

  /** Why a file cannot be kept at this level, or null when it can. */
  private aboveCeiling(level: number): string | null {
    if (level <= this.settings.euciCeiling) return null;
    const ceiling =
      this.settings.euciCeiling === NOT_CLASSIFIED
        ? 'is not accredited for EU classified information'
        : `is accredited up to ${classificationLabel(this.settings.euciCeiling)}`;
    return `This deployment ${ceiling}, so the content of a ${classificationLabel(level)} document cannot be stored here. jhanet keeps a reference record instead: its registration number, level, the agency that holds it and whom to ask.`;
  }

  /**
   * Registers a document, with its first file when one is given. Above the ceiling the document
   * becomes a reference record, and the file is refused unread: `fileRefused` says why.
   */
  async register(
    actor: Actor,
    context: AuditContext,
    input: DocumentInput,
    file?: FileUpload,
  ): Promise<{ document: DocumentDetail; fileRefused: string | null }> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    if (!mayRegister(reader)) throw new NotFoundError('No such resource.');
    const errors: FieldError[] = [];
    this.checkDetails(input, errors);
    const registeredOn = input.registeredOn ?? todayUtc();
    const originatorId = reader.organisationId;
    const marking = await this.resolveMarking(db, reader, originatorId, input.marking, errors);
    const links = await resolveLinks(
      db,
      actor,
      input.links,
      Number(registeredOn.slice(0, 4)),
      errors,
    );
    const reference = this.originatorReferenceOf(input, errors);
    const isReference = marking.level > this.settings.euciCeiling;
    const holderId = input.holderOrganisationId ?? originatorId;
    if (isReference) await this.checkHolder(db, holderId, errors);
    const fileRefused = file && isReference ? this.aboveCeiling(marking.level) : null;
    const prepared = file && !isReference ? await this.prepareFile(file, errors) : null;
    if (errors.length > 0) throw new ValidationError(errors);

    const id = randomUUID();
    const now = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      const number = await allocateRegistrationNumber(trx, originatorId, registeredOn);
      await trx
        .insertInto('documents')
        .values({
          id,
          registration_number: number,
          originator_reference: reference,
          registered_on: registeredOn,
          document_type: input.documentType,
          language: input.language,
          originator_organisation_id: originatorId,
          registered_by: actor.userId,
          classification_level: marking.level,
          limite: marking.limite ? 1 : 0,
          sensitive: marking.sensitive ? 1 : 0,
          tlp: marking.tlp,
          releasability: marking.releasability,
          is_reference: isReference ? 1 : 0,
          holder_organisation_id: isReference ? holderId : null,
          point_of_contact: isReference ? input.pointOfContact?.trim() || actor.email : '',
          scheduled_change_on: null,
          scheduled_level: null,
          scheduled_reason: null,
          scheduled_by: null,
          current_file_id: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // The release first: storing the details indexes the document with its audiences.
      await this.writeMarking(trx, id, marking);
      await this.texts.storeDetails(trx, id, {
        title: input.title.trim(),
        description: (input.description ?? '').trim(),
      });
      await notifyOrganisations(trx, {
        kind: 'document_release',
        subjectId: id,
        organisationIds: marking.releasedTo,
        roles: ['admin', 'contact', 'member', 'observer'],
      });
      await replaceVisibleLinks(trx, actor, id, links);
      await this.audit.record(trx, context, {
        action: 'document.register',
        targetType: 'document',
        targetId: id,
        changes: {
          registrationNumber: number,
          ...(reference !== '' ? { originatorReference: reference } : {}),
          title: input.title.trim(),
          marking: this.snapshot(id, originatorId, marking),
          reference: isReference,
          ...(fileRefused ? { fileRefused: 'above the accreditation ceiling' } : {}),
        },
      });
      if (prepared) await this.storeFile(trx, context, actor, id, 1, prepared, now);
    });
    if (prepared) this.textQueue.wake();
    return {
      document: await this.readableDetail(actor, reader, id),
      fileRefused,
    };
  }

  /**
   * The originator's reference a registration gives: `originatorReference`, or what clients
   * written for user-chosen numbers send as `registrationNumber`.
   */
  private originatorReferenceOf(input: DocumentInput, errors: FieldError[]): string {
    if (input.registrationNumber === undefined) return input.originatorReference?.trim() ?? '';
    if (
      input.originatorReference !== undefined &&
      input.originatorReference.trim() !== input.registrationNumber.trim()
    )
      errors.push({
        field: 'registrationNumber',
        message:
          'The platform numbers documents: give your own reference once, as originatorReference.',
      });
    checkReference(input.registrationNumber, 'registrationNumber', errors);
    return input.registrationNumber.trim();
  }

  private snapshot(
    documentId: string,
    originatorId: string,
    marking: ResolvedMarking,
  ): MarkingSnapshot {
    return {
      id: documentId,
      originator_organisation_id: originatorId,
      classification_level: marking.level,
      limite: marking.limite ? 1 : 0,
      sensitive: marking.sensitive ? 1 : 0,
      tlp: marking.tlp,
      releasability: marking.releasability,
      releasedTo: marking.releasedTo,
    };
  }

  private async prepareFile(
    file: FileUpload,
    errors: FieldError[],
  ): Promise<(FileUpload & { contentType: string }) | null> {
    if (file.content.length > this.settings.maxFileBytes) {
      throw new AppError(
        'file_too_large',
        413,
        `The file is larger than ${String(Math.floor(this.settings.maxFileBytes / 1024 / 1024))} MB.`,
      );
    }
    const filename = file.filename.replace(/[\\/]/g, '_').trim().slice(0, 255);
    if (filename === '') errors.push({ field: 'file', message: 'The file needs a name.' });
    if ((file.note ?? '').length > 500)
      errors.push({ field: 'note', message: 'Keep the note under 500 characters.' });
    const check = await checkContent(file.content, filename);
    if (!check.ok) {
      errors.push({ field: 'file', message: check.reason });
      return null;
    }
    return { ...file, filename, contentType: check.content.contentType };
  }

  private async storeFile(
    trx: Trx,
    context: AuditContext,
    actor: Actor,
    documentId: string,
    number: number,
    file: FileUpload & { contentType: string },
    now: string,
  ): Promise<void> {
    const fileId = randomUUID();
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    await trx
      .insertInto('document_files')
      .values({
        id: fileId,
        document_id: documentId,
        number,
        filename: file.filename,
        content_type: file.contentType,
        size_bytes: file.content.length,
        sha256,
        note: (file.note ?? '').trim(),
        text_chars: 0,
        text_failed: 0,
        uploaded_by: actor.userId,
        uploaded_at: now,
      })
      .execute();
    await this.files.put(trx, fileId, file.content);
    await trx
      .updateTable('documents')
      .set({ current_file_id: fileId })
      .where('id', '=', documentId)
      .execute();
    // The previous version's text no longer describes the document; the new one's follows when
    // a parser process has read it (text-extraction-worker.ts).
    await this.texts.storeText(trx, documentId, '');
    if (hasExtractableText(file.contentType))
      await this.textQueue.enqueue(trx, { fileId, documentId, ownerId: actor.userId });
    await this.audit.record(trx, context, {
      action: 'document.version_add',
      targetType: 'document',
      targetId: documentId,
      changes: {
        version: number,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.content.length,
        sha256,
      },
    });
  }

  /**
   * Claims a document for a change, first in its transaction (at the version the writer saw,
   * when it names one), and answers it as it now stands if the reader may still make the change.
   * Callers have checked that before, so a stale version reveals nothing.
   */
  private async forChange(
    trx: Trx,
    reader: DocumentReader,
    id: string,
    allowed: (reader: DocumentReader, facts: DocumentFacts) => boolean,
    expectedVersion: number | undefined,
  ): Promise<DocumentRow> {
    if (expectedVersion === undefined) await bumpVersion(trx, 'documents', id);
    else await claimVersion(trx, 'documents', id, expectedVersion);
    const row = await this.readable(trx, reader, id);
    if (!allowed(reader, facts(row))) throw new NotFoundError('No such document.');
    return row;
  }

  /**
   * Whether links sent with a change differ, in any order, from the stored links the editor can
   * see (the others are kept whatever the editor sends).
   */
  private async linksDiffer(
    trx: Trx,
    actor: Actor,
    id: string,
    links: readonly ResolvedLink[],
  ): Promise<boolean> {
    const stored = await trx
      .selectFrom('document_links')
      .select(['target_type as type', 'target_id as id'])
      .where('document_id', '=', id)
      .where(visibleLinkTargets(actor))
      .execute();
    const key = (link: ResolvedLink) => `${link.type}/${link.id}`;
    const before = new Set(stored.map(key));
    const after = new Set(links.map(key));
    return before.size !== after.size || [...after].some((link) => !before.has(link));
  }

  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    changes: DocumentChanges,
    expectedVersion: number,
  ): Promise<DocumentDetail> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.readable(db, reader, id);
    if (!mayEdit(reader, facts(current))) throw new NotFoundError('No such document.');
    const errors: FieldError[] = [];
    this.checkDetails(changes, errors);
    if (current.is_reference === 1 && changes.holderOrganisationId)
      await this.checkHolder(db, changes.holderOrganisationId, errors);
    const year = Number((changes.registeredOn ?? current.registered_on).slice(0, 4));
    const links =
      changes.links !== undefined
        ? await resolveLinks(db, actor, changes.links, year, errors)
        : undefined;
    if (errors.length > 0) throw new ValidationError(errors);
    // A change that leaves every field as stored is undone: no version, no audit entry.
    await unlessUnchanged(db, async (trx) => {
      const row = await this.forChange(trx, reader, id, mayEdit, expectedVersion);
      const set = {
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
        ...(changes.documentType !== undefined ? { document_type: changes.documentType } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.registeredOn !== undefined ? { registered_on: changes.registeredOn } : {}),
        ...(changes.originatorReference !== undefined
          ? { originator_reference: changes.originatorReference.trim() }
          : {}),
        ...(row.is_reference === 1 && changes.pointOfContact !== undefined
          ? { point_of_contact: changes.pointOfContact.trim() }
          : {}),
        ...(row.is_reference === 1 && changes.holderOrganisationId
          ? { holder_organisation_id: changes.holderOrganisationId }
          : {}),
      };
      // Title and description are sealed apart from the other columns.
      const { title, description, ...columns } = set;
      if (Object.keys(columns).length > 0)
        await trx.updateTable('documents').set(columns).where('id', '=', id).execute();
      const linksChanged = links !== undefined && (await this.linksDiffer(trx, actor, id, links));
      if (links && linksChanged) await replaceVisibleLinks(trx, actor, id, links);
      if (title !== undefined || description !== undefined)
        await this.texts.storeDetails(trx, id, {
          title: title ?? row.title,
          description: description ?? row.description,
        });
      else if (columns.originator_reference !== undefined) await this.texts.reindex(trx, id);
      const before: Record<string, unknown> = {
        title: row.title,
        description: row.description,
        document_type: row.document_type,
        language: row.language,
        registered_on: row.registered_on,
        point_of_contact: row.point_of_contact,
        holder_organisation_id: row.holder_organisation_id,
        originator_reference: row.originator_reference,
      };
      const changed = Object.fromEntries(
        Object.entries(set)
          .filter(([key, value]) => before[key] !== value)
          .map(([key, value]) => [key, { before: before[key], after: value }]),
      );
      if (Object.keys(changed).length === 0 && !linksChanged) return unchanged;
      await this.audit.record(trx, context, {
        action: 'document.update',
        targetType: 'document',
        targetId: id,
        changes: { ...changed, ...(links && linksChanged ? { links: links.length } : {}) },
      });
    });
    return this.readableDetail(actor, reader, id);
  }

  async addVersion(
    actor: Actor,
    context: AuditContext,
    id: string,
    file: FileUpload,
    expectedVersion?: number,
  ): Promise<DocumentDetail> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.readable(db, reader, id);
    if (!mayEdit(reader, facts(current))) throw new NotFoundError('No such document.');
    const refused = this.aboveCeiling(current.classification_level);
    if (refused) throw new AppError('above_ceiling', 422, refused);
    const errors: FieldError[] = [];
    const prepared = await this.prepareFile(file, errors);
    if (errors.length > 0 || !prepared) throw new ValidationError(errors);
    await db.transaction().execute(async (trx) => {
      await this.forChange(trx, reader, id, mayEdit, expectedVersion);
      const last = await trx
        .selectFrom('document_files')
        .select((eb) => eb.fn.max('number').as('number'))
        .where('document_id', '=', id)
        .executeTakeFirst();
      await this.storeFile(
        trx,
        context,
        actor,
        id,
        (last?.number ?? 0) + 1,
        prepared,
        new Date().toISOString(),
      );
    });
    this.textQueue.wake();
    return this.readableDetail(actor, reader, id);
  }

  // ---- extracted text ------------------------------------------------------------------------

  /** The bytes and type of a file whose text is to be extracted; null if it was deleted. */
  async fileToExtract(fileId: string): Promise<{ content: Buffer; contentType: string } | null> {
    const db = this.database.db;
    const file = await db
      .selectFrom('document_files')
      .select('content_type')
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!file) return null;
    return { content: await this.files.get(db, fileId), contentType: file.content_type };
  }

  /**
   * Stores what extraction found in a file, when the worker still holds its job: the file records
   * how much text it has or that it had none to give, and while it is the document's current
   * version the text becomes the document's. The conditional update takes the document's row, so
   * a new version cannot become current between the check and the store.
   */
  async storeExtractedText(job: ExtractionJob, worker: string, text: ExtractedText): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      if (!(await this.textQueue.finish(trx, job, worker))) return;
      await trx
        .updateTable('document_files')
        .set({ text_chars: text.text.length, text_failed: text.failed ? 1 : 0 })
        .where('id', '=', job.fileId)
        .execute();
      const current = await trx
        .updateTable('documents')
        .set({ current_file_id: job.fileId })
        .where('id', '=', job.documentId)
        .where('current_file_id', '=', job.fileId)
        .executeTakeFirst();
      if (Number(current.numUpdatedRows) === 1)
        await this.texts.storeText(trx, job.documentId, text.text);
    });
  }

  // ---- downloads -----------------------------------------------------------------------------

  private async logDownload(
    trx: Trx,
    context: AuditContext,
    actor: Actor,
    documentId: string,
    file: { id: string; number: number },
    rendition: 'original' | 'text',
  ): Promise<void> {
    await trx
      .insertInto('document_downloads')
      .values({
        id: randomUUID(),
        document_id: documentId,
        file_id: file.id,
        file_number: file.number,
        user_id: actor.userId,
        user_email: actor.email,
        organisation_id: actor.organisationId,
        rendition,
        at: new Date().toISOString(),
        ip: context.ip,
      })
      .execute();
    await this.audit.record(trx, context, {
      action: 'document.download',
      targetType: 'document',
      targetId: documentId,
      changes: { version: file.number, rendition },
    });
  }

  private async fileFor(db: Executor, reader: DocumentReader, id: string, number?: number) {
    const row = await this.readable(db, reader, id);
    if (!mayDownload(reader, facts(row)))
      throw new NotFoundError('This document has no file here.');
    const file = await db
      .selectFrom('document_files')
      .select(['id', 'number', 'filename', 'content_type'])
      .where('document_id', '=', id)
      .$if(number === undefined, (q) => q.where('id', '=', row.current_file_id ?? ''))
      .$if(number !== undefined, (q) => q.where('number', '=', number ?? 0))
      .executeTakeFirst();
    if (!file) throw new NotFoundError('No such version of the document.');
    return { row, file };
  }

  /** The file of a version (default: the current one), logged as downloaded by the actor. */
  async download(
    actor: Actor,
    context: AuditContext,
    id: string,
    number?: number,
  ): Promise<Download> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const { file } = await this.fileFor(db, reader, id, number);
    const content = await this.files.get(db, file.id);
    await db
      .transaction()
      .execute((trx) => this.logDownload(trx, context, actor, id, file, 'original'));
    return { filename: file.filename, contentType: file.content_type, content };
  }

  /**
   * The document's text as a plain-text file, its marking at the head and the foot, as every
   * file jhanet generates from a document carries it.
   */
  async textRendition(actor: Actor, context: AuditContext, id: string): Promise<Download> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const { row, file } = await this.fileFor(db, reader, id);
    const [[detail], text] = await Promise.all([
      organisationAcronyms(db).then((acronyms) => summariesOf(db, [row], acronyms)),
      this.texts.readTexts(db, [id]),
    ]);
    if (!detail) throw new NotFoundError('No such document.');
    const banner = `[${detail.marking.line}]`;
    const body = [
      banner,
      '',
      `${detail.registrationNumber}  ${detail.title}`,
      `${detail.originator.acronym}, ${detail.registeredOn}, version ${String(file.number)} (${file.filename})`,
      '',
      text.get(id) ?? '',
      '',
      banner,
      '',
    ].join('\n');
    await db
      .transaction()
      .execute((trx) => this.logDownload(trx, context, actor, id, file, 'text'));
    return {
      filename: `${detail.registrationNumber.replace(/[^A-Za-z0-9.-]/g, '_')}.txt`,
      contentType: 'text/plain; charset=utf-8',
      content: Buffer.from(body, 'utf8'),
    };
  }

  async downloads(
    actor: Actor,
    id: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: DownloadView[]; total: number; page: number; pageSize: number }> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const row = await this.readable(db, reader, id);
    if (!maySeeDownloads(reader, facts(row))) throw new NotFoundError('No such document.');
    const [rows, total] = await Promise.all([
      db
        .selectFrom('document_downloads')
        .innerJoin('organisations', 'organisations.id', 'document_downloads.organisation_id')
        .select([
          'document_downloads.at',
          'document_downloads.user_email as userEmail',
          'organisations.acronym as organisation',
          'document_downloads.file_number as fileNumber',
          'document_downloads.rendition',
        ])
        .where('document_downloads.document_id', '=', id)
        .orderBy('document_downloads.at', 'desc')
        .orderBy('document_downloads.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      db
        .selectFrom('document_downloads')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('document_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows, total: total.count, page, pageSize };
  }

  // ---- markings ------------------------------------------------------------------------------

  /** A marking change checked against the document: the resolved marking and every refusal. */
  private async checkedMarking(
    reader: DocumentReader,
    current: DocumentRow,
    input: MarkingInput,
    reason: string,
  ) {
    const errors: FieldError[] = [];
    if (reason.trim() === '' || reason.length > 2000)
      errors.push({
        field: 'reason',
        message: 'Say why the marking changes (at most 2,000 characters).',
      });
    const marking = await this.resolveMarking(
      this.database.db,
      reader,
      current.originator_organisation_id,
      input,
      errors,
      current.registered_by,
    );
    return { marking, errors };
  }

  /**
   * Every reason changeMarking would refuse a change, storing nothing: a form shows them all in
   * one round with its own.
   */
  async markingProblems(
    actor: Actor,
    id: string,
    input: MarkingInput,
    reason: string,
  ): Promise<FieldError[]> {
    const reader = await this.reader(actor);
    const current = await this.readable(this.database.db, reader, id);
    if (!mayMark(reader, facts(current))) throw new NotFoundError('No such document.');
    return (await this.checkedMarking(reader, current, input, reason)).errors;
  }

  /**
   * Changes a document's markings: the originator's decision, with a reason, audited. Lowering
   * anything is a downgrade (to no classification: a declassification).
   */
  async changeMarking(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: MarkingInput,
    reason: string,
    expectedVersion: number,
  ): Promise<DocumentDetail> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.readable(db, reader, id);
    if (!mayMark(reader, facts(current))) throw new NotFoundError('No such document.');
    const { marking, errors } = await this.checkedMarking(reader, current, input, reason);
    if (errors.length > 0) throw new ValidationError(errors);
    if (marking.level > this.settings.euciCeiling && current.current_file_id !== null)
      throw new AppError(
        'above_ceiling',
        422,
        `${this.aboveCeiling(marking.level) ?? ''} This document holds content, so it cannot be raised to that level here; register a reference record instead.`,
      );
    await db.transaction().execute(async (trx) => {
      const row = await this.forChange(trx, reader, id, mayMark, expectedVersion);
      const releases = (await releasesOf(trx, [id])).get(id) ?? [];
      const before = { ...row, releasedTo: releases };
      const after = this.snapshot(id, row.originator_organisation_id, marking);
      const kind = this.changeKind(
        markingOf(before, releases),
        markingOf(after, after.releasedTo),
        row.classification_level,
        marking.level,
      );
      const audiencesBefore = documentAudiences({
        originatorOrganisationId: row.originator_organisation_id,
        releasability: row.releasability,
        releasedTo: releases,
      });
      const audiencesAfter = documentAudiences({
        originatorOrganisationId: row.originator_organisation_id,
        releasability: marking.releasability,
        releasedTo: marking.releasedTo,
      });
      await this.applyMarking(trx, id, marking, !sameAudiences(audiencesBefore, audiencesAfter));
      await this.recordMarkingChange(
        trx,
        context,
        actor.userId,
        id,
        kind,
        before,
        after,
        reason.trim(),
      );
    });
    return this.readableDetail(actor, reader, id);
  }

  private changeKind(
    before: ReturnType<typeof markingOf>,
    after: ReturnType<typeof markingOf>,
    levelBefore: number,
    levelAfter: number,
  ): MarkingChangeKind {
    if (levelBefore > NOT_CLASSIFIED && levelAfter === NOT_CLASSIFIED) return 'declassify';
    return lowersAnything(before, after) ? 'downgrade' : 'mark';
  }

  /**
   * Stores a document's new markings. The search index carries whom the document is released to
   * (and nothing of its level, caveats or TLP): it is rebuilt, which means unsealing and hashing
   * the document's texts again, only when that changes.
   */
  private async applyMarking(
    trx: Trx,
    id: string,
    marking: ResolvedMarking,
    audiencesChanged: boolean,
  ): Promise<void> {
    await trx
      .updateTable('documents')
      .set({
        classification_level: marking.level,
        limite: marking.limite ? 1 : 0,
        sensitive: marking.sensitive ? 1 : 0,
        tlp: marking.tlp,
        releasability: marking.releasability,
        is_reference: marking.level > this.settings.euciCeiling ? 1 : 0,
      })
      .where('id', '=', id)
      .execute();
    await this.writeMarking(trx, id, marking);
    if (audiencesChanged) await this.texts.reindex(trx, id);
  }

  private async recordMarkingChange(
    trx: Trx,
    context: AuditContext,
    userId: string | null,
    documentId: string,
    kind: MarkingChangeKind,
    before: MarkingSnapshot,
    after: MarkingSnapshot,
    reason: string,
  ): Promise<void> {
    const pick = (s: MarkingSnapshot) => ({
      id: s.id,
      originator_organisation_id: s.originator_organisation_id,
      classification_level: s.classification_level,
      limite: s.limite,
      sensitive: s.sensitive,
      tlp: s.tlp,
      releasability: s.releasability,
      releasedTo: s.releasedTo,
    });
    await trx
      .insertInto('document_marking_changes')
      .values({
        id: randomUUID(),
        document_id: documentId,
        kind,
        before: JSON.stringify(pick(before)),
        after: JSON.stringify(pick(after)),
        reason,
        user_id: userId,
        at: new Date().toISOString(),
      })
      .execute();
    const actions = {
      mark: 'document.mark',
      downgrade: 'document.downgrade',
      declassify: 'document.declassify',
      schedule: 'document.schedule',
      scheduled: 'document.scheduled_change',
    } as const;
    await this.audit.record(trx, context, {
      action: actions[kind],
      targetType: 'document',
      targetId: documentId,
      changes: { before: pick(before), after: pick(after), reason },
    });
  }

  /**
   * Every reason schedule would refuse a change, storing nothing: a form shows them all in one
   * round with its own.
   */
  async scheduleProblems(
    actor: Actor,
    id: string,
    change: { on: string; classification: string; reason: string },
  ): Promise<FieldError[]> {
    const reader = await this.reader(actor);
    const current = await this.readable(this.database.db, reader, id);
    if (!mayMark(reader, facts(current))) throw new NotFoundError('No such document.');
    return scheduleErrors(change, current.classification_level);
  }

  /**
   * Sets (or, with `classification` null, cancels) a downgrade or declassification that applies
   * itself on a later day.
   */
  async schedule(
    actor: Actor,
    context: AuditContext,
    id: string,
    change: { on: string; classification: MarkingInput['classification']; reason: string } | null,
    expectedVersion: number,
  ): Promise<DocumentDetail> {
    const db = this.database.db;
    const reader = await this.reader(actor);
    const current = await this.readable(db, reader, id);
    if (!mayMark(reader, facts(current))) throw new NotFoundError('No such document.');
    if (change) {
      const errors = scheduleErrors(change, current.classification_level);
      if (errors.length > 0) throw new ValidationError(errors);
    }
    await db.transaction().execute(async (trx) => {
      const row = await this.forChange(trx, reader, id, mayMark, expectedVersion);
      const level = change ? classificationLevel(change.classification) : null;
      await trx
        .updateTable('documents')
        .set({
          scheduled_change_on: change?.on ?? null,
          scheduled_level: level,
          scheduled_reason: change?.reason.trim() ?? null,
          scheduled_by: change ? actor.userId : null,
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, context, {
        action: change ? 'document.schedule' : 'document.schedule_cancel',
        targetType: 'document',
        targetId: id,
        changes: {
          before: { on: row.scheduled_change_on, level: row.scheduled_level },
          after: { on: change?.on ?? null, level },
          ...(change ? { reason: change.reason.trim() } : {}),
        },
      });
    });
    return this.readableDetail(actor, reader, id);
  }

  /**
   * Applies every scheduled change due on or before `today`: run by each process's scheduler, so
   * a change is applied on its day. Returns how many documents changed.
   */
  async applyScheduledChanges(context: AuditContext, today = todayUtc()): Promise<number> {
    const due = await this.database.db
      .selectFrom('documents')
      .select('id')
      .where('scheduled_change_on', '<=', today)
      .execute();
    let applied = 0;
    for (const { id } of due) {
      const done = await this.database.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('documents')
          .selectAll()
          .where('id', '=', id)
          .where('scheduled_change_on', '<=', today)
          .executeTakeFirst();
        if (!row || row.scheduled_level === null) return false;
        const claimed = await trx
          .updateTable('documents')
          .set({
            classification_level: row.scheduled_level,
            is_reference:
              row.is_reference === 1 && row.scheduled_level > this.settings.euciCeiling ? 1 : 0,
            scheduled_change_on: null,
            scheduled_level: null,
            scheduled_reason: null,
            scheduled_by: null,
            version: row.version + 1,
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', id)
          .where('version', '=', row.version)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        const releases = (await releasesOf(trx, [id])).get(id) ?? [];
        const before = { ...row, releasedTo: releases };
        const after = { ...before, classification_level: row.scheduled_level };
        await this.recordMarkingChange(
          trx,
          context,
          row.scheduled_by,
          id,
          'scheduled',
          before,
          after,
          `Scheduled ${row.scheduled_level === NOT_CLASSIFIED ? 'declassification' : 'downgrade'} of ${row.scheduled_change_on ?? today}: ${row.scheduled_reason ?? ''}`,
        );
        return true;
      });
      if (done) applied += 1;
    }
    return applied;
  }
}
