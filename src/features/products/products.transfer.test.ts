import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { writeSheet, XLSX_CONTENT_TYPE, type CellValue } from '../../app/xlsx.js';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { ProductView } from './products.model.js';
import { productColumns } from './products.sheet.js';

interface Problem {
  errors?: { field: string; message: string; row?: number; column?: string }[];
}

const base = {
  summary: 'Detections at the external borders.',
  kind: 'statistics',
  year: 2017,
  periodicity: 'one-off',
  audience: 'network',
  agencies: ['Frontex'],
  topics: ['borders'],
  languages: ['ENG'],
};

describe('products in and out of spreadsheets', () => {
  let platform: TestPlatform;
  let frontex: Session;
  let europol: Session;
  let observer: Session;
  let ours: ProductView;
  let theirs: ProductView;

  const exportAs = async (as: Session) => {
    const response = await platform.request({ url: '/api/products/export.xlsx', as });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], XLSX_CONTENT_TYPE);
    return readSheet(response.rawPayload);
  };
  /** Rows read back by the library, as the platform's writer takes them. */
  const upload = async (as: Session, rows: readonly (readonly unknown[])[]) =>
    platform.request({
      method: 'POST',
      url: '/api/products/import',
      as,
      headers: { 'content-type': XLSX_CONTENT_TYPE },
      body: await writeSheet({
        name: 'Products',
        columns: productColumns,
        rows: rows as CellValue[][],
      }),
    });
  const col = (header: string) => productColumns.findIndex((c) => c.header === header);
  const count = async () =>
    Number(
      (
        await platform.services.database.db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    platform = await testPlatform();
    frontex = await platform.session('contact', 'Frontex');
    europol = await platform.session('contact', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
    const create = async (as: Session, body: object) =>
      (
        await platform.request({ method: 'POST', url: '/api/products', as, body })
      ).json<ProductView>();
    ours = await create(frontex, { ...base, title: 'Border crossings 2017', countries: ['GRC'] });
    theirs = await create(europol, {
      ...base,
      title: 'Europol statistics',
      agencies: ['Europol'],
      releasedToObservers: true,
    });
  });
  after(() => platform.close());

  test('the export holds what the reader may see, read back by a spreadsheet library', async () => {
    const [header, ...rows] = await exportAs(frontex);
    assert.deepEqual(
      header,
      productColumns.map((c) => c.header),
    );
    assert.deepEqual(
      rows.map((r) => r[col('Title')]),
      ['Border crossings 2017', 'Europol statistics'],
    );
    const first = rows[0] ?? [];
    assert.equal(first[col('ID')], ours.id);
    assert.equal(first[col('Version')], 1);
    assert.equal(first[col('Agencies')], 'Frontex');
    assert.equal(first[col('Countries')], 'GRC');
    const [, ...observed] = await exportAs(observer);
    assert.deepEqual(
      observed.map((r) => r[col('Title')]),
      ['Europol statistics'],
      'observers export only what is released to them',
    );
  });

  test('an import adds and changes the agency’s own products and is audited', async () => {
    const [, ...rows] = await exportAs(frontex);
    const changed = (rows[0] ?? []).map((cell, c) =>
      c === col('Title') ? 'Border crossings 2017, revised' : cell,
    );
    const added = productColumns.map(
      (column) =>
        ({
          Title: 'Document fraud 2017',
          Summary: 'False documents detected at the borders.',
          Kind: 'statistics',
          Year: 2017,
          Periodicity: 'one-off',
          Audience: 'network',
          'Released to observers': 'no',
          Agencies: 'Frontex',
          Topics: 'borders',
          Languages: 'ENG',
        })[column.header] ?? null,
    );
    const response = await upload(frontex, [changed, added]);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { created: 1, updated: 1, unchanged: 0 });
    const entry = await platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType'])
      .where('action', '=', 'products.import')
      .execute();
    assert.deepEqual(entry, [{ action: 'products.import', targetType: 'products' }]);
    const stored = await platform.request({ url: `/api/products/${ours.id}`, as: frontex });
    assert.equal(stored.json<ProductView>().title, 'Border crossings 2017, revised');
    assert.equal(stored.json<ProductView>().version, 2);
  });

  test('a file with any bad row stores nothing and lists every problem', async () => {
    const before = await count();
    const [, ...rows] = await exportAs(frontex);
    const good = productColumns.map((column) =>
      column.header === 'ID' || column.header === 'Version'
        ? null
        : (rows[0]?.[col(column.header)] ?? null),
    );
    const badKind = good.map((cell, c) => (c === col('Kind') ? 'poem' : cell));
    const badCountry = good.map((cell, c) => (c === col('Countries') ? 'ATLANTIS' : cell));
    const notOurs = rows
      .find((r) => r[col('ID')] === theirs.id)
      ?.map((cell, c) => (c === col('Title') ? 'Taken over' : cell));
    assert.ok(notOurs);
    const response = await upload(frontex, [good, badKind, badCountry, notOurs]);
    assert.equal(response.statusCode, 400);
    const problems = (response.json<Problem>().errors ?? []).map(
      (e) => `${String(e.row)} ${e.column ?? ''}`,
    );
    assert.deepEqual(problems, ['3 Kind', '4 Countries', '5 ID']);
    assert.equal(await count(), before, 'the good row was not stored either');
  });
});
