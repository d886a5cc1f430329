import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import { auditAnchorFile } from '../../app/services.js';
import { startAuditAnchoring } from '../../platform.js';
import { entryHash } from './audit.chain.js';
import { AuditLog } from './audit.service.js';
import { AuditFingerprints } from './audit.fingerprints.js';
import { systemContext } from './audit.events.js';
import type { AuditEntryView } from './audit.present.js';

/** For a log read without its anchors: verifying never computes a fingerprint. */
const unkeyedFingerprints = new AuditFingerprints({ keyId: 'none', key: new Uint8Array(32) });

interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

interface VerifyResult {
  ok: boolean;
  entries?: number;
  headHash?: string;
  brokenAt?: number | null;
  reason?: string;
}

/** The calendar day some days before or after another. */
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Changes an agency's headquarters city through the API, as an administrator would. */
async function changeCity(
  platform: TestPlatform,
  admin: Session,
  acronym: string,
  city: string,
): Promise<void> {
  const current = await platform.request({ url: `/api/agencies/${acronym}`, as: admin });
  const response = await platform.request({
    method: 'PATCH',
    url: `/api/agencies/${acronym}`,
    as: admin,
    headers: { 'if-match': current.headers.etag as string },
    body: { hqCity: city },
  });
  assert.equal(response.statusCode, 200, response.body);
}

