import type { Actor } from '../../app/access.js';
import { ImportPlanner, inBatches, runImport } from '../../app/spreadsheet/import.js';
import { checkUpload, registerSheet, type ImportSummary } from '../../app/spreadsheet/register.js';
import type { Parsers } from '../../app/parsing/parsers.js';
import { writeWorkbook } from '../../app/xlsx.js';
import type { Database, Trx } from '../../db/database.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { DocumentReader } from '../documents/documents.policy.js';
import type { ProductFilters, ProductView, ResolvedProduct } from './products.model.js';
import { visibleProducts } from './products.policy.js';
import { loadViews } from './products.repository.js';
import type { Products } from './products.service.js';
import {
  productCells,
  productsRegister,
  readSheetRows,
  rowErrorOf,
  type SheetRow,
} from './products.sheet.js';

/** A checked row, ready to write. */
interface ProductWrite {
  product: ResolvedProduct;
  documentId: string | null;
  activityIds: string[];
  fields: string[];
}

/**
 * The index in and out of spreadsheets, as the scorecard's transfer does it: exports read
 * through the index's visibility; an import checks every row first and stores all of it or
 * nothing.
 */
export class ProductsTransfer {
  constructor(
    private readonly database: Database,
    private readonly products: Products,
    private readonly audit: AuditLog,
    private readonly parsers: Parsers,
  ) {}

  async exportXlsx(actor: Actor, filters: ProductFilters): Promise<Buffer> {
    const products = await this.products.all(actor, filters);
    return writeWorkbook([registerSheet(productsRegister, 'Products', products, productCells)]);
  }

  /**
   * Imports a workbook in the export's layout. Rows without an ID add products; a row with an ID
   * changes that product if it differs, provided it carries the version it was exported at.
   * Each agency imports only products it produces. Read in a parser process under the caps.
   */
  async importXlsx(actor: Actor, context: AuditContext, bytes: Buffer): Promise<ImportSummary> {
    const sheet = readSheetRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    checkUpload(productsRegister, sheet);
    return runImport(this.database, productsRegister, {
      plan: async (trx) => this.plan(trx, await this.products.reader(actor, trx), sheet.rows),
      create: (trx, id, write) =>
        this.products.insert(
          trx,
          id,
          write.product,
          write.documentId,
          write.activityIds,
          actor.userId,
        ),
      update: async (trx, current, write) => {
        await this.products.replace(
          trx,
          current.id,
          current.version,
          write.product,
          write.documentId,
          write.activityIds,
        );
        return write.fields;
      },
      record: (trx, { created, updated, unchanged }) =>
        this.audit.record(trx, context, {
          action: 'products.import',
          targetType: 'products',
          targetId: null,
          changes: { created, updated, unchanged },
        }),
    });
  }

  /** Checks every row against the stored index; answers what to write, or every problem. */
  private async plan(trx: Trx, reader: DocumentReader, rows: readonly SheetRow[]) {
    const current = await this.readableViews(trx, reader, rows);
    const planner = new ImportPlanner<ProductView, ProductWrite>(productsRegister);
    for (const row of rows) {
      const existing = row.id === null ? undefined : current.get(row.id);
      // A product the importer may not change answers like a missing one.
      const plan = planner.start(
        row,
        existing !== undefined && this.products.mayChange(reader, existing),
        'No such product among those your agency produces.',
      );
      let write: ProductWrite | null = null;
      if (row.input && plan.problems.length === 0) {
        const { changed, checked } = existing
          ? await this.products.planChange(trx, reader, existing, row.input)
          : { changed: [], checked: await this.products.check(trx, reader, row.input) };
        if (checked.product === null)
          plan.problems.push(...checked.errors.map((e) => rowErrorOf(row.row, e)));
        else {
          if (existing && changed.length > 0) planner.checkVersion(plan, row.version, existing);
          write = {
            product: checked.product,
            documentId: checked.documentId,
            activityIds: checked.activityIds,
            fields: changed,
          };
        }
      }
      planner.finish(plan, write, existing, write !== null && write.fields.length > 0);
    }
    return planner;
  }

  /** The stored products the rows name, among those the importer may see. */
  private async readableViews(
    trx: Trx,
    reader: DocumentReader,
    rows: readonly SheetRow[],
  ): Promise<Map<string, ProductView>> {
    const readable = await inBatches(rows, (ids) =>
      trx
        .selectFrom('products')
        .select('id')
        .where('id', 'in', ids)
        .where(visibleProducts(reader))
        .execute(),
    );
    const views = await loadViews(
      trx,
      readable.map((r) => r.id),
      reader,
    );
    return new Map(views.map((view) => [view.id, view]));
  }
}
