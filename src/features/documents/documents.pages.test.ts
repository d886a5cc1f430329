import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { pdfWithText } from '../../../test/support/fixture-files.js';
import { extractQueuedTexts } from '../../../test/support/text-extraction.js';
import { throughFourEyes } from '../../../test/support/euci.js';
import { en } from '../../app/i18n/messages.en.js';

/** The value of a hidden field of a page, as the browser would send it. */
function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  assert.ok(match, `no hidden field ${name}`);
  return (match[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

describe('document pages', () => {
  let platform: TestPlatform;
  let admin: Session;
  /** A second administrator, of another organisation, who confirms signatures and clearances. */
  let confirmer: Session;
  let europolContact: Session;
  let frontexContact: Session;
  let observer: Session;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  const page = (session: Session, url: string) => platform.request({ url, as: session });

  const post = (session: Session, url: string, form: Record<string, string>) =>
    platform.request({ url, as: session, form: { _csrf: session.csrfToken, ...form } });

  /** Posts a multipart form as a browser does, with an optional file. */
  async function multipart(
    session: Session,
    url: string,
    fields: Record<string, string | string[]>,
    file?: { filename: string; content: Buffer },
  ) {
    const form = new FormData();
    form.append('_csrf', session.csrfToken);
    for (const [name, value] of Object.entries(fields))
      for (const one of [value].flat()) form.append(name, one);
    if (file) form.append('file', new Blob([file.content]), file.filename);
    const encoded = new Response(form);
    return platform.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `jhanet_session=${session.cookie}`,
        'content-type': encoded.headers.get('content-type') ?? '',
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
  }

  const basics = {
    documentType: 'report',
    language: 'en',
    classification: 'none',
    releasability: 'network',
  };

  async function registered(
    session: Session,
    fields: Record<string, string | string[]>,
    file?: { filename: string; content: Buffer },
  ): Promise<{ id: string; location: string }> {
    const response = await multipart(session, '/documents', { ...basics, ...fields }, file);
    assert.equal(response.statusCode, 303, response.body);
    const location = String(response.headers.location);
    const id = /^\/documents\/([0-9a-f-]{36})\?/.exec(location)?.[1];
    assert.ok(id, location);
    return { id, location };
  }

  async function documentCount(): Promise<number> {
    const row = await platform.services.database.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    confirmer = await platform.session('admin', 'Eurojust');
    europolContact = await platform.session('contact', 'Europol');
    frontexContact = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
  });
  after(() => platform.close());

  test('the list says when there are no documents yet, and offers registration to those who may', async () => {
    const empty = await page(europolContact, '/documents');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, new RegExp(en['documents.emptyNone']));
    assert.match(empty.body, /href="\/documents\/new"/);
    assert.match(empty.body, /href="\/api\/documents\/export\.csv"/);
    assert.match(empty.body, /href="\/documents"[^>]*>Documents</);
    const forObserver = await page(observer, '/documents');
    assert.equal(forObserver.statusCode, 200);
    assert.doesNotMatch(forObserver.body, /href="\/documents\/new"/);
    assert.equal((await page(observer, '/documents/new')).statusCode, 404);
  });

  test('a document registered with a PDF is found by its text, with the words marked and facets counted', async () => {
    const pdf = pdfWithText(['Customs cooperation against cigarette smuggling in the Baltic']);
    const { id, location } = await registered(
      europolContact,
      { title: 'Tobacco smuggling report', description: 'For the network', limite: 'on' },
      { filename: 'tobacco.pdf', content: pdf },
    );
    assert.match(location, /notice=registered$/);
    const detail = await page(europolContact, location);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, new RegExp(en['documents.notice.registered']));
    assert.match(detail.body, /tobacco\.pdf/);
    assert.match(detail.body, new RegExp(`href="/api/documents/${id}/file"`));
    assert.match(detail.body, new RegExp(`href="/api/documents/${id}/text.txt"`));
    assert.match(detail.body, new RegExp(`href="/api/documents/${id}/versions/1/file"`));
    // The registration answers before the text is read: the page says so until it is.
    assert.match(detail.body, new RegExp(en['documents.versions.text.pending']));
    await extractQueuedTexts(platform.services);
    const read = await page(europolContact, location);
    assert.doesNotMatch(read.body, new RegExp(en['documents.versions.text.pending']));
    assert.match(read.body, /61 characters/);

    const search = await page(frontexContact, '/documents?q=cigarette');
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /Tobacco smuggling report/);
    assert.match(search.body, /<mark>cigarette<\/mark>/);
    assert.match(search.body, /Europol \(1\)/);
    assert.match(search.body, /class="jh-marking jh-marking--marked"[^>]*>LIMITE</);
    assert.match(search.body, /tobacco\.pdf, /);

    const nothing = await page(frontexContact, '/documents?q=zeppelin');
    assert.match(nothing.body, new RegExp(en['documents.emptyNoMatch']));
    assert.match(nothing.body, new RegExp(en['documents.clearFilters']));
    const filtered = await page(
      frontexContact,
      `/documents?originator=${await idOf('Frontex')}&sort=title&direction=asc`,
    );
    assert.equal(filtered.statusCode, 200);
    assert.doesNotMatch(filtered.body, /Tobacco smuggling report/);
  });

  test('the file comes first, and a title and language left empty are taken from it', async () => {
    const form = await page(europolContact, '/documents/new');
    assert.ok(form.body.indexOf('name="file"') < form.body.indexOf('name="title"'));
    assert.match(
      form.body,
      /<input type="checkbox" [^>]*|name="priorityLines" class="ecl-checkbox__input"/,
    );
    const { id } = await registered(
      europolContact,
      { title: '', language: '' },
      { filename: 'Network_minutes_FR.pdf', content: pdfWithText(['Procès-verbal']) },
    );
    const stored = (await page(europolContact, `/api/documents/${id}`)).json<{
      title: string;
      language: string;
    }>();
    assert.equal(stored.title, 'Network minutes');
    assert.equal(stored.language, 'fr');
  });

  test('an invalid registration shows the errors beside the fields and stores nothing', async () => {
    const before = await documentCount();
    const response = await multipart(europolContact, '/documents', {
      ...basics,
      title: '',
      description: 'Kept as typed',
      registeredOn: '2999-01-01',
      priorityLines: '9.9.9',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /id="error-title"/);
    assert.match(response.body, /id="error-registeredOn"/);
    assert.match(response.body, /aria-describedby="error-title"/);
    assert.match(response.body, /Kept as typed/);
    assert.equal(await documentCount(), before);
  });

  test('nothing of the release is chosen in advance, and the form says in words who will read it', async () => {
    const form = await page(europolContact, '/documents/new');
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(
      form.body,
      /<input[^>]*name="(releasability|releasedTo|limite|sensitive)"[^>]*\schecked/,
      'no release, organisation or marking is ticked',
    );
    assert.match(form.body, new RegExp(en['documents.summary.unchosen']));

    const before = await documentCount();
    const { documentType, language, classification } = basics;
    const unchosen = await multipart(europolContact, '/documents', {
      documentType,
      language,
      classification,
      title: 'Release not chosen',
    });
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /id="error-releasability"/);
    assert.equal(await documentCount(), before);

    const named = {
      ...basics,
      releasability: 'named',
      releasedTo: [await idOf('EUAA'), await idOf('FRA')],
    };
    const untitled = await multipart(europolContact, '/documents', { ...named, title: '' });
    assert.equal(untitled.statusCode, 400);
    assert.match(untitled.body, /Released to EUAA and FRA, besides the originator\./);

    const { id } = await registered(europolContact, { ...named, title: 'Released to two' });
    const marking = await page(europolContact, `/documents/${id}/marking`);
    assert.equal(marking.statusCode, 200);
    assert.match(marking.body, /<input[^>]*name="releasability"[^>]*value="named"[^>]*checked/);
    assert.match(marking.body, /Released to EUAA and FRA, besides the originator\./);
  });

  test('above the ceiling a reference record is kept, and the page says why the file was not', async () => {
    const signed = await platform.request({
      url: `/api/euci-agreement/${await idOf('Europol')}`,
      as: admin,
      method: 'PUT',
      body: { signedOn: '2017-06-01' },
    });
    const confirm = (url: string) => platform.request({ url, as: confirmer, method: 'POST' });
    await throughFourEyes(signed, confirm);
    const briefed = await platform.request({
      url: `/api/users/${europolContact.user.id}/clearance`,
      as: admin,
      method: 'PUT',
      body: { clearance: 'none', briefedOn: '2017-05-01' },
    });
    await throughFourEyes(briefed, confirm);
    const { id, location } = await registered(
      europolContact,
      { title: 'Restricted assessment', classification: 'restreint', pointOfContact: 'desk' },
      { filename: 'secret.pdf', content: pdfWithText(['Restricted words']) },
    );
    assert.match(location, /notice=file-refused$/);
    const detail = await page(europolContact, location);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, new RegExp(en['documents.notice.fileRefused']));
    assert.match(detail.body, /RESTREINT UE\/EU RESTRICTED/);
    assert.match(detail.body, new RegExp(en['documents.reference.title']));
    assert.match(detail.body, /class="jh-marking jh-marking--classified"/);
    const stored = await platform.services.database.db
      .selectFrom('document_file_contents')
      .innerJoin('document_files', 'document_files.id', 'document_file_contents.file_id')
      .select('document_files.id')
      .where('document_files.document_id', '=', id)
      .execute();
    assert.equal(stored.length, 0);
    const quoted = await page(europolContact, `/documents/${id}?notice=%3Cb%3Ehi`);
    assert.doesNotMatch(quoted.body, /<b>hi/);
  });

  test('the document page carries its marking at head and foot; others than its readers get 404', async () => {
    const { id } = await registered(europolContact, {
      title: 'Own agency note',
      sensitive: 'on',
      tlp: 'amber',
      releasability: 'originator',
    });
    const detail = await page(europolContact, `/documents/${id}`);
    assert.equal(detail.statusCode, 200);
    const banners = detail.body.match(/<div class="jh-marking [^"]*"[^>]*>([^<]*)</g) ?? [];
    assert.equal(banners.length, 2);
    const [top = '', bottom] = banners;
    assert.match(top, /SENSITIVE NON-CLASSIFIED · TLP:AMBER/);
    assert.equal(top, bottom);
    assert.ok(detail.body.indexOf(top) < detail.body.indexOf('<h1'));

    assert.equal((await page(frontexContact, `/documents/${id}`)).statusCode, 404);
    assert.equal((await page(frontexContact, `/documents/${id}/edit`)).statusCode, 404);
    const list = await page(frontexContact, '/documents');
    assert.doesNotMatch(list.body, /Own agency note/);
  });

  test('a stale edit keeps the other change and asks where both changed the same field', async () => {
    const { id } = await registered(europolContact, { title: 'Draft agenda' });
    const form = await page(europolContact, `/documents/${id}/edit`);
    assert.equal(form.statusCode, 200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const openedOn = hiddenValue(form.body, '_base');
    const edit = { documentType: 'report', language: 'en', version, _base: openedOn };
    // The same contact point, in a second tab.
    const first = await post(europolContact, `/documents/${id}/edit`, {
      ...edit,
      title: 'Agenda',
      originatorReference: 'EUROPOL-2017-12',
    });
    assert.equal(first.statusCode, 303, first.body);
    const second = await post(europolContact, `/documents/${id}/edit`, {
      ...edit,
      title: 'Agenda, mine',
      documentType: 'agenda',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, new RegExp(en['form.conflict.title']));
    assert.match(second.body, /<h2 class="jh-merge__label">Title<\/h2>/);
    assert.match(second.body, /<h2 class="jh-merge__label">Originator&#39;s reference<\/h2>/);
    assert.match(second.body, /name="originatorReference" [^>]*value="EUROPOL-2017-12"/);
    assert.match(second.body, /<option value="agenda" selected>/);
    const merged = {
      documentType: 'agenda',
      language: 'en',
      originatorReference: 'EUROPOL-2017-12',
      title: 'Agenda, mine',
      version: /name="version" value="(\d+)"/.exec(second.body)?.[1] ?? '',
      _base: hiddenValue(second.body, '_base'),
      _conflicts: 'title',
      '_keep-title': 'mine',
    };
    const saved = await post(europolContact, `/documents/${id}/edit`, merged);
    assert.equal(saved.statusCode, 303, saved.body);
    const stored = (await page(europolContact, `/api/documents/${id}`)).json<{
      title: string;
      documentType: string;
      originatorReference: string;
    }>();
    assert.equal(stored.title, 'Agenda, mine');
    assert.equal(stored.documentType, 'agenda');
    assert.equal(stored.originatorReference, 'EUROPOL-2017-12');
  });

  test('a marking change needs a reason and lands in the history', async () => {
    const { id } = await registered(europolContact, { title: 'Limite minutes', limite: 'on' });
    const form = await page(europolContact, `/documents/${id}/marking`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /downgrade/);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const marking = { classification: 'none', releasability: 'network', tlp: '', version };
    const noReason = await post(europolContact, `/documents/${id}/marking`, {
      ...marking,
      reason: '',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /id="error-reason"/);
    assert.equal((await page(frontexContact, `/documents/${id}/marking`)).statusCode, 404);
    const changed = await post(europolContact, `/documents/${id}/marking`, {
      ...marking,
      reason: 'Published',
    });
    assert.equal(changed.statusCode, 303, changed.body);
    const detail = await page(europolContact, String(changed.headers.location));
    assert.match(detail.body, new RegExp(en['documents.kind.downgrade']));
    assert.match(detail.body, /Published/);
  });

  test('a schedule with several mistakes shows them all at once and stores nothing', async () => {
    const { id } = await registered(europolContact, { title: 'Public notice' });
    const form = await page(europolContact, `/documents/${id}/schedule`);
    assert.equal(form.statusCode, 200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const refused = await post(europolContact, `/documents/${id}/schedule`, {
      on: '31-02-2030',
      classification: 'none',
      reason: '',
      version,
      _base: hiddenValue(form.body, '_base'),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /id="error-on"/);
    assert.match(refused.body, /id="error-classification"/);
    assert.match(refused.body, /id="error-reason"/);
    const stored = (await page(europolContact, `/api/documents/${id}`)).json<{
      scheduledChange: unknown;
      version: number;
    }>();
    assert.equal(stored.scheduledChange, null);
    assert.equal(String(stored.version), version);
    const audited = await platform.services.audit.list({ targetId: id }, 1, 50);
    assert.deepEqual(
      audited.items.map((entry) => entry.action),
      ['document.register'],
    );
  });

  test('a stale marking change keeps the other change and saves the merged markings', async () => {
    const { id } = await registered(europolContact, { title: 'Shared threat note' });
    const form = await page(europolContact, `/documents/${id}/marking`);
    const opened = {
      classification: 'none',
      releasability: 'network',
      tlp: '',
      version: /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '',
      _base: hiddenValue(form.body, '_base'),
    };
    const first = await post(europolContact, `/documents/${id}/marking`, {
      ...opened,
      limite: 'on',
      reason: 'Limited to the network',
    });
    assert.equal(first.statusCode, 303, first.body);
    const second = await post(europolContact, `/documents/${id}/marking`, {
      ...opened,
      tlp: 'amber',
      reason: 'Shared as TLP:AMBER',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, new RegExp(en['form.conflict.title']));
    assert.match(
      second.body,
      /<h2 class="jh-merge__label">LIMITE \(not for public release\)<\/h2>/,
    );
    assert.match(second.body, /<input[^>]*name="limite"[^>]*checked/);
    const merged = {
      classification: 'none',
      releasability: 'network',
      tlp: 'amber',
      limite: 'on',
      reason: 'Shared as TLP:AMBER',
      version: /name="version" value="(\d+)"/.exec(second.body)?.[1] ?? '',
      _base: hiddenValue(second.body, '_base'),
    };
    const saved = await post(europolContact, `/documents/${id}/marking`, merged);
    assert.equal(saved.statusCode, 303, saved.body);
    const stored = (await page(europolContact, `/api/documents/${id}`)).json<{
      marking: { limite: boolean; tlp: string | null };
    }>();
    assert.equal(stored.marking.limite, true);
    assert.equal(stored.marking.tlp, 'amber');
    const audited = await platform.services.audit.list({ targetId: id }, 1, 50);
    assert.deepEqual(
      audited.items.map((entry) => entry.action),
      ['document.mark', 'document.mark', 'document.register'],
    );
  });

  test('a new version is uploaded from the document page; a stale one is refused', async () => {
    const { id } = await registered(europolContact, { title: 'Versioned guide' });
    const missing = await multipart(europolContact, `/documents/${id}/versions`, { version: '1' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, new RegExp(en['documents.form.chooseFile']));
    const file = { filename: 'guide.txt', content: Buffer.from('First edition of the guide') };
    const uploaded = await multipart(
      europolContact,
      `/documents/${id}/versions`,
      { version: '1', note: 'first' },
      file,
    );
    assert.equal(uploaded.statusCode, 303, uploaded.body);
    const detail = await page(europolContact, String(uploaded.headers.location));
    assert.match(detail.body, /guide\.txt/);
    assert.match(detail.body, new RegExp(en['documents.notice.version']));
    const stale = await multipart(
      europolContact,
      `/documents/${id}/versions`,
      { version: '1' },
      file,
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, new RegExp(en['documents.reload']));
  });

  test('a meeting links to the documents linked to it, and the list shows only those', async () => {
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'expert',
        title: 'Expert meeting on smuggling',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-03-10T09:00',
        end: '2027-03-10T17:00',
        invitedOrganisationIds: [await idOf('Europol')],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const meetingId = created.json<{ id: string }>().id;
    await registered(europolContact, {
      title: 'Briefing for the expert meeting',
      meetings: meetingId,
    });
    await registered(europolContact, { title: 'Unrelated briefing' });
    const meetingPage = await page(europolContact, `/meetings/${meetingId}`);
    assert.match(
      meetingPage.body,
      new RegExp(`/documents\\?linkedType=meeting&amp;linkedId=${meetingId}`),
    );
    const list = await page(europolContact, `/documents?linkedType=meeting&linkedId=${meetingId}`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Briefing for the expert meeting/);
    assert.doesNotMatch(list.body, /Unrelated briefing/);
    assert.match(list.body, new RegExp(en['documents.linkedTo.meeting']));
  });

  test('the EUCI page: everyone reads the signatures; administrators ask, and another agency confirms', async () => {
    const europol = await idOf('Europol');
    const forContact = await page(frontexContact, '/euci');
    assert.equal(forContact.statusCode, 200);
    assert.match(forContact.body, /Europol/);
    assert.doesNotMatch(forContact.body, /action="\/euci\//);
    assert.doesNotMatch(forContact.body, /href="\/euci\/[0-9a-f-]{36}\/sign"/);
    assert.doesNotMatch(forContact.body, new RegExp(en['euci.clearances']));
    assert.doesNotMatch(forContact.body, new RegExp(en['euci.requests']));
    const refused = await post(frontexContact, `/euci/${europol}/sign`, { signedOn: '2018-01-01' });
    assert.equal(refused.statusCode, 404);
    assert.equal((await page(frontexContact, `/euci/${europol}/withdraw`)).statusCode, 404);

    const forAdmin = await page(admin, '/euci');
    assert.equal(forAdmin.statusCode, 200);
    assert.match(forAdmin.body, new RegExp(`href="/euci/${europol}/sign"`));
    assert.match(forAdmin.body, new RegExp(en['euci.clearances']));
    assert.match(forAdmin.body, new RegExp(en['euci.requests.none']));
    const frontex = await idOf('Frontex');

    // The signature has a form of its own, its day typed day first as everywhere.
    const signPage = await page(admin, `/euci/${frontex}/sign`);
    assert.equal(signPage.statusCode, 200);
    assert.match(signPage.body, new RegExp(`action="/euci/${frontex}/sign"`));
    assert.match(signPage.body, /name="signedOn"[^>]*class="ecl-datepicker__field/);
    assert.doesNotMatch(signPage.body, /type="date"/);
    const future = await post(admin, `/euci/${frontex}/sign`, {
      signedOn: '01-01-2999',
      _dates: 'signedOn',
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /Give the day it was signed, not in the future\./);
    assert.match(future.body, /value="01-01-2999"/);
    assert.deepEqual(await platform.services.euci.pending(), []);
    const asked = await post(admin, `/euci/${frontex}/sign`, {
      signedOn: '01-01-2018',
      _dates: 'signedOn',
    });
    assert.equal(asked.statusCode, 303, asked.body);
    assert.equal(asked.headers.location, '/euci?saved=requested');
    const [asking] = (await platform.services.audit.list({ action: 'euci.request' }, 1, 1)).items;
    assert.equal(asking?.target_type, 'euci_agreement');
    assert.equal(asking.target_id, frontex);
    assert.equal(asking.actor_user_id, admin.user.id);
    const twice = await post(admin, `/euci/${frontex}/sign`, { signedOn: '2018-01-01' });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /already waiting for confirmation/);
    const [request] = await platform.services.euci.pending();
    assert.ok(request);
    assert.equal(request.organisationId, frontex);
    assert.equal(request.signedOn, '2018-01-01');

    // The requester sees the request but no way to confirm it; only to reject it.
    const pendingForRequester = await page(admin, '/euci?saved=requested');
    assert.match(pendingForRequester.body, new RegExp(en['euci.saved.requested']));
    assert.match(pendingForRequester.body, /Frontex signed the agreement on 1 January 2018/);
    assert.doesNotMatch(
      pendingForRequester.body,
      new RegExp(`/euci/requests/${request.id}/confirm`),
    );
    assert.match(pendingForRequester.body, new RegExp(`/euci/requests/${request.id}/reject`));
    assert.match(pendingForRequester.body, new RegExp(en['euci.requests.refusal.own_request']));
    const ownConfirmPage = await page(admin, `/euci/requests/${request.id}/confirm`);
    assert.doesNotMatch(ownConfirmPage.body, /<form method="post" action="\/euci\/requests/);
    const ownConfirm = await post(admin, `/euci/requests/${request.id}/confirm`, {
      confirm: 'yes',
    });
    assert.equal(ownConfirm.statusCode, 403);
    const stillUnsigned = (await platform.services.euci.signatories()).find(
      (s) => s.organisationId === frontex,
    );
    assert.equal(stillUnsigned?.signedOn, null);

    // An administrator of another organisation confirms it, after ticking the box.
    const forConfirmer = await page(confirmer, '/euci');
    assert.match(forConfirmer.body, new RegExp(`href="/euci/requests/${request.id}/confirm"`));
    const confirmPage = await page(confirmer, `/euci/requests/${request.id}/confirm`);
    assert.equal(confirmPage.statusCode, 200);
    assert.match(confirmPage.body, new RegExp(`action="/euci/requests/${request.id}/confirm"`));
    const unticked = await post(confirmer, `/euci/requests/${request.id}/confirm`, {});
    assert.equal(unticked.statusCode, 400);
    assert.match(unticked.body, new RegExp(en['euci.decide.checkRequired']));
    const confirmed = await post(confirmer, `/euci/requests/${request.id}/confirm`, {
      confirm: 'yes',
    });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/euci?saved=confirmed');
    const [entry] = (await platform.services.audit.list({ action: 'euci.confirm' }, 1, 1)).items;
    assert.equal(entry?.target_type, 'euci_agreement');
    assert.equal(entry.target_id, frontex);
    assert.equal(entry.actor_user_id, confirmer.user.id);
    const signedNow = (await platform.services.euci.signatories()).find(
      (s) => s.organisationId === frontex,
    );
    assert.equal(signedNow?.signedOn, '2018-01-01');

    const unconfirmed = await post(admin, `/euci/${frontex}/withdraw`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, new RegExp(en['euci.withdraw.confirmRequired']));
    const withdrawn = await post(admin, `/euci/${frontex}/withdraw`, { confirm: 'yes' });
    assert.equal(withdrawn.statusCode, 303);

    // A clearance: every error of the form at once, and nothing stored.
    const clearancePage = await page(admin, `/euci/clearances/${frontexContact.user.id}`);
    assert.equal(clearancePage.statusCode, 200);
    assert.match(clearancePage.body, /name="briefedOn"[^>]*class="ecl-datepicker__field/);
    const wrong = await post(admin, `/euci/clearances/${frontexContact.user.id}`, {
      clearance: 'cosmic',
      briefedOn: '31-02-2018',
      _dates: 'briefedOn',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#field-clearance"/);
    assert.match(wrong.body, /href="#field-briefedOn"/);
    assert.match(wrong.body, /value="31-02-2018"/);
    const unbriefed = await post(admin, `/euci/clearances/${frontexContact.user.id}`, {
      clearance: 'secret',
      briefedOn: '',
    });
    assert.equal(unbriefed.statusCode, 400);
    assert.match(unbriefed.body, /record its date/);
    assert.deepEqual(await platform.services.euci.pending(), []);
    assert.equal(
      (await platform.services.euci.clearances()).find((c) => c.userId === frontexContact.user.id)
        ?.clearance,
      'none',
    );

    // A clearance waits the same way; a rejection leaves it as it was.
    const cleared = await post(admin, `/euci/clearances/${frontexContact.user.id}`, {
      clearance: 'confidentiel',
      briefedOn: '2018-02-01',
    });
    assert.equal(cleared.statusCode, 303, cleared.body);
    assert.equal(cleared.headers.location, '/euci?saved=requested');
    const [clearance] = await platform.services.euci.pending();
    assert.equal(clearance?.userId, frontexContact.user.id);
    const rejectPage = await page(admin, `/euci/requests/${clearance.id}/reject`);
    assert.match(rejectPage.body, new RegExp(`action="/euci/requests/${clearance.id}/reject"`));
    const rejected = await post(admin, `/euci/requests/${clearance.id}/reject`, { confirm: 'yes' });
    assert.equal(rejected.statusCode, 303);
    assert.equal(rejected.headers.location, '/euci?saved=rejected');
    const [rejection] = (await platform.services.audit.list({ action: 'euci.reject' }, 1, 1)).items;
    assert.equal(rejection?.target_type, 'user');
    assert.equal(rejection.target_id, frontexContact.user.id);
    const unchanged = (await platform.services.euci.clearances()).find(
      (c) => c.userId === frontexContact.user.id,
    );
    assert.equal(unchanged?.clearance, 'none');
    assert.deepEqual(await platform.services.euci.pending(), []);
  });
});