describe('audit log API and pages', () => {
  let platform: TestPlatform;
  let admin: Session;
  let member: Session;
  let contact: Session;
  let observer: Session;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    member = await platform.session('member', 'Europol');
    contact = await platform.session('contact', 'Frontex');
    observer = await platform.session('observer', 'COSI');
    await changeCity(platform, admin, 'EUDA', 'Lisboa');
  });
  after(() => platform.close());

  test('an administrator browses the log newest first, page by page', async () => {
    const all = await platform.request({ url: '/api/audit?pageSize=200', as: admin });
    assert.equal(all.statusCode, 200, all.body);
    const everything = all.json<AuditPage>();
    assert.ok(everything.total >= 10);
    const seqs = everything.items.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
    );
    assert.equal(seqs[0], everything.total);

    const first = (
      await platform.request({ url: '/api/audit?pageSize=4', as: admin })
    ).json<AuditPage>();
    const second = (
      await platform.request({ url: '/api/audit?pageSize=4&page=2', as: admin })
    ).json<AuditPage>();
    assert.equal(first.pageSize, 4);
    assert.equal(second.page, 2);
    assert.deepEqual(
      [...first.items, ...second.items].map((e) => e.seq),
      seqs.slice(0, 8),
    );
    assert.equal(first.total, everything.total);
  });

  test('filters by action, actor, target and dates', async () => {
    const get = async (query: string) => {
      const response = await platform.request({ url: `/api/audit?${query}`, as: admin });
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
      return response.json<AuditPage>();
    };
    const updates = await get('action=organisation.update');
    assert.equal(updates.total, 1);
    const update = updates.items[0];
    assert.equal(update?.actorEmail, admin.user.email);
    assert.equal(update.actorOrganisation, 'EUDA');
    assert.deepEqual(update.changes.hq_city, { before: 'Lisbon', after: 'Lisboa' });

    const byActor = await get(`actor=${encodeURIComponent(admin.user.email.toUpperCase())}`);
    assert.ok(byActor.total >= 2);
    assert.ok(byActor.items.every((e) => e.actorEmail === admin.user.email));

    const byTarget = await get(`targetType=organisation&targetId=${update.targetId ?? ''}`);
    assert.deepEqual(
      byTarget.items.map((e) => e.action),
      ['organisation.update', 'organisation.create'],
    );

    // The log's own first and last days, so the test holds whenever it runs.
    const everything = await get('pageSize=200');
    const days = everything.items.map((e) => e.at.slice(0, 10)).sort();
    const first = days[0] ?? '';
    const last = days.at(-1) ?? '';
    assert.equal((await get(`from=${first}&until=${last}&pageSize=1`)).total, everything.total);
    assert.equal((await get(`from=${shiftDay(last, 1)}`)).total, 0);
    assert.equal((await get(`until=${shiftDay(first, -1)}`)).total, 0);
  });

  test('exports the filtered log as CSV', async () => {
    const response = await platform.request({
      url: '/api/audit/export.csv?action=organisation.update',
      as: admin,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(response.headers['content-disposition']), /attachment/);
    const lines = response.body.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'seq,at,actorEmail,actorOrganisation,action,targetType,targetId,requestId,ip,changes,hash',
    );
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /organisation\.update/);
    assert.match(lines[1] ?? '', /Lisboa/);

    const all = await platform.request({ url: '/api/audit/export.csv', as: admin });
    const total = (
      await platform.request({ url: '/api/audit?pageSize=1', as: admin })
    ).json<AuditPage>().total;
    assert.equal(all.body.trimEnd().split('\r\n').length, total + 1);
  });

  test('verifies the chain', async () => {
    const response = await platform.request({ url: '/api/audit/verify', as: admin });
    assert.equal(response.statusCode, 200);
    const result = response.json<VerifyResult>();
    const total = (
      await platform.request({ url: '/api/audit?pageSize=1', as: admin })
    ).json<AuditPage>().total;
    assert.equal(result.ok, true);
    assert.equal(result.entries, total);
    assert.match(result.headHash ?? '', /^[0-9a-f]{64}$/);
  });

  test('members, contact points and observers get 404, and each refusal is audited', async () => {
    for (const session of [member, contact, observer]) {
      for (const url of ['/api/audit', '/api/audit/export.csv', '/api/audit/verify']) {
        const response = await platform.request({ url, as: session });
        assert.equal(response.statusCode, 404, `${session.user.role} ${url}`);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.doesNotMatch(response.body, /organisation\.update|Lisboa|seq/);
      }
      const denied = await platform.services.audit.list(
        { action: 'access.denied', actor: session.user.email },
        1,
        10,
      );
      assert.deepEqual(denied.items.map((e) => e.target_id).sort(), [
        'GET /api/audit',
        'GET /api/audit/export.csv',
        'GET /api/audit/verify',
      ]);
    }
  });

  test('anonymous callers get 401', async () => {
    for (const url of ['/api/audit', '/api/audit/export.csv', '/api/audit/verify']) {
      assert.equal((await platform.request({ url })).statusCode, 401, url);
    }
  });

  test('a bad query answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/audit?action=user.delete_everything', 'action'],
      ['/api/audit?from=yesterday', 'from'],
      ['/api/audit?until=2026-02-30', 'until'],
      ['/api/audit?pageSize=1000', 'pageSize'],
      ['/api/audit?colour=blue', 'colour'],
      ['/api/audit/export.csv?from=2026-13-01', 'from'],
      ['/api/audit/export.csv?action=nope', 'action'],
    ];
    for (const [url, field] of cases) {
      const response = await platform.request({ url, as: admin });
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json<{ errors: { field: string }[] }>().errors[0]?.field, field, url);
    }
  });

  test('the page shows the log with readable changes, filters and export link', async () => {
    const response = await platform.request({ url: '/audit', as: admin });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    const html = response.body;
    assert.match(html, /<h1[^>]*>Audit log<\/h1>/);
    assert.match(html, /hq_city: Lisbon → Lisboa/);
    assert.match(html, /<caption[^>]*>Audit log entries, newest first<\/caption>/);
    assert.match(html, /<label class="ecl-form-label" for="field-action">/);
    assert.match(html, /<option value="organisation.update">/);
    assert.match(html, /href="\/api\/audit\/export.csv"/);
    assert.match(html, /href="\/audit\/verify"/);
    assert.ok(html.includes(`${admin.user.email} (EUDA)`));

    const filtered = await platform.request({
      url: '/audit?action=organisation.update&actor=&targetType=&targetId=&from=&until=',
      as: admin,
    });
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, /href="\/api\/audit\/export.csv\?action=organisation.update"/);
    assert.match(filtered.body, /<option value="organisation.update" selected>/);
    assert.equal(filtered.body.match(/<tr class="ecl-table__row">/g)?.length, 2);
    assert.match(filtered.body, /Results: 1</);
  });

  test('the page escapes what the log recorded', async () => {
    await platform.services.audit.recordAlone(systemContext, {
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: '<i>x</i>',
      changes: { note: { before: '<script>alert(1)</script>', after: 'plain' } },
    });
    const response = await platform.request({
      url: '/audit?targetId=%3Ci%3Ex%3C%2Fi%3E',
      as: admin,
    });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('note: &lt;script&gt;alert(1)&lt;/script&gt; → plain'));
    assert.ok(!response.body.includes('<script>alert(1)'));
    assert.ok(response.body.includes('organisation &lt;i&gt;x&lt;/i&gt;'));
  });

  test('the page shows 50 entries a page, with links to the others', async () => {
    for (let i = 0; i < 55; i++) {
      await platform.services.audit.recordAlone(systemContext, {
        action: 'token.use',
        targetType: 'token',
        targetId: `bulk-${i}`,
      });
    }
    const first = await platform.request({ url: '/audit?action=token.use', as: admin });
    assert.equal(first.body.match(/<tr class="ecl-table__row">/g)?.length, 51);
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /href="\/audit\?action=token.use&amp;page=2"/);
    assert.ok(first.body.includes('token bulk-54'));
    const second = await platform.request({ url: '/audit?action=token.use&page=2', as: admin });
    assert.equal(second.body.match(/<tr class="ecl-table__row">/g)?.length, 6);
    assert.match(second.body, /Page 2 of 2/);
    assert.ok(second.body.includes('token bulk-0<'));
  });

  test('the date inputs are written day first and read back as days', async () => {
    const response = await platform.request({
      url: '/audit?from=01%2F01%2F2000&_dates=from&until=31-12-2099&_dates=until',
      as: admin,
    });
    assert.equal(response.statusCode, 200, response.body.slice(0, 500));
    assert.match(response.body, /id="field-from"[^>]*value="01-01-2000"/);
    assert.match(response.body, /id="field-until"[^>]*value="31-12-2099"/);
    assert.match(response.body, /<input type="hidden" name="_dates" value="from"/);
    assert.match(
      response.body,
      /href="\/api\/audit\/export.csv\?from=2000-01-01&amp;until=2099-12-31"/,
    );
  });

  test('bad filters re-render the form with status 400 and the fields marked', async () => {
    const response = await platform.request({
      url: '/audit?action=user.delete_everything&from=31%2F01%2F2026&until=',
      as: admin,
    });
    assert.equal(response.statusCode, 400);
    const html = response.body;
    assert.match(html, /href="#field-action">Choose an action from the list.<\/a>/);
    assert.match(html, /href="#field-from">From \(date\) must be a date such as 31-01-2026.<\/a>/);
    assert.match(html, /id="field-from"[^>]*value="31\/01\/2026"[^>]*aria-invalid="true"/);

    const notADay = await platform.request({
      url: '/audit?from=31-02-2026&_dates=from&_dates=until&until=',
      as: admin,
    });
    assert.equal(notADay.statusCode, 400, 'a day first date that is no day is refused');
    assert.match(notADay.body, /id="field-from"[^>]*value="31-02-2026"[^>]*aria-invalid="true"/);
    assert.doesNotMatch(html, /<table/);
    assert.doesNotMatch(html, /export\.csv/);

    const reversed = await platform.request({
      url: '/audit?from=2026-03-02&until=2026-03-01',
      as: admin,
    });
    assert.equal(reversed.statusCode, 400);
    assert.match(
      reversed.body,
      /href="#field-until">The end date must not be before the start date.<\/a>/,
    );
  });

  test('the verification page reports an intact chain', async () => {
    const response = await platform.request({ url: '/audit/verify', as: admin });
    assert.equal(response.statusCode, 200);
    const result = await platform.services.audit.verify();
    assert.ok(result.ok);
    assert.ok(response.body.includes(`The chain of ${result.entries} entries is intact.`));
  });

  test('the pages answer 404 to non-administrators and send anonymous visitors to sign in', async () => {
    for (const session of [member, contact, observer]) {
      for (const url of ['/audit', '/audit/verify']) {
        const response = await platform.request({ url, as: session });
        assert.equal(response.statusCode, 404, `${session.user.role} ${url}`);
        assert.match(response.body, /Page not found/);
        assert.doesNotMatch(response.body, /Lisboa/);
      }
    }
    const anonymous = await platform.request({ url: '/audit?action=user.create' });
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/login?next=%2Faudit%3Faction%3Duser.create');
  });
});

