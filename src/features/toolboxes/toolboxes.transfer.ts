import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { StaleVersionError, ValidationError } from '../../app/errors.js';
import type { Parsers } from '../../app/parsing/parsers.js';
import { writeWorkbook } from '../../app/xlsx.js';
import type { Database, Trx } from '../../db/database.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { AuditLog } from '../audit/audit.service.js';
import {
  comparable,
  offerChanges,
  resolvedOf,
  resolveOffer,
  type OfferView,
  type ResolvedOffer,
} from './toolboxes.model.js';
import { mayOfferFor } from './toolboxes.policy.js';
import { ownAgencyOnly, type Toolboxes } from './toolboxes.service.js';
import {
  readOfferRows,
  rowErrorOf,
  rowFieldError,
  toolboxSheets,
  type RowError,
  type SheetRow,
} from './toolboxes.sheet.js';

/** The largest upload accepted (what it may unpack to is the parsers' limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** More offers than a toolbox ever holds, with room to spare. */
const MAX_ROWS = 5_000;

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/** An upload with invalid rows: every problem, with its row and column; nothing was stored. */
export class ImportRejectedError extends ValidationError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      rowErrors.map(rowFieldError),
      rowErrors.length === 1
        ? 'The file has a problem; nothing was imported.'
        : `The file has ${String(rowErrors.length)} problems; nothing was imported.`,
    );
  }
}

type Step =
  | { kind: 'create'; offer: ResolvedOffer }
  | { kind: 'update'; row: number; current: OfferView; offer: ResolvedOffer };

/**
 * A toolbox in and out of spreadsheets. The export reads through the offers' visibility; an
 * import checks every row first and stores all of it or nothing.
 */
export class ToolboxTransfer {
  constructor(
    private readonly database: Database,
    private readonly toolboxes: Toolboxes,
    private readonly audit: AuditLog,
    private readonly parsers: Parsers,
  ) {}

  async exportXlsx(actor: Actor, toolboxId: string): Promise<{ title: string; file: Buffer }> {
    const matrix = await this.toolboxes.matrix(actor, toolboxId);
    return { title: matrix.toolbox.title, file: await writeWorkbook(toolboxSheets(matrix)) };
  }

  /**
   * Imports the offers sheet of a workbook in the export's layout into a toolbox. Rows without
   * an ID add offers; a row with an ID changes that offer if it differs, provided it carries the
   * version it was exported at. Contact points import their own agency's offers only.
   */
  async importXlsx(
    actor: Actor,
    context: AuditContext,
    toolboxId: string,
    bytes: Buffer,
  ): Promise<ImportSummary> {
    await this.toolboxes.get(toolboxId);
    const sheet = readOfferRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    if (sheet.errors.length > 0) throw new ImportRejectedError(sheet.errors);
    if (sheet.rows.length === 0)
      throw new ImportRejectedError([
        { row: 2, column: 'Title', message: 'The sheet has no offers below its first row.' },
      ]);
    if (sheet.rows.length > MAX_ROWS)
      throw new ImportRejectedError([
        {
          row: (sheet.rows[MAX_ROWS]?.row ?? MAX_ROWS) + 1,
          column: 'ID',
          message: `Import at most ${String(MAX_ROWS)} offers at once.`,
        },
      ]);
    return this.database.db.transaction().execute(async (trx) => {
      const { steps, unchanged, errors } = await this.plan(trx, actor, toolboxId, sheet.rows);
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const created: string[] = [];
      const updated: string[] = [];
      for (const step of steps) {
        if (step.kind === 'create') {
          const id = randomUUID();
          await this.toolboxes.insertOffer(
            trx,
            toolboxId,
            id,
            step.offer,
            actor.userId,
            'imported',
          );
          created.push(id);
          continue;
        }
        try {
          await this.toolboxes.replaceOffer(
            trx,
            step.current,
            step.offer,
            actor.userId,
            'imported',
          );
          updated.push(step.current.id);
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          errors.push(changedSinceExport(step.row, error.currentVersion));
        }
      }
      if (errors.length > 0) throw new ImportRejectedError(errors);
      // Like saving an unchanged form, an import that changes nothing leaves no trace.
      if (created.length + updated.length > 0)
        await this.audit.record(trx, context, {
          action: 'toolbox.import',
          targetType: 'toolbox',
          targetId: toolboxId,
          changes: { created, updated, unchanged },
        });
      return { created: created.length, updated: updated.length, unchanged };
    });
  }

  /** Checks every row against the stored offers; answers what to write, or the problems. */
  private async plan(trx: Trx, actor: Actor, toolboxId: string, rows: SheetRow[]) {
    const vocabulary = await this.toolboxes.vocabulary(trx, toolboxId);
    const stored = new Map(
      (await this.toolboxes.offers(actor, toolboxId, {}, trx)).map((offer) => [offer.id, offer]),
    );
    const steps: Step[] = [];
    const errors: RowError[] = [];
    const rowOfId = new Map<string, number>();
    let unchanged = 0;
    for (const row of rows) {
      const problems = [...row.errors];
      const fail = (column: string, message: string) =>
        problems.push({ row: row.row, column, message });
      const existing = row.id === null ? undefined : stored.get(row.id);
      if (row.id !== null) {
        const earlier = rowOfId.get(row.id);
        if (earlier !== undefined) fail('ID', `The offer is also on row ${String(earlier)}.`);
        else rowOfId.set(row.id, row.row);
        // An offer the actor may not read, or of another toolbox, answers like a missing one.
        if (!existing) fail('ID', 'No such offer in this toolbox.');
      }
      const resolved = resolveOffer(row.input, vocabulary);
      problems.push(...resolved.errors.map((e) => rowErrorOf(row.row, e)));
      const offer = resolved.offer;
      let changed = true;
      if (offer && existing) {
        changed =
          Object.keys(offerChanges(comparable(resolvedOf(existing)), comparable(offer))).length > 0;
        // A row equal to the stored offer changes nothing, whoever uploads it.
        if (changed) {
          if (row.version !== null && row.version !== existing.version)
            problems.push(changedSinceExport(row.row, existing.version));
          if (!mayOfferFor(actor, existing.agency.id) || !mayOfferFor(actor, offer.agency.id))
            fail('Agency', ownAgencyOnly(actor));
        }
      } else if (offer && !mayOfferFor(actor, offer.agency.id))
        fail('Agency', ownAgencyOnly(actor));
      if (problems.length > 0) errors.push(...problems);
      else if (!offer) continue;
      else if (!existing) steps.push({ kind: 'create', offer });
      else if (changed) steps.push({ kind: 'update', row: row.row, current: existing, offer });
      else unchanged += 1;
    }
    return { steps, unchanged, errors };
  }
}

function changedSinceExport(row: number, currentVersion: number): RowError {
  return {
    row,
    column: 'Version',
    message: `The offer changed since export (it is now at version ${String(currentVersion)}): export it again and make your change there.`,
  };
}
