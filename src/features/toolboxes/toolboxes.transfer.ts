import type { Actor } from '../../app/access.js';
import { ImportPlanner, runImport } from '../../app/spreadsheet/import.js';
import { checkUpload, type ImportSummary } from '../../app/spreadsheet/register.js';
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
  offersRegister,
  readOfferRows,
  rowErrorOf,
  toolboxSheets,
  type SheetRow,
} from './toolboxes.sheet.js';

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
    checkUpload(offersRegister, sheet);
    return runImport(this.database, offersRegister, {
      plan: (trx) => this.plan(trx, actor, toolboxId, sheet.rows),
      create: (trx, id, offer) =>
        this.toolboxes.insertOffer(trx, toolboxId, id, offer, actor.userId, 'imported'),
      update: async (trx, current, offer) => {
        await this.toolboxes.replaceOffer(trx, current, offer, actor.userId, 'imported');
        return [];
      },
      record: (trx, { created, updated, unchanged }) =>
        this.audit.record(trx, context, {
          action: 'toolbox.import',
          targetType: 'toolbox',
          targetId: toolboxId,
          changes: { created, updated: Object.keys(updated), unchanged },
        }),
    });
  }

  /** Checks every row against the stored offers; answers what to write, or the problems. */
  private async plan(trx: Trx, actor: Actor, toolboxId: string, rows: SheetRow[]) {
    const vocabulary = await this.toolboxes.vocabulary(trx, toolboxId);
    const stored = new Map(
      (await this.toolboxes.offers(actor, toolboxId, {}, trx)).map((offer) => [offer.id, offer]),
    );
    const planner = new ImportPlanner<OfferView, ResolvedOffer>(offersRegister);
    for (const row of rows) {
      const existing = row.id === null ? undefined : stored.get(row.id);
      // An offer the actor may not read, or of another toolbox, answers like a missing one.
      const plan = planner.start(row, existing !== undefined, 'No such offer in this toolbox.');
      const resolved = resolveOffer(row.input, vocabulary);
      plan.problems.push(...resolved.errors.map((e) => rowErrorOf(row.row, e)));
      const offer = resolved.offer;
      let changed = true;
      if (offer && existing) {
        changed =
          Object.keys(offerChanges(comparable(resolvedOf(existing)), comparable(offer))).length > 0;
        if (changed) {
          planner.checkVersion(plan, row.version, existing);
          if (!mayOfferFor(actor, existing.agency.id) || !mayOfferFor(actor, offer.agency.id))
            plan.fail('Agency', ownAgencyOnly(actor));
        }
      } else if (offer && !mayOfferFor(actor, offer.agency.id))
        plan.fail('Agency', ownAgencyOnly(actor));
      planner.finish(plan, offer, existing, changed);
    }
    return planner;
  }
}
