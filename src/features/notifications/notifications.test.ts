import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { smtpSender } from '../mail/smtp-sender.js';
import type { MailSender } from '../mail/mail-queue.js';

interface Item {
  id: string;
  kind: string;
  title: string;
  href: string;
  context: string | null;
  read: boolean;
}
interface ListAnswer {
  items: Item[];
  total: number;
  unread: number;
}

const FROM = 'JHA network <network@example.eu>';

describe('notifications, their need-to-know and the daily digest', () => {
  let platform: TestPlatform;
  let smtp: SmtpSink;
  let sender: { send: MailSender; close(): void };
  let admin: Session;
  let europol: Session;
  let frontex: Session;
  let euaa: Session;
  let meetingId = '';
  let documentId = '';
  const documentTitle = 'Risk analysis on secondary movements';

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;
  const list = async (as: Session, query = '') =>
    (await platform.request({ url: `/api/notifications${query}`, as })).json<ListAnswer>();
  const auditOf = async (
    action: 'notification.read' | 'notification.read_all' | 'notification.preferences',
  ) => (await platform.services.audit.list({ action }, 1, 50)).items;

  before(async () => {
    platform = await testPlatform({
      publicUrl: 'https://jhanet.example.eu',
      mail: { smtp: null, from: FROM, pollSeconds: 30, organiser: FROM },
    });
    smtp = await startSmtpSink();
    sender = smtpSender(
      { host: '127.0.0.1', port: smtp.port, tls: 'none', user: smtp.user, password: smtp.password },
      FROM,
    );
    admin = await platform.session('admin', 'EUDA');
    europol = await platform.session('contact', 'Europol');
    frontex = await platform.session('contact', 'Frontex');
    euaa = await platform.session('contact', 'EUAA');
  });
  after(async () => {
    sender.close();
    await smtp.stop();
    await platform.close();
  });

  test('sent invitations and assigned action points notify the contact points concerned', async () => {
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'network',
        title: 'Heads of JHA agencies meeting',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2030-07-01T13:00',
        invitedOrganisationIds: [await idOf('Europol')],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    meetingId = created.json<{ id: string }>().id;
    assert.equal((await list(europol)).total, 0, 'nothing before the invitations go out');
    const sent = await platform.request({
      url: `/api/meetings/${meetingId}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    assert.equal(sent.statusCode, 202, sent.body);
    const point = await platform.request({
      url: `/api/meetings/${meetingId}/action-points`,
      as: admin,
      method: 'POST',
      body: {
        text: 'Share the joint threat assessment',
        ownerOrganisationId: await idOf('Europol'),
        dueOn: '2030-08-01',
      },
    });
    assert.equal(point.statusCode, 201, point.body);

    const answer = await list(europol);
    assert.equal(answer.unread, 2);
    assert.deepEqual(answer.items.map((i) => [i.kind, i.title, i.href, i.read]).sort(), [
      [
        'action_point',
        'Share the joint threat assessment',
        `/meetings/${meetingId}#action-points`,
        false,
      ],
      ['meeting_invitation', 'Heads of JHA agencies meeting', `/meetings/${meetingId}`, false],
    ]);
    assert.equal((await list(frontex)).total, 0, 'Frontex is not invited');
    assert.equal((await list(admin)).total, 0);
  });

  test('a document released to an agency is told only to those who may read it, by its title', async () => {
    const registered = await platform.request({
      url: '/api/documents',
      as: europol,
      method: 'POST',
      body: {
        title: documentTitle,
        documentType: 'report',
        language: 'en',
        marking: {
          classification: 'none',
          limite: true,
          releasability: 'named',
          releasedTo: [await idOf('Frontex')],
        },
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    documentId = registered.json<{ document: { id: string } }>().document.id;
    const frontexList = await list(frontex);
    assert.equal(frontexList.unread, 1);
    assert.equal(frontexList.items.at(0)?.kind, 'document_release');
    assert.equal(frontexList.items.at(0)?.title, documentTitle);
    assert.equal((await list(euaa)).total, 0, 'EUAA is not among the releases');
    const stored = await platform.services.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('subject_id', '=', documentId)
      .execute();
    assert.ok(stored.length > 0);
    assert.ok(
      stored.every((row) => !JSON.stringify(row).includes('secondary')),
      'a notification stores no title',
    );
  });

  test('once the release is withdrawn the notification, its count and the home page say nothing of it', async () => {
    const version = await platform.services.database.db
      .selectFrom('documents')
      .select('version')
      .where('id', '=', documentId)
      .executeTakeFirstOrThrow();
    const narrowed = await platform.request({
      url: `/api/documents/${documentId}/marking`,
      as: europol,
      method: 'PUT',
      headers: { 'if-match': `"${version.version}"` },
      body: {
        marking: {
          classification: 'none',
          limite: true,
          releasability: 'named',
          releasedTo: [await idOf('EUAA')],
        },
        reason: 'Release narrowed',
      },
    });
    assert.equal(narrowed.statusCode, 200, narrowed.body);
    const frontexList = await list(frontex);
    assert.equal(frontexList.total, 0);
    assert.equal(frontexList.unread, 0);
    const home = await platform.request({ url: '/', as: frontex });
    assert.doesNotMatch(home.body, /secondary movements/);
    assert.doesNotMatch(home.body, new RegExp(documentId));
    assert.doesNotMatch(home.body, /jh-notifications-link__count/);
    const hidden = (
      await platform.services.database.db
        .selectFrom('notifications')
        .select('id')
        .where('subject_id', '=', documentId)
        .where('user_id', '=', frontex.user.id)
        .executeTakeFirstOrThrow()
    ).id;
    const refused = await platform.request({
      url: `/api/notifications/${hidden}/read`,
      as: frontex,
      method: 'POST',
    });
    assert.equal(
      refused.statusCode,
      404,
      'a notification of what the user may not read is not there',
    );
    const europolHome = await platform.request({ url: '/', as: europol });
    assert.match(
      europolHome.body,
      /registered &#39;<a class="ecl-link" href="\/documents\/[^"]+">Risk analysis/,
    );
  });

  test('marking read is audited once, and nobody marks another user\u2019s notification', async () => {
    const [first] = (await list(europol)).items;
    assert.ok(first);
    const before = (await auditOf('notification.read')).length;
    const notMine = await platform.request({
      url: `/api/notifications/${first.id}/read`,
      as: frontex,
      method: 'POST',
    });
    assert.equal(notMine.statusCode, 404);
    const unknown = await platform.request({
      url: '/api/notifications/00000000-0000-4000-8000-000000000000/read',
      as: europol,
      method: 'POST',
    });
    assert.equal(unknown.statusCode, 404);
    const tooLong = await platform.request({
      url: `/api/notifications/${'x'.repeat(65)}/read`,
      as: europol,
      method: 'POST',
    });
    assert.equal(tooLong.statusCode, 400);
    const read = await platform.request({
      url: `/api/notifications/${first.id}/read`,
      as: europol,
      method: 'POST',
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json<Item>().read, true);
    const entries = await auditOf('notification.read');
    assert.equal(entries.length, before + 1);
    assert.equal(entries.at(0)?.target_type, 'notification');
    assert.equal(entries.at(0)?.target_id, first.id);
    assert.equal(entries.at(0)?.actor_user_id, europol.user.id);
    const again = await platform.request({
      url: `/api/notifications/${first.id}/read`,
      as: europol,
      method: 'POST',
    });
    assert.equal(again.statusCode, 200);
    assert.equal((await auditOf('notification.read')).length, before + 1, 'read again: no entry');
    assert.equal((await list(europol, '?unread=true')).total, 1);
  });

  test('the notifications page lists them, and the header counts the unread', async () => {
    const page = await platform.request({ url: '/notifications', as: europol });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Notifications<\/h1>/);
    assert.match(page.body, /Unread notifications: 1/);
    assert.match(page.body, /<span class="ecl-u-sr-only">1 unread<\/span>/);
    assert.match(page.body, /Invitation to a meeting|Action point for your agency/);
    const [unread] = (await list(europol, '?unread=true')).items;
    assert.ok(unread);
    const marked = await platform.request({
      url: `/notifications/${unread.id}/read`,
      as: europol,
      form: { _csrf: europol.csrfToken },
    });
    assert.equal(marked.statusCode, 303);
    assert.equal(marked.headers.location, '/notifications');
    const after = await platform.request({ url: '/notifications', as: europol });
    assert.doesNotMatch(after.body, /jh-notifications-link__count/);
    assert.match(after.body, /Unread notifications: 0/);
  });

  test('mark all read records how many, and nothing when none is unread', async () => {
    const before = (await auditOf('notification.read_all')).length;
    const nothing = await platform.request({
      url: '/api/notifications/read',
      as: europol,
      method: 'POST',
    });
    assert.equal(nothing.json<{ marked: number }>().marked, 0);
    assert.equal((await auditOf('notification.read_all')).length, before);
    await platform.request({
      url: `/api/meetings/${meetingId}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    const all = await platform.request({
      url: '/api/notifications/read',
      as: europol,
      method: 'POST',
    });
    assert.equal(all.statusCode, 200);
    assert.equal(all.json<{ marked: number }>().marked, 1);
    const entries = await auditOf('notification.read_all');
    assert.equal(entries.length, before + 1);
    assert.equal(entries.at(0)?.target_type, 'notification');
    assert.deepEqual(JSON.parse(entries.at(0)?.changes ?? '{}'), { marked: 1 });
  });

  test('the digest preference: on by default, switched off once, bad input refused', async () => {
    const initial = await platform.request({
      url: '/api/me/notification-preferences',
      as: frontex,
    });
    assert.deepEqual(initial.json(), { dailyDigest: true });
    const bad = await platform.request({
      url: '/api/me/notification-preferences',
      as: frontex,
      method: 'PUT',
      body: { dailyDigest: 'no' },
    });
    assert.equal(bad.statusCode, 400);
    const extra = await platform.request({
      url: '/api/me/notification-preferences',
      as: frontex,
      method: 'PUT',
      body: { dailyDigest: false, weekly: true },
    });
    assert.equal(extra.statusCode, 400);
    assert.equal((await auditOf('notification.preferences')).length, 0, 'nothing stored');
    const off = await platform.request({
      url: '/api/me/notification-preferences',
      as: frontex,
      method: 'PUT',
      body: { dailyDigest: false },
    });
    assert.deepEqual(off.json(), { dailyDigest: false });
    const same = await platform.request({
      url: '/api/me/notification-preferences',
      as: frontex,
      method: 'PUT',
      body: { dailyDigest: false },
    });
    assert.equal(same.statusCode, 200);
    const entries = await auditOf('notification.preferences');
    assert.equal(entries.length, 1);
    assert.equal(entries.at(0)?.target_type, 'user');
    assert.equal(entries.at(0)?.target_id, frontex.user.id);
    const account = await platform.request({ url: '/account', as: frontex });
    assert.match(account.body, /Daily e-mail digest/);
    assert.doesNotMatch(account.body, /name="dailyDigest"[^>]*checked/);
    const onAgain = await platform.request({
      url: '/account/notifications',
      as: frontex,
      form: { _csrf: frontex.csrfToken, dailyDigest: 'on' },
    });
    assert.equal(onAgain.statusCode, 303);
    assert.deepEqual(
      (await platform.request({ url: '/api/me/notification-preferences', as: frontex })).json(),
      { dailyDigest: true },
    );
    await platform.request({
      url: '/account/notifications',
      as: frontex,
      form: { _csrf: frontex.csrfToken },
    });
    assert.equal((await auditOf('notification.preferences')).length, 3);
  });

  test('twenty identical writes at once are applied and audited once', async () => {
    await platform.request({
      url: `/api/meetings/${meetingId}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    const [fresh] = (await list(europol, '?unread=true')).items;
    assert.ok(fresh);
    const readBefore = (await auditOf('notification.read')).length;
    const reads = await Promise.all(
      Array.from({ length: 20 }, () =>
        platform.request({
          url: `/api/notifications/${fresh.id}/read`,
          as: europol,
          method: 'POST',
        }),
      ),
    );
    assert.deepEqual(new Set(reads.map((r) => r.statusCode)), new Set([200]));
    assert.equal((await auditOf('notification.read')).length, readBefore + 1);

    const switchesBefore = (await auditOf('notification.preferences')).length;
    const switches = await Promise.all(
      Array.from({ length: 20 }, () =>
        platform.request({
          url: '/api/me/notification-preferences',
          as: euaa,
          method: 'PUT',
          body: { dailyDigest: false },
        }),
      ),
    );
    assert.deepEqual(new Set(switches.map((r) => r.statusCode)), new Set([200]));
    assert.equal((await auditOf('notification.preferences')).length, switchesBefore + 1);
    const back = await platform.request({
      url: '/api/me/notification-preferences',
      as: euaa,
      method: 'PUT',
      body: { dailyDigest: true },
    });
    assert.deepEqual(back.json(), { dailyDigest: true });
    assert.equal((await auditOf('notification.preferences')).length, switchesBefore + 2);
  });

  test('the daily digest goes out once a day through the SMTP server, naming documents by number only', async () => {
    await platform.services.database.db.deleteFrom('mail_queue').execute();
    const registered = await platform.request({
      url: '/api/documents',
      as: europol,
      method: 'POST',
      body: {
        title: 'Joint operational analysis',
        documentType: 'report',
        language: 'en',
        marking: {
          classification: 'none',
          releasability: 'named',
          releasedTo: [await idOf('EUAA'), await idOf('Frontex')],
        },
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const number = registered.json<{ document: { registrationNumber: string } }>().document
      .registrationNumber;
    const queued = await platform.services.notifications.enqueueDailyDigests();
    const mail = await platform.services.database.db.selectFrom('mail_queue').selectAll().execute();
    const recipients = mail.map((m) => m.recipient).sort();
    assert.ok(recipients.includes(euaa.user.email), 'EUAA has unread notifications');
    assert.ok(!recipients.includes(frontex.user.email), 'Frontex switched the digest off');
    assert.ok(!recipients.includes(europol.user.email), 'Europol read everything');
    assert.equal(queued, recipients.length);
    assert.equal(await platform.services.notifications.enqueueDailyDigests(), 0, 'once a day');
    const report = await platform.services.mail.deliver('digest-test', sender.send);
    assert.equal(report.sent, recipients.length);
    const received = await smtp.waitFor(recipients.length);
    const digest = received.find((m) => m.to.includes(euaa.user.email));
    assert.ok(digest);
    assert.match(digest.parsed.subject ?? '', /JHA network: \d+ new notifications/);
    const text = digest.parsed.text ?? '';
    assert.match(text, new RegExp(`A document was released to your organisation: ${number}`));
    assert.doesNotMatch(text, /Joint operational analysis/);
    assert.match(text, /https:\/\/jhanet\.example\.eu\/documents\//);
    assert.match(text, /https:\/\/jhanet\.example\.eu\/account#notifications/);
  });

  test('opening a consultation notifies the contact points of every member agency', async () => {
    const draft = await platform.request({
      method: 'POST',
      url: '/api/priorities/drafts',
      as: admin,
      body: { year: 2031, from: '2017/1' },
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const base = '/api/priorities/2031/versions/1';
    const current = await platform.request({ url: base, as: admin });
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const opened = await platform.request({
      method: 'POST',
      url: `${base}/consultation`,
      as: admin,
      body: { deadline },
      headers: { 'if-match': String(current.headers.etag) },
    });
    assert.equal(opened.statusCode, 200, opened.body);
    for (const session of [europol, frontex, euaa]) {
      const consultation = (await list(session)).items.find((i) => i.kind === 'consultation_open');
      assert.equal(consultation?.href, '/priorities/2031/versions/1/consultation');
    }
    const member = await platform.session('member', 'Europol');
    assert.equal((await list(member)).total, 0, 'members are not asked to answer');
    const home = await platform.request({ url: '/', as: europol });
    assert.match(home.body, /Open consultations/);
    assert.match(home.body, /href="\/priorities\/2031\/versions\/1\/consultation"/);
  });
});
