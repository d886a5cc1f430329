import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import {
  testDb,
  testPlatform,
  type Session,
  type TestPlatform,
} from '../../../test/support/platform.js';
import { writeWorkbook, XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import type { OfferView, ToolboxDetail } from './toolboxes.model.js';
import { offerColumns } from './toolboxes.sheet.js';

interface AnalysisBody {
  gaps: { themeId: string; theme: string }[];
  overlaps: { theme: string; kind: string; agencies: string[]; offers: { title: string }[] }[];
}

interface MatrixBody {
  agencies: { id: string; acronym: string }[];
  cells: { agencyId: string; themeId: string; offerIds: string[] }[];
  offers: OfferView[];
}

const THEMES = ['Migrant smuggling', 'Document fraud', 'Returns', 'Fundamental rights'];
const HIDDEN_TITLE = 'Operational analysis kept inside the network';

describe(`toolboxes: matrix, gaps and overlaps, ownership, observers, spreadsheets (${testDb})`, () => {
  let platform: TestPlatform;
  let admin: Session;
  let europol: Session;
  let frontex: Session;
  let member: Session;
  let observer: Session;
  let toolbox: ToolboxDetail;

  const themeId = (title: string) => {
    const theme = toolbox.themes.find((t) => t.title === title);
    assert.ok(theme, title);
    return theme.id;
  };
  const write = (
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    as: Session,
    body?: object,
    version?: number,
  ) =>
    platform.request({
      method,
      url,
      as,
      ...(body ? { body } : {}),
      headers: version === undefined ? {} : { 'if-match': `"${String(version)}"` },
    });
  const auditOf = (targetId: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'target_id as targetId', 'changes'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute();
  const offerCount = async () =>
    Number(
      (
        await platform.services.database.db
          .selectFrom('toolbox_offers')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const offer = (overrides: Record<string, unknown>) => ({
    agency: 'Europol',
    kind: 'service',
    title: 'Operational analysis of smuggling networks',
    description: 'Analysis of cases shared by Member States.',
    accessConditions: 'Through the Europol national units.',
    contactPoint: 'Operations directorate',
    legalBasis: 'Regulation (EU) 2016/794',
    themes: ['Migrant smuggling'],
    releasedToObservers: true,
    ...overrides,
  });
  const addOffer = async (as: Session, body: object) => {
    const response = await write('POST', `/api/toolboxes/${toolbox.id}/offers`, as, body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<OfferView>();
  };
  const analysis = async (as: Session) => {
    const response = await platform.request({ url: `/api/toolboxes/${toolbox.id}/analysis`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<AnalysisBody>();
  };

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'Europol');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('the secretariat creates a toolbox with its themes; bad input stores nothing', async () => {
    const refused = await write('POST', '/api/toolboxes', admin, {
      title: '  ',
      themes: [{ title: 'Returns' }, { title: 'returns' }, { title: '' }],
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(
      refused
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
      ['themes[1].title', 'themes[2].title', 'title'],
    );
    const byContact = await write('POST', '/api/toolboxes', europol, {
      title: 'Toolbox on cybercrime',
      themes: [{ title: 'Darknet' }],
    });
    assert.equal(byContact.statusCode, 404);
    const stored = await platform.services.database.db
      .selectFrom('toolboxes')
      .select('id')
      .execute();
    assert.deepEqual(stored, [], 'nothing was stored');

    const created = await write('POST', '/api/toolboxes', admin, {
      title: 'JHA agencies toolbox on migration',
      description: 'Which agency offers what in migration, asylum and border management.',
      themes: THEMES.map((title) => ({ title })),
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers.etag, '"1"');
    toolbox = created.json<ToolboxDetail>();
    assert.deepEqual(
      toolbox.themes.map((t) => t.title),
      THEMES,
    );
    assert.deepEqual(
      (await auditOf(toolbox.id)).map((e) => [e.action, e.targetType]),
      [['toolbox.create', 'toolbox']],
    );

    const theme = await write(
      'POST',
      `/api/toolboxes/${toolbox.id}/themes`,
      admin,
      { title: 'Asylum support' },
      1,
    );
    assert.equal(theme.statusCode, 201, theme.body);
    toolbox = theme.json<ToolboxDetail>();
    assert.equal(toolbox.version, 2);
    assert.equal(toolbox.themes.at(-1)?.title, 'Asylum support');
    const stale = await write(
      'POST',
      `/api/toolboxes/${toolbox.id}/themes`,
      admin,
      { title: 'Border management' },
      1,
    );
    assert.equal(stale.statusCode, 412);
    assert.deepEqual(
      (await auditOf(toolbox.id)).map((e) => e.action),
      ['toolbox.create', 'toolbox.theme_add'],
    );
  });

  test('a contact point adds offers of their own agency only; bad input stores nothing', async () => {
    const forOther = await write(
      'POST',
      `/api/toolboxes/${toolbox.id}/offers`,
      europol,
      offer({ agency: 'Frontex' }),
    );
    assert.equal(forOther.statusCode, 400);
    assert.deepEqual(
      forOther.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ['agency'],
    );
    const bad = await write(
      'POST',
      `/api/toolboxes/${toolbox.id}/offers`,
      europol,
      offer({ kind: 'miracle', title: '', contactPoint: ' ', themes: ['Piracy'] }),
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
      ['contactPoint', 'kind', 'themes', 'title'],
    );
    const byMember = await write('POST', `/api/toolboxes/${toolbox.id}/offers`, member, offer({}));
    assert.equal(byMember.statusCode, 404);
    assert.equal(await offerCount(), 0, 'nothing was stored');

    const created = await addOffer(europol, offer({}));
    assert.equal(created.agency.acronym, 'Europol');
    assert.deepEqual(
      created.themes.map((t) => t.title),
      ['Migrant smuggling'],
    );
    assert.deepEqual(
      (await auditOf(created.id)).map((e) => [e.action, e.targetType, e.targetId]),
      [['toolbox_offer.create', 'toolbox_offer', created.id]],
    );
  });

  test('gaps and overlaps on crafted offers, with the expected lists', async () => {
    // Europol already offers a service on smuggling (released to observers).
    await addOffer(
      frontex,
      offer({
        agency: 'Frontex',
        title: 'Risk analysis on smuggling routes',
        themes: ['Migrant smuggling', 'Returns'],
      }),
    );
    await addOffer(
      frontex,
      offer({
        agency: 'Frontex',
        kind: 'training',
        title: 'Document fraud detection course',
        themes: ['Document fraud'],
      }),
    );
    await addOffer(
      admin,
      offer({
        agency: 'Europol',
        kind: 'training',
        title: HIDDEN_TITLE,
        themes: ['Document fraud'],
        releasedToObservers: false,
      }),
    );
    // Two offers of one agency on a theme are no overlap.
    await addOffer(
      europol,
      offer({ title: 'Second Europol service on smuggling', themes: ['Migrant smuggling'] }),
    );

    const forNetwork = await analysis(member);
    assert.deepEqual(forNetwork.gaps, [
      { themeId: themeId('Fundamental rights'), theme: 'Fundamental rights' },
      { themeId: themeId('Asylum support'), theme: 'Asylum support' },
    ]);
    assert.deepEqual(
      forNetwork.overlaps.map((o) => [o.theme, o.kind, o.agencies, o.offers.map((x) => x.title)]),
      [
        [
          'Migrant smuggling',
          'service',
          ['Europol', 'Frontex'],
          [
            'Operational analysis of smuggling networks',
            'Second Europol service on smuggling',
            'Risk analysis on smuggling routes',
          ],
        ],
        [
          'Document fraud',
          'training',
          ['Europol', 'Frontex'],
          [HIDDEN_TITLE, 'Document fraud detection course'],
        ],
      ],
    );

    // Observers reckon with what is released to them: the hidden offer makes no overlap.
    const forObserver = await analysis(observer);
    assert.deepEqual(
      forObserver.gaps.map((g) => g.theme),
      ['Fundamental rights', 'Asylum support'],
    );
    assert.deepEqual(
      forObserver.overlaps.map((o) => [o.theme, o.kind, o.agencies]),
      [['Migrant smuggling', 'service', ['Europol', 'Frontex']]],
    );
  });

  test('the matrix, by theme and by agency; observers see no trace of a hidden offer', async () => {
    const matrix = (
      await platform.request({ url: `/api/toolboxes/${toolbox.id}/matrix`, as: member })
    ).json<MatrixBody>();
    const europolId = matrix.agencies.find((a) => a.acronym === 'Europol')?.id;
    const titlesIn = (body: MatrixBody, agencyId: string | undefined, theme: string) =>
      (
        body.cells.find((c) => c.agencyId === agencyId && c.themeId === themeId(theme))?.offerIds ??
        []
      )
        .map((id) => body.offers.find((o) => o.id === id)?.title)
        .sort();
    assert.equal(matrix.agencies.length, 9, 'a row for every member agency');
    assert.equal(matrix.cells.length, 9 * 5);
    assert.deepEqual(titlesIn(matrix, europolId, 'Document fraud'), [HIDDEN_TITLE]);

    const seen = (
      await platform.request({ url: `/api/toolboxes/${toolbox.id}/matrix`, as: observer })
    ).json<MatrixBody>();
    assert.deepEqual(titlesIn(seen, europolId, 'Document fraud'), []);
    assert.ok(!JSON.stringify(seen).includes(HIDDEN_TITLE));

    const byTheme = await platform.request({
      url: `/api/toolboxes/${toolbox.id}/offers?theme=${themeId('Document fraud')}`,
      as: observer,
    });
    assert.deepEqual(
      byTheme.json<OfferView[]>().map((o) => o.title),
      ['Document fraud detection course'],
    );
    const byAgency = await platform.request({
      url: `/api/toolboxes/${toolbox.id}/offers?agency=europol`,
      as: member,
    });
    assert.deepEqual(
      byAgency.json<OfferView[]>().map((o) => o.title),
      [
        HIDDEN_TITLE,
        'Operational analysis of smuggling networks',
        'Second Europol service on smuggling',
      ],
    );

    const list = async (as: Session) =>
      (await platform.request({ url: '/api/toolboxes', as })).json<{ offerCount: number }[]>();
    assert.deepEqual(
      (await list(member)).map((t) => t.offerCount),
      [5],
    );
    assert.deepEqual(
      (await list(observer)).map((t) => t.offerCount),
      [4],
      'the count leaves the hidden offer out',
    );

    const hidden = matrix.offers.find((o) => o.title === HIDDEN_TITLE);
    assert.ok(hidden);
    for (const url of [
      `/api/toolbox-offers/${hidden.id}`,
      `/api/toolbox-offers/${hidden.id}/revisions`,
    ]) {
      const response = await platform.request({ url, as: observer });
      assert.equal(response.statusCode, 404, url);
    }
  });

  test("another agency's change is refused like a missing offer, and nothing changes", async () => {
    const [target] = (
      await platform.request({
        url: `/api/toolboxes/${toolbox.id}/offers?agency=Europol`,
        as: europol,
      })
    )
      .json<OfferView[]>()
      .filter((o) => o.title === 'Operational analysis of smuggling networks');
    assert.ok(target);
    const missing = await write(
      'PATCH',
      '/api/toolbox-offers/00000000-0000-4000-8000-000000000000',
      frontex,
      { title: 'Taken over' },
      target.version,
    );
    const refused = await write(
      'PATCH',
      `/api/toolbox-offers/${target.id}`,
      frontex,
      { title: 'Taken over' },
      target.version,
    );
    assert.equal(refused.statusCode, 404);
    assert.deepEqual(
      refused.json<{ detail: string }>().detail,
      missing.json<{ detail: string }>().detail,
    );
    const removed = await write(
      'DELETE',
      `/api/toolbox-offers/${target.id}`,
      frontex,
      undefined,
      target.version,
    );
    assert.equal(removed.statusCode, 404);
    const handOver = await write(
      'PATCH',
      `/api/toolbox-offers/${target.id}`,
      europol,
      { agency: 'Frontex' },
      target.version,
    );
    assert.equal(handOver.statusCode, 400, 'a contact point keeps offers in their agency');
    const stored = (
      await platform.request({ url: `/api/toolbox-offers/${target.id}`, as: europol })
    ).json<OfferView>();
    assert.equal(stored.title, target.title);
    assert.equal(stored.version, target.version);
    assert.deepEqual(
      (await auditOf(target.id)).map((e) => e.action),
      ['toolbox_offer.create'],
    );
  });

  test('changes need If-Match, keep no lost update, and make the history', async () => {
    const [target] = (
      await platform.request({
        url: `/api/toolboxes/${toolbox.id}/offers?agency=Frontex`,
        as: frontex,
      })
    )
      .json<OfferView[]>()
      .filter((o) => o.title === 'Risk analysis on smuggling routes');
    assert.ok(target);
    const url = `/api/toolbox-offers/${target.id}`;
    assert.equal((await write('PATCH', url, frontex, { title: 'X' })).statusCode, 428);
    const same = await write('PATCH', url, frontex, { title: target.title }, target.version);
    assert.equal(same.statusCode, 200, 'a change of nothing is no change');
    assert.equal(same.json<OfferView>().version, target.version);

    const changed = await write(
      'PATCH',
      url,
      frontex,
      {
        themes: ['Migrant smuggling', 'Returns', 'Fundamental rights'],
        contactPoint: 'Risk analysis unit',
      },
      target.version,
    );
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.headers.etag, `"${String(target.version + 1)}"`);
    const stale = await write('PATCH', url, frontex, { title: 'Late' }, target.version);
    assert.equal(stale.statusCode, 412);

    const entries = await auditOf(target.id);
    assert.deepEqual(
      entries.map((e) => [e.action, e.targetType]),
      [
        ['toolbox_offer.create', 'toolbox_offer'],
        ['toolbox_offer.update', 'toolbox_offer'],
      ],
    );
    assert.deepEqual(Object.keys(JSON.parse(entries[1]?.changes ?? '{}') as object).sort(), [
      'contactPoint',
      'themes',
    ]);

    const history = (await platform.request({ url: `${url}/revisions`, as: member })).json<
      { version: number; summary: string; changes: Record<string, unknown> }[]
    >();
    assert.deepEqual(
      history.map((r) => [r.version, r.summary]),
      [
        [2, 'edited'],
        [1, 'created'],
      ],
    );
    assert.deepEqual(history[0]?.changes, {
      contactPoint: { before: 'Operations directorate', after: 'Risk analysis unit' },
      themes: {
        before: 'Migrant smuggling; Returns',
        after: 'Migrant smuggling; Returns; Fundamental rights',
      },
    });

    // The gap the change closes is gone.
    assert.deepEqual(
      (await analysis(member)).gaps.map((g) => g.theme),
      ['Asylum support'],
    );
  });

  test('the export holds the offers and the matrix; an observer’s holds no hidden offer', async () => {
    const exported = await platform.request({
      url: `/api/toolboxes/${toolbox.id}/export.xlsx`,
      as: member,
    });
    assert.equal(exported.statusCode, 200, exported.body);
    assert.equal(exported.headers['content-type'], XLSX_CONTENT_TYPE);
    const offers = await readSheet(exported.rawPayload, 'Offers');
    assert.deepEqual(
      offers[0],
      offerColumns.map((c) => c.header),
    );
    assert.deepEqual(
      offers
        .slice(1)
        .map((row) => [row[2], row[3], row[4], row[6]])
        .sort(),
      [
        ['Europol', 'service', 'Operational analysis of smuggling networks', 'Migrant smuggling'],
        ['Europol', 'service', 'Second Europol service on smuggling', 'Migrant smuggling'],
        ['Europol', 'training', HIDDEN_TITLE, 'Document fraud'],
        [
          'Frontex',
          'service',
          'Risk analysis on smuggling routes',
          'Migrant smuggling; Returns; Fundamental rights',
        ],
        ['Frontex', 'training', 'Document fraud detection course', 'Document fraud'],
      ],
    );
    const matrix = await readSheet(exported.rawPayload, 'Matrix');
    assert.deepEqual(matrix[0], ['Agency', ...THEMES, 'Asylum support']);
    const frontexRow = matrix.find((row) => row[0] === 'Frontex');
    assert.deepEqual(frontexRow, [
      'Frontex',
      'Risk analysis on smuggling routes (service)',
      'Document fraud detection course (training)',
      'Risk analysis on smuggling routes (service)',
      'Risk analysis on smuggling routes (service)',
      null,
    ]);

    const observed = await platform.request({
      url: `/api/toolboxes/${toolbox.id}/export.xlsx`,
      as: observer,
    });
    const observedOffers = await readSheet(observed.rawPayload, 'Offers');
    const observedMatrix = await readSheet(observed.rawPayload, 'Matrix');
    assert.equal(observedOffers.length, 1 + 4);
    assert.ok(!JSON.stringify([observedOffers, observedMatrix]).includes(HIDDEN_TITLE));
  });

  test('an import with one bad row stores nothing and lists every problem; a good one stores all', async () => {
    const row = (values: Partial<Record<string, string>>) =>
      offerColumns.map((c) => values[c.key] ?? null);
    const good = {
      agency: 'Frontex',
      kind: 'data',
      title: 'Return statistics',
      themes: 'Returns',
      contactPoint: 'Returns unit',
      releasedToObservers: 'yes',
    };
    const sheet = (rows: (string | null)[][]) =>
      writeWorkbook([
        {
          name: 'Offers',
          columns: offerColumns,
          rows: rows,
        },
      ]);
    const importFile = (as: Session, content: Buffer) =>
      platform.request({
        method: 'POST',
        url: `/api/toolboxes/${toolbox.id}/import`,
        as,
        body: content,
        headers: { 'content-type': XLSX_CONTENT_TYPE },
      });
    const before = await offerCount();
    const rejected = await importFile(
      frontex,
      await sheet([
        row(good),
        row({ ...good, title: 'Fundamental rights checklist', themes: 'Human rights' }),
        row({ ...good, agency: 'Europol', title: 'Not ours' }),
      ]),
    );
    assert.equal(rejected.statusCode, 400, rejected.body);
    assert.deepEqual(
      rejected
        .json<{ errors: { row: number; column: string }[] }>()
        .errors.map((e) => [e.row, e.column]),
      [
        [3, 'Themes'],
        [4, 'Agency'],
      ],
    );
    assert.equal(await offerCount(), before, 'nothing was stored');

    const accepted = await importFile(
      frontex,
      await sheet([
        row(good),
        row({
          ...good,
          title: 'Fundamental rights checklist',
          themes: 'Fundamental rights; Returns',
          kind: 'tool',
        }),
      ]),
    );
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual(accepted.json(), { created: 2, updated: 0, unchanged: 0 });
    assert.equal(await offerCount(), before + 2);
    const entries = await auditOf(toolbox.id);
    assert.equal(entries.at(-1)?.action, 'toolbox.import');
    assert.equal(entries.at(-1)?.targetType, 'toolbox');
  });
  test('the pages: an observer sees no hidden offer; a contact point adds one through the form', async () => {
    for (const view of ['', '/themes', '/agencies', '/analysis']) {
      const page = await platform.request({ url: `/toolboxes/${toolbox.id}${view}`, as: observer });
      assert.equal(page.statusCode, 200, view);
      assert.ok(!page.body.includes(HIDDEN_TITLE), view);
      const full = await platform.request({ url: `/toolboxes/${toolbox.id}${view}`, as: member });
      assert.ok(full.body.includes(HIDDEN_TITLE), view);
    }
    const form = await platform.request({
      url: `/toolboxes/${toolbox.id}/offers/new`,
      as: europol,
    });
    assert.equal(form.statusCode, 200);
    const before = await offerCount();
    const refused = await platform.request({
      url: `/toolboxes/${toolbox.id}/offers`,
      as: europol,
      form: { _csrf: europol.csrfToken, agency: '', kind: 'service', title: '', contactPoint: '' },
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(await offerCount(), before, 'nothing was stored');
    const agencies = await platform.services.toolboxes.agencies();
    const europolId = agencies.find((a) => a.acronym === 'Europol')?.id ?? '';
    const saved = await platform.request({
      url: `/toolboxes/${toolbox.id}/offers`,
      as: europol,
      form: {
        _csrf: europol.csrfToken,
        agency: europolId,
        kind: 'expertise',
        title: 'Asylum fraud expertise',
        themes: themeId('Asylum support'),
        contactPoint: 'Analysis unit',
      },
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const detail = await platform.request({ url: saved.headers.location ?? '', as: europol });
    assert.ok(detail.body.includes('Asylum fraud expertise'));
    assert.equal(await offerCount(), before + 1);
  });

  test('the pages: the secretariat renames a toolbox, a stale save is merged; bad input stores nothing', async () => {
    const current = await platform.services.toolboxes.get(toolbox.id);
    const opened = { title: current.title, description: current.description };
    const form = await platform.request({ url: `/toolboxes/${toolbox.id}/edit`, as: admin });
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(current.title));
    const byContact = await platform.request({ url: `/toolboxes/${toolbox.id}/edit`, as: europol });
    assert.equal(byContact.statusCode, 404);

    const post = (as: Session, fields: Record<string, string>) =>
      platform.request({
        url: `/toolboxes/${toolbox.id}/edit`,
        as,
        form: { _csrf: as.csrfToken, _base: JSON.stringify(opened), ...fields },
      });
    const refused = await post(admin, {
      version: String(current.version),
      title: ' ',
      description: 'x'.repeat(5001),
    });
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.body.includes('Give the toolbox a title.'), 'the title error');
    assert.ok(refused.body.includes('Write at most 5000 characters.'), 'the description error');
    assert.equal((await platform.services.toolboxes.get(toolbox.id)).version, current.version);

    const saved = await post(admin, {
      version: String(current.version),
      title: 'Toolbox of the JHA agencies on migration',
      description: current.description,
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, `/toolboxes/${toolbox.id}?saved=edited`);
    const page = await platform.request({ url: saved.headers.location, as: admin });
    assert.ok(page.body.includes('The toolbox was saved.'));
    const audited = (await auditOf(toolbox.id)).filter((e) => e.action === 'toolbox.update');
    assert.equal(audited.length, 1);
    assert.deepEqual(JSON.parse(String(audited[0]?.changes)), {
      title: { before: current.title, after: 'Toolbox of the JHA agencies on migration' },
    });

    // A second editor opened the form before that save and changed only the description:
    // the title saved meanwhile stays, and nothing is stored until the merge is sent again.
    const stale = await post(admin, {
      version: String(current.version),
      title: current.title,
      description: 'Who offers what on migration.',
    });
    assert.equal(stale.statusCode, 409);
    assert.ok(stale.body.includes('value="Toolbox of the JHA agencies on migration"'));
    assert.ok(stale.body.includes('Who offers what on migration.'));
    assert.equal(
      (await auditOf(toolbox.id)).filter((e) => e.action === 'toolbox.update').length,
      1,
    );
  });

  test('the pages: a contact point withdraws its own offer after confirming; another agency gets 404', async () => {
    const mine = await addOffer(europol, offer({ title: 'Offer to withdraw' }));
    const others = await platform.request({ url: `/toolbox-offers/${mine.id}`, as: frontex });
    assert.ok(!others.body.includes(`/toolbox-offers/${mine.id}/withdraw`), 'no withdraw link');
    const own = await platform.request({ url: `/toolbox-offers/${mine.id}`, as: europol });
    assert.ok(own.body.includes(`/toolbox-offers/${mine.id}/withdraw`), 'a withdraw link');

    const foreign = await platform.request({
      url: `/toolbox-offers/${mine.id}/withdraw`,
      as: frontex,
    });
    assert.equal(foreign.statusCode, 404);
    const foreignPost = await platform.request({
      url: `/toolbox-offers/${mine.id}/withdraw`,
      as: frontex,
      form: { _csrf: frontex.csrfToken, version: String(mine.version) },
    });
    assert.equal(foreignPost.statusCode, 404);
    const stillThere = await platform.services.database.db
      .selectFrom('toolbox_offers')
      .select('id')
      .where('id', '=', mine.id)
      .execute();
    assert.equal(stillThere.length, 1, 'the offer is still there');

    const confirm = await platform.request({
      url: `/toolbox-offers/${mine.id}/withdraw`,
      as: europol,
    });
    assert.equal(confirm.statusCode, 200);
    assert.ok(confirm.body.includes('This cannot be undone'));
    assert.ok(confirm.body.includes('ecl-notification--warning'));
    const withdrawn = await platform.request({
      url: `/toolbox-offers/${mine.id}/withdraw`,
      as: europol,
      form: { _csrf: europol.csrfToken, version: String(mine.version) },
    });
    assert.equal(withdrawn.statusCode, 303, withdrawn.body);
    assert.equal(withdrawn.headers.location, `/toolboxes/${toolbox.id}?saved=withdrawn`);
    const gone = await platform.request({ url: `/toolbox-offers/${mine.id}`, as: europol });
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(
      (await auditOf(mine.id)).map((e) => [e.action, e.targetType, e.targetId]),
      [
        ['toolbox_offer.create', 'toolbox_offer', mine.id],
        ['toolbox_offer.delete', 'toolbox_offer', mine.id],
      ],
    );
  });
});
