import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshots } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';
const CONTACT = 'contact@europol.example.eu';
const MEMBER = 'analyst@europol.example.eu';
const OBSERVER = 'observer@home.example.eu';
const MEETING = 'Joint meeting on operational analysis';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

describe('home: what waits, and a notification followed', () => {
  test('the secretariat invites Europol; its contact point sees the invitation and follows it', async () => {
    const secretariat = await guardedContext(browser, server);
    const adminPage = await secretariat.newPage();
    await signIn(adminPage, server.account(ADMIN));
    const session = await secretariat.context.request.get('/api/session');
    const csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    const listed = await secretariat.context.request.get('/api/agencies');
    const agencies = ((await listed.json()) as { items: { id: string; acronym: string }[] }).items;
    const idOf = (acronym: string) => agencies.find((a) => a.acronym === acronym)?.id ?? '';
    const created = await secretariat.context.request.post('/api/meetings', {
      headers: { 'x-csrf-token': csrf },
      data: {
        kind: 'network',
        title: MEETING,
        hostOrganisationId: idOf('EUDA'),
        venue: 'EMCDDA premises',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2030-03-04T10:00',
        invitedOrganisationIds: [idOf('Europol')],
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const meetingId = ((await created.json()) as { id: string }).id;
    const sent = await secretariat.context.request.post(
      `/api/meetings/${meetingId}/invitations/send`,
      {
        headers: { 'x-csrf-token': csrf },
      },
    );
    assert.equal(sent.status(), 202);
    await adminPage.goto('/');
    assert.equal(
      await adminPage.getByRole('heading', { name: en['home.work.overdue'] }).count(),
      1,
    );
    await assertAccessible(adminPage);
    await screenshots(adminPage, 'home-secretariat');
    await secretariat.close();

    const contact = await guardedContext(browser, server);
    const page = await contact.newPage();
    await signIn(page, server.account(CONTACT));
    await page.goto('/');
    const waiting = page.locator('#work-invitations').locator('..');
    assert.match((await waiting.textContent()) ?? '', new RegExp(MEETING));
    const link = page.getByRole('link', { name: /^Notifications/ });
    assert.match((await link.textContent()) ?? '', /\d+ unread/);
    await assertAccessible(page);
    await screenshots(page, 'home-contact');

    await link.click();
    await page.waitForURL('**/notifications');
    assert.equal((await page.locator('h1').textContent())?.trim(), en['notifications.title']);
    await assertAccessible(page);
    await screenshots(page, 'notifications-contact');
    await page.locator('main').getByRole('link', { name: MEETING }).click();
    await page.waitForURL(`**/meetings/${meetingId}`);
    assert.equal((await page.locator('h1').textContent())?.trim(), MEETING);

    await page.goto('/notifications');
    await page.getByRole('button', { name: en['notifications.markAllRead'] }).click();
    await page.waitForURL('**/notifications?marked=*');
    assert.equal(await page.locator('.jh-notifications-link__count').count(), 0);
    await page.goto('/account#notifications');
    const digest = page.getByLabel(en['notifications.digest.label']);
    assert.equal(await digest.isChecked(), true, 'the digest is on unless switched off');
    await page.locator('label[for="field-dailyDigest"]').click();
    await page
      .locator('form[action="/account/notifications"]')
      .getByRole('button', { name: en['common.save'] })
      .click();
    await page.waitForURL('**/account?done=saved*');
    assert.equal(await page.getByLabel(en['notifications.digest.label']).isChecked(), false);
    await assertAccessible(page);
    await screenshots(page, 'account-contact');
    contact.assertClean();
    await contact.close();
  });

  test('members and observers see their home at desktop and phone widths', async () => {
    for (const [email, name] of [
      [MEMBER, 'home-member'],
      [OBSERVER, 'home-observer'],
    ] as const) {
      const guarded = await guardedContext(browser, server);
      const page = await guarded.newPage();
      await signIn(page, server.account(email));
      await page.goto('/');
      assert.equal(await page.getByRole('heading', { name: en['home.work.waiting'] }).count(), 1);
      assert.equal(await page.getByRole('heading', { name: en['home.recentActivity'] }).count(), 1);
      await assertAccessible(page);
      await screenshots(page, name);
      guarded.assertClean();
      await guarded.close();
    }
  });
});