describe('audit chain tampering', () => {
  type Tamper = (platform: TestPlatform, middle: number) => Promise<void>;

  /**
   * Runs a tamper on a fresh platform that has recorded some activity, then checks that the
   * API, the page and the service all report the break at the expected entry.
   */
  async function assertDetected(tamper: Tamper, brokenAt: (middle: number) => number) {
    const platform = await testPlatform();
    try {
      const admin = await platform.session('admin', 'EUDA');
      await platform.session('member', 'Europol');
      await changeCity(platform, admin, 'FRA', 'Wien');
      const intact = await platform.services.audit.verify();
      assert.ok(intact.ok);
      const middle = Math.floor(intact.entries / 2);
      await tamper(platform, middle);

      const expected = brokenAt(middle);
      const api = await platform.request({ url: '/api/audit/verify', as: admin });
      assert.equal(api.statusCode, 200);
      const result = api.json<VerifyResult>();
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, expected);
      const page = await platform.request({ url: '/audit/verify', as: admin });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`The chain is broken at entry ${expected}:`), page.body);
      return result;
    } finally {
      await platform.close();
    }
  }

  test('an edited entry is reported', async () => {
    const result = await assertDetected(
      async (platform, middle) => {
        await platform.services.database.db
          .updateTable('audit_log')
          .set({ changes: JSON.stringify({ hq_city: { before: 'Vienna', after: 'Nowhere' } }) })
          .where('seq', '=', middle)
          .execute();
      },
      (middle) => middle,
    );
    assert.match(result.reason ?? '', /content does not match its hash/);
  });

  test('a deleted entry is reported', async () => {
    const result = await assertDetected(
      async (platform, middle) => {
        await platform.services.database.db
          .deleteFrom('audit_log')
          .where('seq', '=', middle)
          .execute();
      },
      (middle) => middle + 1,
    );
    assert.match(result.reason ?? '', /deleted or inserted/);
  });

  test('two entries that swapped places are reported', async () => {
    await assertDetected(
      async (platform, middle) => {
        const db = platform.services.database.db;
        // Through a free number, as the sequence number is the primary key.
        await db.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', middle).execute();
        await db
          .updateTable('audit_log')
          .set({ seq: middle })
          .where('seq', '=', middle + 1)
          .execute();
        await db
          .updateTable('audit_log')
          .set({ seq: middle + 1 })
          .where('seq', '=', -1)
          .execute();
      },
      (middle) => middle,
    );
  });

  test('a forged entry inserted in the middle is reported, even correctly hashed', async () => {
    const result = await assertDetected(
      async (platform, middle) => {
        const db = platform.services.database.db;
        // Make room after the middle entry: in two steps, as the sequence number is the key.
        await db
          .updateTable('audit_log')
          .set((eb) => ({ seq: eb('seq', '+', 1_000_000) }))
          .where('seq', '>', middle)
          .execute();
        await db
          .updateTable('audit_log')
          .set((eb) => ({ seq: eb('seq', '-', 999_999) }))
          .where('seq', '>', 1_000_000)
          .execute();
        const previous = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '=', middle)
          .executeTakeFirstOrThrow();
        const forged = {
          ...previous,
          seq: middle + 1,
          action: 'user.enable',
          target_type: 'user',
          target_id: 'forged',
          changes: '{}',
          prev_hash: previous.hash,
        };
        await db
          .insertInto('audit_log')
          .values({ ...forged, hash: entryHash(forged) })
          .execute();
      },
      (middle) => middle + 2,
    );
    assert.match(result.reason ?? '', /link to the previous entry/);
  });
});

