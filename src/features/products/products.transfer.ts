import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { StaleVersionError, ValidationError } from '../../app/errors.js';
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
  productColumns,
  readSheetRows,
  rowErrorOf,
  rowFieldError,
  type RowError,
  type SheetRow,
} from './products.sheet.js';

/** The largest upload accepted (what it may unpack to is the parsers' limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** More products than the network's agencies publish in years, with room to spare. */
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

interface Write {
  row: number;
  current: ProductView | null;
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
    return writeWorkbook([
      { name: 'Products', columns: productColumns, rows: products.map(productCells) },
    ]);
  }

  /**
   * Imports a workbook in the export's layout. Rows without an ID add products; a row with an ID
   * changes that product if it differs, provided it carries the version it was exported at.
   * Each agency imports only products it produces. Read in a parser process under the caps.
   */
  async importXlsx(actor: Actor, context: AuditContext, bytes: Buffer): Promise<ImportSummary> {
    const sheet = readSheetRows(await this.parsers.readFirstSheet(actor.userId, bytes));
    if (sheet.errors.length > 0) throw new ImportRejectedError(sheet.errors);
    if (sheet.rows.length === 0)
      throw new ImportRejectedError([
        { row: 2, column: 'Title', message: 'The sheet has no products below its first row.' },
      ]);
    if (sheet.rows.length > MAX_ROWS)
      throw new ImportRejectedError([
        {
          row: (sheet.rows[MAX_ROWS]?.row ?? MAX_ROWS) + 1,
          column: 'ID',
          message: `Import at most ${String(MAX_ROWS)} products at once.`,
        },
      ]);
    return this.database.db.transaction().execute(async (trx) => {
      const reader = await this.products.reader(actor, trx);
      const { writes, unchanged, errors } = await this.plan(trx, reader, sheet.rows);
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const created: string[] = [];
      const updated: Record<string, string[]> = {};
      for (const write of writes) {
        if (write.current === null) {
          const id = randomUUID();
          await this.products.insert(
            trx,
            id,
            write.product,
            write.documentId,
            write.activityIds,
            actor.userId,
          );
          created.push(id);
          continue;
        }
        try {
          await this.products.replace(
            trx,
            write.current.id,
            write.current.version,
            write.product,
            write.documentId,
            write.activityIds,
          );
          updated[write.current.id] = write.fields;
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          errors.push(changedSinceExport(write.row, error.currentVersion));
        }
      }
      if (errors.length > 0) throw new ImportRejectedError(errors);
      const summary = { created: created.length, updated: Object.keys(updated).length, unchanged };
      // Like saving an unchanged form, an import that changes nothing leaves no trace.
      if (summary.created + summary.updated > 0)
        await this.audit.record(trx, context, {
          action: 'products.import',
          targetType: 'products',
          targetId: null,
          changes: { created, updated, unchanged },
        });
      return summary;
    });
  }

  /** Checks every row against the stored index; answers what to write, or every problem. */
  private async plan(trx: Trx, reader: DocumentReader, rows: readonly SheetRow[]) {
    const current = await this.readableViews(trx, reader, rows);
    const writes: Write[] = [];
    const errors: RowError[] = [];
    const rowOfId = new Map<string, number>();
    let unchanged = 0;
    for (const row of rows) {
      const problems = [...row.errors];
      const fail = (column: string, message: string) =>
        problems.push({ row: row.row, column, message });
      const existing = row.id === null ? undefined : current.get(row.id);
      if (row.id !== null) {
        const earlier = rowOfId.get(row.id);
        if (earlier !== undefined) fail('ID', `The product is also on row ${String(earlier)}.`);
        else rowOfId.set(row.id, row.row);
        // A product the importer may not change answers like a missing one.
        if (!existing || !this.products.mayChange(reader, existing))
          fail('ID', 'No such product among those your agency produces.');
      }
      if (row.input && problems.length === 0) {
        if (existing) {
          const { changed, checked } = await this.products.planChange(
            trx,
            reader,
            existing,
            row.input,
          );
          if (checked.product === null)
            problems.push(...checked.errors.map((e) => rowErrorOf(row.row, e)));
          else if (changed.length === 0) unchanged += 1;
          else if (row.version !== existing.version)
            problems.push(changedSinceExport(row.row, existing.version));
          else
            writes.push({
              row: row.row,
              current: existing,
              product: checked.product,
              documentId: checked.documentId,
              activityIds: checked.activityIds,
              fields: changed,
            });
        } else {
          const checked = await this.products.check(trx, reader, row.input);
          if (checked.product === null)
            problems.push(...checked.errors.map((e) => rowErrorOf(row.row, e)));
          else
            writes.push({
              row: row.row,
              current: null,
              product: checked.product,
              documentId: checked.documentId,
              activityIds: checked.activityIds,
              fields: [],
            });
        }
      }
      errors.push(...problems);
    }
    return { writes, unchanged, errors };
  }

  /** The stored products the rows name, among those the importer may see. */
  private async readableViews(
    trx: Trx,
    reader: DocumentReader,
    rows: readonly SheetRow[],
  ): Promise<Map<string, ProductView>> {
    const ids = [...new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])))];
    const readable: string[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const found = await trx
        .selectFrom('products')
        .select('id')
        .where('id', 'in', ids.slice(start, start + 500))
        .where(visibleProducts(reader))
        .execute();
      readable.push(...found.map((r) => r.id));
    }
    const views = await loadViews(trx, readable, reader);
    return new Map(views.map((view) => [view.id, view]));
  }
}

function changedSinceExport(row: number, currentVersion: number): RowError {
  return {
    row,
    column: 'Version',
    message: `The product changed since export (it is now at version ${String(currentVersion)}): export it again and make your change there.`,
  };
}
