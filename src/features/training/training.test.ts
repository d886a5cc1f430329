import assert from 'node:assert/strict';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { readSheet } from 'read-excel-file/node';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { writeSheet, XLSX_CONTENT_TYPE, type CellValue } from '../../app/xlsx.js';
import type { TrainingView } from './training.model.js';
import { trainingColumns } from './training.transfer.js';

interface Page {
  items: TrainingView[];
  total: number;
}

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
  candidates?: { id: string; title: string; organiser: string; titleSimilarity: number }[];
}

const base = {
  title: 'Cybercrime investigations: darknet and virtual currencies',
  organiser: 'CEPOL',
  coOrganisers: ['Europol'],
  kind: 'residential',
  topics: ['cybercrime', 'financial-crime'],
  audience: 'law-enforcement',
  startOn: '2018-10-08',
  endOn: '2018-10-12',
  place: 'Budapest, HU',
  languages: ['en'],
  capacity: 30,
  participants: 29,
  releasedToObservers: true,
};

describe('training matrix API', () => {
  let platform: TestPlatform;
  let admin: Session;
  let cepol: Session;
  let europol: Session;
  let frontex: Session;
  let member: Session;
  let observer: Session;

  const create = (as: Session, body: object, confirm = false) =>
    platform.request({
      method: 'POST',
      url: `/api/trainings${confirm ? '?confirm=true' : ''}`,
      as,
      body,
    });
  const list = async (as: Session, query = '') =>
    (await platform.request({ url: `/api/trainings?year=2018${query}`, as })).json<Page>();
  const auditOf = (targetId: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'target_id as targetId', 'changes'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute();
  const audited = (action: string) =>
    platform.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_type as targetType', 'changes'])
      .where('action', '=', action)
      .execute();

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    cepol = await platform.session('contact', 'CEPOL');
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    member = await platform.session('member', 'FRA');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('a contact point enters a training its agency organises; the entry is audited', async () => {
    const response = await create(cepol, base);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers.etag, '"1"');
    const training = response.json<TrainingView>();
    assert.equal(training.organiser.acronym, 'CEPOL');
    assert.deepEqual(
      training.coOrganisers.map((o) => o.acronym),
      ['Europol'],
    );
    assert.equal(training.year, 2018);
    assert.equal(training.days, 5);
    assert.deepEqual(training.topics, ['cybercrime', 'financial-crime']);
    const read = await platform.request({ url: `/api/trainings/${training.id}`, as: member });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(
      (await auditOf(training.id)).map((a) => [a.action, a.targetType]),
      [['training.create', 'training']],
    );
  });

  test('bad input names every field at fault and stores nothing', async () => {
    const before = (await list(admin)).total;
    const response = await create(cepol, {
      ...base,
      title: ' ',
      coOrganisers: ['Nobody'],
      kind: 'party',
      topics: ['knitting'],
      audience: 'everyone',
      startOn: '2018-02-30',
      place: '',
      languages: ['xx'],
      offerUrl: 'javascript:alert(1)',
    });
    assert.equal(response.statusCode, 400);
    const fields = new Set(response.json<Problem>().errors?.map((e) => e.field));
    for (const field of [
      'title',
      'coOrganisers',
      'kind',
      'topics',
      'audience',
      'startOn',
      'place',
      'languages',
      'offerUrl',
    ])
      assert.ok(fields.has(field), `expected an error on ${field}: ${response.body}`);
    const backwards = await create(cepol, { ...base, startOn: '2018-10-12', endOn: '2018-10-08' });
    assert.equal(backwards.statusCode, 400);
    assert.deepEqual(
      backwards.json<Problem>().errors?.map((e) => e.field),
      ['endOn'],
    );
    const unknownField = await create(cepol, { ...base, colour: 'blue' });
    assert.equal(unknownField.statusCode, 400);
    assert.equal((await list(admin)).total, before);
  });

  test('an agency enters and edits only the trainings it organises; members and observers none', async () => {
    const other = await create(europol, { ...base, title: 'Europol for CEPOL' });
    assert.equal(other.statusCode, 400);
    assert.match(other.body, /own agency \(Europol\)/);
    assert.equal((await create(member, base)).statusCode, 404);
    assert.equal((await create(observer, base)).statusCode, 404);
    const mine = (await list(admin, '&agency=CEPOL')).items[0];
    assert.ok(mine);
    // Europol co-organises it, but only CEPOL keeps it: to Europol it is not changeable.
    const patch = (as: Session) =>
      platform.request({
        method: 'PATCH',
        url: `/api/trainings/${mine.id}`,
        as,
        body: { participants: 1 },
        headers: { 'if-match': `"${String(mine.version)}"` },
      });
    assert.equal((await patch(europol)).statusCode, 404);
    assert.equal((await patch(member)).statusCode, 404);
    const remove = await platform.request({
      method: 'DELETE',
      url: `/api/trainings/${mine.id}`,
      as: frontex,
      headers: { 'if-match': `"${String(mine.version)}"` },
    });
    assert.equal(remove.statusCode, 404);
    assert.deepEqual(
      (await auditOf(mine.id)).map((a) => a.action).filter((a) => a.startsWith('training.')),
      ['training.create'],
    );
  });

  test('changes need If-Match, refuse a stale version and keep a history', async () => {
    const created = (
      await create(frontex, {
        ...base,
        organiser: 'Frontex',
        coOrganisers: [],
        title: 'Document fraud for border guards',
        topics: ['document-fraud'],
        audience: 'border-guards',
      })
    ).json<TrainingView>();
    const url = `/api/trainings/${created.id}`;
    const noTag = await platform.request({
      method: 'PATCH',
      url,
      as: frontex,
      body: { participants: 20 },
    });
    assert.equal(noTag.statusCode, 428);
    const changed = await platform.request({
      method: 'PATCH',
      url,
      as: frontex,
      body: { participants: 20, place: 'Warsaw, PL' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.headers.etag, '"2"');
    const stale = await platform.request({
      method: 'PATCH',
      url,
      as: frontex,
      body: { participants: 21 },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(stale.statusCode, 412);
    const revisions = (await platform.request({ url: `${url}/revisions`, as: member })).json<
      { version: number; summary: string; changedFields: string[] }[]
    >();
    assert.deepEqual(
      revisions.map((r) => [r.version, r.summary, r.changedFields]),
      [
        [2, 'edited', ['place', 'participants']],
        [1, 'created', []],
      ],
    );
    const entries = await auditOf(created.id);
    assert.deepEqual(
      entries.map((a) => a.action),
      ['training.create', 'training.update'],
    );
    assert.deepEqual(Object.keys(JSON.parse(entries[1]?.changes ?? '{}') as object).sort(), [
      'participants',
      'place',
    ]);
    const gone = await platform.request({
      method: 'DELETE',
      url,
      as: frontex,
      headers: { 'if-match': '"2"' },
    });
    assert.equal(gone.statusCode, 204);
    assert.equal((await platform.request({ url, as: admin })).statusCode, 404);
    assert.deepEqual(
      (await auditOf(created.id)).map((a) => a.action),
      ['training.create', 'training.update', 'training.delete'],
    );
  });

  test('a training that resembles one in the matrix is answered with the candidates, and saved once confirmed', async () => {
    const before = (await list(admin)).total;
    const lookalike = {
      ...base,
      organiser: 'Europol',
      coOrganisers: [],
      title: 'Darknet and virtual currencies in cybercrime investigations',
      kind: 'webinar',
      startOn: '2018-10-10',
      endOn: '2018-10-10',
      place: 'Online',
    };
    const warned = await create(europol, lookalike);
    assert.equal(warned.statusCode, 409, warned.body);
    assert.match(String(warned.headers['content-type']), /application\/problem\+json/);
    const problem = warned.json<Problem>();
    assert.equal(problem.code, 'possible_duplicates');
    assert.deepEqual(
      problem.candidates?.map((c) => [c.title, c.organiser]),
      [[base.title, 'CEPOL']],
    );
    assert.equal((await list(admin)).total, before, 'nothing is stored before the confirmation');
    const saved = await create(europol, lookalike, true);
    assert.equal(saved.statusCode, 201, saved.body);
    const id = saved.json<TrainingView>().id;
    const [entry] = await auditOf(id);
    assert.equal(entry?.action, 'training.create');
    const cepolTraining = (await list(admin, '&agency=CEPOL')).items[0];
    assert.deepEqual((JSON.parse(entry.changes) as { savedDespite: string[] }).savedDespite, [
      cepolTraining?.id,
    ]);
    // Another audience in the same days is another training.
    const judges = await create(europol, {
      ...lookalike,
      title: 'Darknet evidence for judges',
      audience: 'judiciary',
    });
    assert.equal(judges.statusCode, 201, judges.body);

    const pairs = await platform.request({ url: '/api/trainings/duplicates?year=2018', as: admin });
    assert.equal(pairs.statusCode, 200);
    assert.deepEqual(
      pairs
        .json<{ a: TrainingView; b: TrainingView }[]>()
        .map((p) => [p.a.organiser.acronym, p.b.organiser.acronym]),
      [['CEPOL', 'Europol']],
    );
    const notSecretariat = await platform.request({
      url: '/api/trainings/duplicates?year=2018',
      as: cepol,
    });
    assert.equal(notSecretariat.statusCode, 404);
  });

  test('filters narrow the list; observers see only what is released to them, in lists, reports and exports', async () => {
    const hidden = await create(cepol, {
      ...base,
      title: 'Restricted course on informants',
      topics: ['organised-crime'],
      startOn: '2018-03-05',
      endOn: '2018-03-06',
      languages: ['fr'],
      releasedToObservers: false,
      participants: 12,
    });
    assert.equal(hidden.statusCode, 201, hidden.body);
    const hiddenId = hidden.json<TrainingView>().id;
    assert.deepEqual(
      (await list(member, '&language=fr')).items.map((t) => t.title),
      ['Restricted course on informants'],
    );
    assert.deepEqual(
      (await list(member, '&topic=organised-crime&kind=residential')).items.map((t) => t.id),
      [hiddenId],
    );
    assert.equal((await list(member, '&audience=judiciary')).total, 1);
    assert.deepEqual(
      (await list(member, '&agency=Europol&sort=title')).items.map((t) => t.title),
      [
        base.title,
        'Darknet and virtual currencies in cybercrime investigations',
        'Darknet evidence for judges',
        'Restricted course on informants',
      ],
      'an agency matches what it organises and what it co-organises',
    );
    const bad = await platform.request({ url: '/api/trainings?agency=Nobody', as: member });
    assert.equal(bad.statusCode, 400);

    assert.equal(
      (await platform.request({ url: `/api/trainings/${hiddenId}`, as: observer })).statusCode,
      404,
    );
    assert.equal((await list(observer, '&language=fr')).total, 0);
    const everyone = await list(member);
    const released = await list(observer);
    assert.equal(released.total, everyone.total - 1);
    const report = (
      await platform.request({ url: '/api/trainings/report?year=2018', as: observer })
    ).json<{
      totals: { trainings: number; participants: number };
    }>();
    const fullReport = (
      await platform.request({ url: '/api/trainings/report?year=2018', as: member })
    ).json<{
      totals: { trainings: number; participants: number };
    }>();
    assert.equal(report.totals.trainings, fullReport.totals.trainings - 1);
    assert.equal(report.totals.participants, fullReport.totals.participants - 12);
    const exported = await platform.request({
      url: '/api/trainings/export.xlsx?year=2018',
      as: observer,
    });
    assert.doesNotMatch(JSON.stringify(await readSheet(exported.rawPayload)), /informants/);
  });

  test('the annual training report counts trainings, participants and days per agency and topic, as a page and a .docx', async () => {
    const year = '2019';
    const on = (body: object) => create(admin, { ...base, ...body }, true);
    assert.equal(
      (await on({ title: 'Alpha', startOn: '2019-01-07', endOn: '2019-01-09', participants: 10 }))
        .statusCode,
      201,
    );
    assert.equal(
      (
        await on({
          title: 'Beta',
          organiser: 'Frontex',
          coOrganisers: ['CEPOL'],
          topics: ['document-fraud'],
          audience: 'border-guards',
          startOn: '2019-02-04',
          endOn: '2019-02-04',
          participants: 40,
        })
      ).statusCode,
      201,
    );
    assert.equal(
      (
        await on({
          title: 'Gamma',
          organiser: 'FRA',
          coOrganisers: [],
          topics: ['fundamental-rights'],
          audience: 'trainers',
          startOn: '2019-03-04',
          endOn: '2019-03-05',
          participants: null,
        })
      ).statusCode,
      201,
    );
    const report = (
      await platform.request({ url: `/api/trainings/report?year=${year}`, as: member })
    ).json<{
      totals: object;
      byAgency: { name: string; trainings: number; participants: number; days: number }[];
      byTopic: { name: string; trainings: number; participants: number; days: number }[];
    }>();
    assert.deepEqual(report.totals, { trainings: 3, participants: 50, days: 6 });
    assert.deepEqual(report.byAgency, [
      { name: 'CEPOL', trainings: 2, participants: 50, days: 4 },
      { name: 'Europol', trainings: 1, participants: 10, days: 3 },
      { name: 'FRA', trainings: 1, participants: 0, days: 2 },
      { name: 'Frontex', trainings: 1, participants: 40, days: 1 },
    ]);
    assert.deepEqual(report.byTopic, [
      { name: 'cybercrime', trainings: 1, participants: 10, days: 3 },
      { name: 'document-fraud', trainings: 1, participants: 40, days: 1 },
      { name: 'financial-crime', trainings: 1, participants: 10, days: 3 },
      { name: 'fundamental-rights', trainings: 1, participants: 0, days: 2 },
    ]);
    const page = await platform.request({ url: `/training/report?year=${year}`, as: member });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /3 trainings with 50 participants over 6 training days/);

    const docx = await platform.request({
      url: `/api/trainings/report.docx?year=${year}`,
      as: member,
    });
    assert.equal(docx.statusCode, 200);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    assert.match(text, /Annual training report 2019/);
    assert.match(
      text,
      /In 2019 the matrix holds 3 trainings with 50 participants over 6 training days\./,
    );
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
        [...cell[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      ),
    );
    for (const expected of [
      ['Organising agency', 'Trainings', 'Participants', 'Training days'],
      ['CEPOL', '2', '50', '4'],
      ['Frontex', '1', '40', '1'],
      ['Document fraud', '1', '40', '1'],
      ['Residential', '3', '50', '6'],
    ])
      assert.ok(
        rows.some((row) => JSON.stringify(row) === JSON.stringify(expected)),
        `the document has the row ${JSON.stringify(expected)}`,
      );
  });

  test('the export reads back with a spreadsheet library, and an import with a bad row stores nothing', async () => {
    const exported = await platform.request({
      url: '/api/trainings/export.xlsx?year=2019',
      as: member,
    });
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-type'], XLSX_CONTENT_TYPE);
    const [header, ...rows] = await readSheet(exported.rawPayload);
    assert.deepEqual(header?.slice(0, 4), ['ID', 'Version', 'Title', 'Organiser']);
    assert.deepEqual(
      rows.map((row) => [row[2], row[3], row[4], row[8]]),
      [
        ['Alpha', 'CEPOL', 'Europol', new Date('2019-01-07T00:00:00Z')],
        ['Beta', 'Frontex', 'CEPOL', new Date('2019-02-04T00:00:00Z')],
        ['Gamma', 'FRA', null, new Date('2019-03-04T00:00:00Z')],
      ],
    );

    const before = (await list(admin, '&q=Import')).total;
    const row = (title: string, overrides: Partial<Record<string, CellValue>> = {}): CellValue[] =>
      trainingColumns.map((c) =>
        c.field in overrides
          ? (overrides[c.field] ?? null)
          : ({
              id: null,
              version: null,
              title,
              organiser: 'CEPOL',
              coOrganisers: 'Europol, Frontex',
              kind: 'online-course',
              topics: 'asylum, returns',
              audience: 'asylum-officers',
              startOn: new Date('2020-04-01T00:00:00Z'),
              endOn: new Date('2020-04-30T00:00:00Z'),
              place: 'Online',
              languages: 'en, fr',
              capacity: 100,
              participants: null,
              offerUrl: null,
              releasedToObservers: 'yes',
            }[c.field] ?? null),
      );
    const upload = (as: Session, content: Buffer) =>
      platform.request({
        method: 'POST',
        url: '/api/trainings/import',
        as,
        body: content,
        headers: { 'content-type': XLSX_CONTENT_TYPE },
      });
    const bad = await writeSheet({
      name: 'Training matrix',
      columns: trainingColumns,
      rows: [
        row('Import one'),
        row('Import two', { kind: 'party', languages: 'en, xx' }),
        row('Import three', { organiser: 'Frontex', coOrganisers: 'Europol' }),
      ],
    });
    const refused = await upload(cepol, bad);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(
      refused.json<Problem>().errors?.map((e) => e.field),
      ['row 3, Kind', 'row 3, Languages', 'row 4, Organiser'],
    );
    assert.equal((await list(admin, '&q=Import')).total, before, 'a bad row stores nothing');
    assert.equal((await audited('training.import')).length, 0);

    const good = await writeSheet({
      name: 'Training matrix',
      columns: trainingColumns,
      rows: [row('Import one'), row('Import two')],
    });
    const imported = await upload(cepol, good);
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json(), { created: 2, updated: 0, unchanged: 0 });
    const stored = await platform.request({
      url: '/api/trainings?year=2020&q=Import&sort=title',
      as: member,
    });
    assert.deepEqual(
      stored
        .json<Page>()
        .items.map((t) => [
          t.title,
          t.organiser.acronym,
          t.coOrganisers.map((o) => o.acronym),
          t.languages,
        ]),
      [
        ['Import one', 'CEPOL', ['Europol', 'Frontex'], ['en', 'fr']],
        ['Import two', 'CEPOL', ['Europol', 'Frontex'], ['en', 'fr']],
      ],
    );
    assert.deepEqual(
      (await audited('training.import')).map((a) => [a.action, a.targetType]),
      [['training.import', 'training_matrix']],
    );
  });
  test('the form shows likely duplicates as a warning with links, and saves anyway on request', async () => {
    const before = (await list(admin)).total;
    const form = {
      _csrf: europol.csrfToken,
      title: 'Virtual currencies and the darknet: cybercrime investigations',
      kind: 'webinar',
      topics: 'cybercrime',
      organiser: 'Europol',
      audience: 'law-enforcement',
      startOn: '2018-10-09',
      endOn: '2018-10-09',
      place: 'Online',
      languages: 'en',
    };
    const warned = await platform.request({ url: '/training/new', as: europol, form });
    assert.equal(warned.statusCode, 409, warned.body);
    assert.ok(warned.body.includes('ecl-notification--warning'), 'a warning');
    assert.ok(!warned.body.includes('ecl-notification--error'), 'no error summary');
    const cepolTraining = (await list(admin, '&agency=CEPOL')).items.find(
      (t) => t.title === base.title,
    );
    assert.ok(cepolTraining);
    assert.ok(warned.body.includes(`href="/training/${cepolTraining.id}"`), 'a link to CEPOL’s');
    assert.ok(warned.body.includes('name="confirm" value="yes"'), 'a save-anyway button');
    assert.equal((await list(admin)).total, before, 'nothing is stored before the confirmation');

    const saved = await platform.request({
      url: '/training/new',
      as: europol,
      form: { ...form, confirm: 'yes' },
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal((await list(admin)).total, before + 1);
    const id = (saved.headers.location ?? '').split('?')[0]?.split('/').at(-1) ?? '';
    const [entry] = await auditOf(id);
    assert.deepEqual([entry?.action, entry?.targetType], ['training.create', 'training']);
  });
});
