import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { calendarPart, startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { smtpSender } from '../mail/smtp-sender.js';
import type { MailSender } from '../mail/mail-queue.js';
import type { MeetingDetail } from './meetings.service.js';

const FROM = 'JHA network <noreply@example.eu>';
const ORGANISER = 'Network secretariat <secretariat@example.eu>';

describe('meeting mail through a real SMTP server', () => {
  let platform: TestPlatform;
  let smtp: SmtpSink;
  let sender: { send: MailSender; close(): void };
  let admin: Session;

  async function idOf(acronym: string): Promise<string> {
    return (await platform.services.network.get(acronym)).id;
  }

  async function queued(status?: 'pending' | 'sent' | 'failed') {
    let query = platform.services.database.db.selectFrom('mail_queue').selectAll();
    if (status) query = query.where('status', '=', status);
    return query.execute();
  }

  async function clearQueue(): Promise<void> {
    await platform.services.database.db.deleteFrom('mail_queue').execute();
    smtp.received.length = 0;
  }

  before(async () => {
    platform = await testPlatform({
      publicUrl: 'https://jhanet.example.eu',
      mail: { smtp: null, from: FROM, pollSeconds: 30, organiser: ORGANISER },
    });
    smtp = await startSmtpSink();
    sender = smtpSender(
      { host: '127.0.0.1', port: smtp.port, tls: 'none', user: smtp.user, password: smtp.password },
      FROM,
    );
    admin = await platform.session('admin', 'EUDA');
    await platform.user('contact', 'Europol');
    await platform.user('contact', 'EUDA');
    // Members get no invitation e-mail: contact points and observers do.
    await platform.user('member', 'Europol');
  });
  after(async () => {
    sender.close();
    await smtp.stop();
    await platform.close();
  });

  test('invitation, update and cancellation carry REQUEST and CANCEL with one UID and rising SEQUENCE', async () => {
    await clearQueue();
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'network',
        title: '4th JHA network meeting',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-07-01T13:00',
        invitedOrganisationIds: [await idOf('Europol')],
      },
    });
    const meeting = created.json<MeetingDetail>();
    await platform.request({
      url: `/api/meetings/${meeting.id}/participants`,
      as: admin,
      method: 'POST',
      body: { kind: 'speaker', name: 'Dr Ada Example', email: 'ada@example.org' },
    });
    const item = await platform.request({
      url: `/api/meetings/${meeting.id}/agenda`,
      as: admin,
      method: 'POST',
      body: {
        start: '2027-07-01T13:00',
        end: '2027-07-01T14:30',
        title: 'Welcome and adoption of the agenda',
        presenter: 'EMCDDA',
      },
    });
    assert.equal(item.statusCode, 200, item.body);
    const published = await platform.request({
      url: `/api/meetings/${meeting.id}/agenda/publish`,
      as: admin,
      method: 'POST',
    });
    assert.equal(published.statusCode, 200, published.body);
    const sent = await platform.request({
      url: `/api/meetings/${meeting.id}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    assert.equal(sent.statusCode, 202, sent.body);
    assert.equal(sent.json<{ queued: number }>().queued, 3, 'two contact points and the speaker');
    assert.equal((await platform.services.mail.deliver('worker-a', sender.send)).sent, 3);
    const invitations = await smtp.waitFor(3);
    assert.deepEqual(
      invitations
        .flatMap((m) => m.to)
        .sort()
        .at(0),
      'ada@example.org',
    );
    assert.ok(
      invitations.every((m) => m.user === smtp.user),
      'the credentials were used',
    );
    const invitation = invitations[0];
    assert.ok(invitation);
    assert.equal(invitation.parsed.subject, 'Invitation: 4th JHA network meeting');
    assert.equal(invitation.parsed.from?.value[0]?.address, 'noreply@example.eu');
    assert.match(
      invitation.parsed.text ?? '',
      /When: Thursday 1 July 2027, 13:00 to Friday 2 July, 13:00 \(Lisbon time\)/,
    );
    assert.match(invitation.parsed.text ?? '', /Where: EMCDDA premises, Lisbon/);
    // Replies and calendar answers reach the configured organiser, not the no-reply sender.
    assert.match(
      invitation.parsed.text ?? '',
      /Organiser: Network secretariat <secretariat@example\.eu>/,
    );
    // A reply goes to the organiser: the header as the server received it.
    assert.deepEqual(
      invitation.parsed.replyTo?.value.map((a) => [a.name, a.address]),
      [['Network secretariat', 'secretariat@example.eu']],
    );
    assert.match(
      invitation.raw,
      /\r\nReply-To: "?Network secretariat"? <secretariat@example\.eu>\r\n/i,
    );
    const request = calendarPart(invitation);
    assert.match(request, /METHOD:REQUEST\r\n/);
    assert.match(request, /DTSTART:20270701T120000Z\r\n/, '13:00 in Lisbon summer time');
    assert.match(
      request.replace(/\r\n /g, ''),
      /\r\nORGANIZER;CN=Network secretariat:mailto:secretariat@example\.eu\r\n/,
    );
    assert.match(request.replace(/\r\n /g, ''), /\r\nLOCATION:EMCDDA premises\\, Lisbon\r\n/);
    assert.match(
      request.replace(/\r\n /g, ''),
      /\r\nDESCRIPTION:[^\r]*Agenda:\\nThursday 1 July\\, 13:00-14:30 Welcome and adoption of the agenda \(EMCDDA\)/,
    );
    assert.match(request, /ATTENDEE;/);
    const uid = /UID:(.*)\r\n/.exec(request)?.[1];
    assert.ok(uid);

    smtp.received.length = 0;
    const current = (
      await platform.request({ url: `/api/meetings/${meeting.id}`, as: admin })
    ).json<MeetingDetail>();
    const moved = await platform.request({
      url: `/api/meetings/${meeting.id}`,
      as: admin,
      method: 'PATCH',
      body: { venue: 'Cais do Sodré, room 2' },
      headers: { 'if-match': `"${current.version}"` },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    await platform.services.mail.deliver('worker-a', sender.send);
    const updates = await smtp.waitFor(3);
    const update = calendarPart(updates[0] ?? invitation);
    assert.equal(updates[0]?.parsed.subject, 'Updated: 4th JHA network meeting');
    assert.equal(/UID:(.*)\r\n/.exec(update)?.[1], uid);
    const requestSequence = Number(/SEQUENCE:(\d+)/.exec(request)?.[1]);
    const updateSequence = Number(/SEQUENCE:(\d+)/.exec(update)?.[1]);
    assert.ok(updateSequence > requestSequence, 'the update outranks the invitation');

    smtp.received.length = 0;
    const cancelled = await platform.request({
      url: `/api/meetings/${meeting.id}/cancel`,
      as: admin,
      method: 'POST',
      headers: { 'if-match': `"${moved.json<MeetingDetail>().version}"` },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    await platform.services.mail.deliver('worker-a', sender.send);
    const cancellations = await smtp.waitFor(3);
    const cancel = calendarPart(cancellations[0] ?? invitation);
    assert.match(cancel, /METHOD:CANCEL\r\n/);
    assert.match(cancel, /STATUS:CANCELLED\r\n/);
    assert.equal(/UID:(.*)\r\n/.exec(cancel)?.[1], uid);
    assert.ok(Number(/SEQUENCE:(\d+)/.exec(cancel)?.[1]) > updateSequence);
  });

  test('a refused message is retried later with backoff, and sent once the server accepts', async () => {
    await clearQueue();
    const flaky = await startSmtpSink({ failFirst: 1 });
    const flakySender = smtpSender(
      {
        host: '127.0.0.1',
        port: flaky.port,
        tls: 'none',
        user: flaky.user,
        password: flaky.password,
      },
      FROM,
    );
    try {
      await platform.services.mail.enqueue(platform.services.database.db, [
        { kind: 'test', recipient: 'someone@example.eu', subject: 'Retry me', body: 'Hello' },
      ]);
      const now = new Date();
      const first = await platform.services.mail.deliver('worker-a', flakySender.send, now);
      assert.deepEqual(first, { sent: 0, retried: 1, failed: 0 });
      const row = (await queued())[0];
      assert.ok(row);
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /451|Try again/);
      assert.ok(row.next_attempt_at > now.toISOString(), 'not before the backoff');
      assert.equal(
        (await platform.services.mail.deliver('worker-a', flakySender.send, now)).retried,
        0,
        'not due yet',
      );
      const later = new Date(now.getTime() + 2 * 60 * 1000);
      assert.deepEqual(await platform.services.mail.deliver('worker-a', flakySender.send, later), {
        sent: 1,
        retried: 0,
        failed: 0,
      });
      const [message] = await flaky.waitFor(1);
      assert.equal(message?.parsed.subject, 'Retry me');
    } finally {
      flakySender.close();
      await flaky.stop();
    }
  });

  test('two workers delivering at once send each message exactly once', async () => {
    await clearQueue();
    const count = 40;
    await platform.services.mail.enqueue(
      platform.services.database.db,
      Array.from({ length: count }, (_, i) => ({
        kind: 'test',
        recipient: `person${i}@example.eu`,
        subject: `Message ${i}`,
        body: 'Hello',
      })),
    );
    const run = async (worker: string) => {
      let sent = 0;
      for (;;) {
        const report = await platform.services.mail.deliver(worker, sender.send);
        sent += report.sent;
        if (report.sent + report.retried === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([run('worker-a'), run('worker-b')]);
    assert.equal(a + b, count);
    const received = await smtp.waitFor(count);
    const subjects = received.map((m) => m.parsed.subject);
    assert.equal(new Set(subjects).size, count, 'no message twice');
    assert.equal(subjects.length, count);
    assert.equal((await queued('sent')).length, count);
  });

  test('action points due within a week are reminded once to the owner contact points', async () => {
    await clearQueue();
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'ict',
        title: 'ICT expert meeting',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-06-09T09:30',
        end: '2027-06-09T17:30',
        invitedOrganisationIds: [await idOf('Europol')],
      },
    });
    const meeting = created.json<MeetingDetail>();
    const inDays = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    for (const [text, due] of [
      ['Share the disaster recovery plan', inDays(3)],
      ['Far away', inDays(30)],
    ] as const) {
      const response = await platform.request({
        url: `/api/meetings/${meeting.id}/action-points`,
        as: admin,
        method: 'POST',
        body: { text, ownerOrganisationId: await idOf('Europol'), dueOn: due },
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    assert.equal(await platform.services.meetings.enqueueActionPointReminders(), 1);
    await platform.services.meetings.enqueueActionPointReminders();
    assert.equal((await queued()).length, 1, 'a second run queues nothing new');
    await platform.services.mail.deliver('worker-a', sender.send);
    const [reminder] = await smtp.waitFor(1);
    assert.match(reminder?.parsed.subject ?? '', /^Action point due on /);
    assert.match(reminder?.parsed.text ?? '', /Share the disaster recovery plan/);
    assert.match(reminder?.to[0] ?? '', /@europol\.example\.eu$/);
  });

  test('an agency no longer invited gets no reminder, and its listed users no notice', async () => {
    await clearQueue();
    const created = await platform.request({
      url: '/api/meetings',
      as: admin,
      method: 'POST',
      body: {
        kind: 'expert',
        title: 'Expert meeting on returns',
        hostOrganisationId: await idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-06-10T09:30',
        end: '2027-06-10T17:30',
        invitedOrganisationIds: [await idOf('Europol')],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const meeting = created.json<MeetingDetail>();
    const attendee = await platform.user('member', 'Europol');
    const listed = await platform.request({
      url: `/api/meetings/${meeting.id}/participants`,
      as: admin,
      method: 'POST',
      body: { kind: 'attendee', userId: attendee.id },
    });
    assert.equal(listed.statusCode, 200, listed.body);
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const point = await platform.request({
      url: `/api/meetings/${meeting.id}/action-points`,
      as: admin,
      method: 'POST',
      body: {
        text: 'Circulate the returns handbook',
        ownerOrganisationId: await idOf('Europol'),
        dueOn: due,
      },
    });
    assert.equal(point.statusCode, 201, point.body);
    const sent = await platform.request({
      url: `/api/meetings/${meeting.id}/invitations/send`,
      as: admin,
      method: 'POST',
    });
    assert.equal(sent.statusCode, 202, sent.body);
    const uninvited = await platform.request({
      url: `/api/meetings/${meeting.id}/invitations/${await idOf('Europol')}`,
      as: admin,
      method: 'DELETE',
    });
    assert.equal(uninvited.statusCode, 200, uninvited.body);
    const [entry] = (
      await platform.services.audit.list({ action: 'meeting.update', targetId: meeting.id }, 1, 1)
    ).items;
    assert.match(entry?.changes ?? '', /removed/);
    await clearQueue();

    await platform.services.meetings.enqueueActionPointReminders();
    const moved = await platform.request({
      url: `/api/meetings/${meeting.id}`,
      as: admin,
      method: 'PATCH',
      body: { venue: 'Eurojust premises' },
      headers: { 'if-match': `"${String(uninvited.json<MeetingDetail>().version)}"` },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const messages = (await queued()).filter(
      (m) =>
        m.subject.includes('Expert meeting on returns') ||
        m.body.includes('Circulate the returns handbook'),
    );
    assert.ok(
      messages.some((m) => m.recipient.endsWith('@euda.example.eu')),
      'the host is told of the change',
    );
    assert.deepEqual(
      messages.filter((m) => m.recipient.endsWith('@europol.example.eu')),
      [],
      'nothing goes to Europol any more',
    );
  });
});