describe('audit log anchors', () => {
  /** A platform that has recorded some activity, with the head anchored once. */
  async function anchoredPlatform() {
    const platform = await testPlatform();
    const admin = await platform.session('admin', 'EUDA');
    await platform.session('member', 'Europol');
    await changeCity(platform, admin, 'FRA', 'Wien');
    const anchored = await platform.services.audit.anchor();
    assert.ok(anchored.anchored && anchored.fresh);
    return { platform, admin, anchor: anchored.anchor };
  }

  const anchorFile = (platform: TestPlatform) => auditAnchorFile(platform.config);

  async function verifiedThroughApi(platform: TestPlatform, admin: Session) {
    const api = await platform.request({ url: '/api/audit/verify', as: admin });
    assert.equal(api.statusCode, 200);
    return api.json<VerifyResult & { anchoredSeq?: number | null }>();
  }

  /** Rewrites every entry from `from` on with fresh hashes, as someone with the database could. */
  async function recomputeFrom(platform: TestPlatform, from: number) {
    const db = platform.services.database.db;
    const entries = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', from - 1)
      .orderBy('seq')
      .execute();
    let prev = entries[0]?.hash ?? '';
    for (const entry of entries.slice(1)) {
      const rewritten = { ...entry, prev_hash: prev };
      const hash = entryHash(rewritten);
      await db
        .updateTable('audit_log')
        .set({ prev_hash: prev, hash, changes: rewritten.changes })
        .where('seq', '=', entry.seq)
        .execute();
      prev = hash;
    }
  }

  test('the last entries deleted: verify fails against the anchor', async () => {
    const { platform, admin, anchor } = await anchoredPlatform();
    try {
      const before = await verifiedThroughApi(platform, admin);
      assert.equal(before.ok, true);
      assert.equal(before.entries, anchor.seq);
      assert.equal(before.anchoredSeq, anchor.seq);
      const db = platform.services.database.db;
      await db
        .deleteFrom('audit_log')
        .where('seq', '>', anchor.seq - 3)
        .execute();
      // The chain that is left is whole: only the anchor tells that its end is missing.
      const unanchored = await new AuditLog(
        platform.services.database,
        unkeyedFingerprints,
      ).verify();
      assert.equal(unanchored.ok, true);
      const result = await platform.services.audit.verify();
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.broken.seq, anchor.seq - 2);
      assert.match(result.broken.reason, /entries were deleted from its end/);
      assert.match(result.broken.reason, new RegExp(`entry ${anchor.seq} was anchored on`));
      const page = await platform.request({ url: '/audit/verify', as: admin });
      assert.ok(page.body.includes(`The chain is broken at entry ${anchor.seq - 2}:`));
      // New entries after the deletion do not hide it: the anchored entry differs.
      await platform.session('observer', 'OLAF');
      await platform.session('observer', 'OLAF');
      await platform.session('observer', 'OLAF');
      const refilled = await platform.services.audit.verify();
      assert.equal(refilled.ok, false);
      assert.ok(!refilled.ok);
      assert.equal(refilled.broken.seq, anchor.seq);
      assert.match(refilled.broken.reason, /differs from the head anchored on/);
    } finally {
      await platform.close();
    }
  });

  test('a chain recomputed after tampering: verify fails at the anchored entry', async () => {
    const { platform, admin, anchor } = await anchoredPlatform();
    try {
      const middle = Math.floor(anchor.seq / 2);
      await platform.services.database.db
        .updateTable('audit_log')
        .set({ changes: JSON.stringify({ hq_city: { before: 'Vienna', after: 'Nowhere' } }) })
        .where('seq', '=', middle)
        .execute();
      await recomputeFrom(platform, middle);
      const unanchored = await new AuditLog(
        platform.services.database,
        unkeyedFingerprints,
      ).verify();
      assert.equal(unanchored.ok, true, 'the recomputed chain is whole in itself');
      const result = await verifiedThroughApi(platform, admin);
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, anchor.seq);
      assert.match(result.reason ?? '', /the chain was rewritten/);
      const refused = await platform.services.audit.anchor();
      assert.equal(refused.anchored, false, 'a broken chain is not anchored');
      assert.equal(readFileSync(anchorFile(platform), 'utf8').trim().split('\n').length, 1);
    } finally {
      await platform.close();
    }
  });

  test('the anchor file is a chain of its own: an edited, dropped or reordered line fails', async () => {
    const { platform, admin } = await anchoredPlatform();
    try {
      const again = await platform.services.audit.anchor();
      assert.ok(again.anchored);
      assert.equal(again.fresh, false, 'the head has not moved: nothing new to anchor');
      await platform.session('observer', 'OLAF');
      const second = await platform.services.audit.anchor();
      assert.ok(second.anchored && second.fresh);
      await platform.session('observer', 'OLAF');
      const third = await platform.services.audit.anchor();
      assert.ok(third.anchored && third.fresh);
      const file = anchorFile(platform);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 3);
      const parsed = lines.map((line) => JSON.parse(line) as { seq: number; prev: string });
      assert.equal(parsed[0]?.prev, '0'.repeat(64));
      for (let i = 1; i < lines.length; i += 1)
        assert.equal(
          parsed[i]?.prev,
          createHash('sha256')
            .update(lines[i - 1] ?? '')
            .digest('hex'),
        );
      assert.equal((await platform.services.audit.verify()).ok, true);

      const tampered = [
        // An anchor made to agree with a rewritten chain.
        [
          lines[0],
          lines[1]?.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'a'.repeat(64)}"`),
          lines[2],
        ],
        // The first anchor dropped.
        [lines[1], lines[2]],
        // Two anchors swapped.
        [lines[0], lines[2], lines[1]],
        // A line that is no anchor.
        [lines[0], 'not json', lines[2]],
      ];
      for (const content of tampered) {
        writeFileSync(file, `${content.join('\n')}\n`);
        const result = await verifiedThroughApi(platform, admin);
        assert.equal(result.ok, false, content.join(' | '));
        assert.equal(result.brokenAt, null);
        const page = await platform.request({ url: '/audit/verify', as: admin });
        assert.ok(page.body.includes('The anchors of the audit log are broken:'));
        assert.equal((await platform.services.audit.anchor()).anchored, false);
      }
    } finally {
      await platform.close();
    }
  });

  test('a serving process anchors the head once a day', async () => {
    const platform = await testPlatform();
    try {
      await platform.session('member', 'Europol');
      const job = startAuditAnchoring(platform);
      await job.stop();
      const lines = readFileSync(anchorFile(platform), 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      const head = await platform.services.audit.head();
      assert.deepEqual(
        { seq: head.seq, hash: head.hash },
        (({ seq, hash }) => ({ seq, hash }))(
          JSON.parse(lines[0] ?? '') as { seq: number; hash: string },
        ),
      );
      // Later the same day, with the head moved on, it waits for the next day.
      await platform.session('member', 'Europol');
      const later = startAuditAnchoring(platform);
      await later.stop();
      assert.equal(readFileSync(anchorFile(platform), 'utf8').trim().split('\n').length, 1);
    } finally {
      await platform.close();
    }
  });
});
