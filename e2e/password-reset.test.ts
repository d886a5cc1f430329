import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { after, before, describe, test } from '../test/support/node-test.js';
import { startSmtpSink, type SmtpSink } from '../test/support/smtp.js';
import { en } from '../src/app/i18n/messages.en.js';
import { assertAccessible } from './support/axe.js';
import { screenshot } from './support/screenshots.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type RunningServer,
} from './support/browser.js';

const CONTACT = 'contact@europol.example.eu';
const VIEWPORTS = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

let server: RunningServer;
let browser: Browser;
let smtp: SmtpSink;

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({
    JHANET_SMTP_HOST: '127.0.0.1',
    JHANET_SMTP_PORT: String(smtp.port),
    JHANET_SMTP_TLS: 'none',
    JHANET_SMTP_USER: smtp.user,
    JHANET_SMTP_PASSWORD: smtp.password,
    JHANET_MAIL_FROM: 'JHA network <network@example.eu>',
    JHANET_MAIL_POLL_SECONDS: '1',
  });
  browser = await launchBrowser();
});

// Any of them may be missing when the before hook failed; that failure is the one to report.
after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
  await (smtp as SmtpSink | undefined)?.stop();
});

/** The path of the reset link in the newest reset e-mail to the address, after `count` of them. */
async function resetLinkPath(to: string, count: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const links = smtp.received
      .filter((m) => m.to.includes(to) && m.parsed.subject === 'Reset your password')
      .map((m) => /\/login\/reset\/[A-Za-z0-9_-]+/.exec(m.parsed.text ?? '')?.[0]);
    const link = links[count - 1];
    if (link) return link;
    assert.ok(Date.now() < deadline, `reset e-mail ${count} to ${to} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a forgotten password, reset through the link in the e-mail', () => {
  for (const [viewport, size] of Object.entries(VIEWPORTS) as [
    keyof typeof VIEWPORTS,
    (typeof VIEWPORTS)[keyof typeof VIEWPORTS],
  ][]) {
    test(`at ${size.width} px: ask for a link, choose a new password, sign in, change it again`, async () => {
      const account = server.account(CONTACT);
      const guarded = await guardedContext(browser, server, { viewport: size });
      try {
        const page = await guarded.newPage();
        await page.goto('/login');
        await submit(page.getByRole('link', { name: en['password.forgot.link'] }));
        assert.equal(new URL(page.url()).pathname, '/login/forgot');
        await assertAccessible(page);
        await screenshot(page, `password-forgot-${viewport}`);

        const resets = smtp.received.filter(
          (m) => m.to.includes(CONTACT) && m.parsed.subject === 'Reset your password',
        ).length;
        await page.getByLabel(en['login.email'], { exact: true }).fill(CONTACT.toUpperCase());
        const sent = await submit(
          page.locator('main').getByRole('button', { name: en['password.forgot.submit'] }),
        );
        assert.equal(sent.status(), 200);
        await page.getByRole('heading', { name: en['password.forgot.sentTitle'] }).waitFor();
        await assertAccessible(page);
        await screenshot(page, `password-forgot-sent-${viewport}`);

        const link = await resetLinkPath(CONTACT, resets + 1);

        await page.goto(link);
        await assertAccessible(page);
        const newPassword = `forgotten-then-chosen-${viewport}`;
        await page.getByLabel(en['password.change.new'], { exact: true }).fill(newPassword);
        await page.getByLabel(en['password.change.confirm'], { exact: true }).fill('not the same');
        const mismatch = await submit(
          page.locator('main').getByRole('button', { name: en['password.reset.submit'] }),
        );
        assert.equal(mismatch.status(), 400);
        await page.getByText(en['password.confirmMismatch']).first().waitFor();
        await assertAccessible(page);
        await screenshot(page, `password-reset-errors-${viewport}`);

        await page.getByLabel(en['password.change.new'], { exact: true }).fill(newPassword);
        await page.getByLabel(en['password.change.confirm'], { exact: true }).fill(newPassword);
        const done = await submit(
          page.locator('main').getByRole('button', { name: en['password.reset.submit'] }),
        );
        assert.equal(done.status(), 200);
        assert.equal(new URL(page.url()).pathname, '/login');
        await page.getByText(en['password.reset.done']).waitFor();
        await assertAccessible(page);

        await page.goto(link);
        await page.getByText(en['password.reset.invalid']).waitFor();
        await assertAccessible(page);
        await screenshot(page, `password-reset-used-${viewport}`);

        await signIn(page, { ...account, password: newPassword });
        await page.goto('/account');
        await submit(page.getByRole('link', { name: en['password.change.link'] }));
        assert.equal(new URL(page.url()).pathname, '/account/password');
        await assertAccessible(page);
        await screenshot(page, `password-change-${viewport}`);
        await page.getByLabel(en['password.change.current'], { exact: true }).fill(newPassword);
        await page.getByLabel(en['password.change.new'], { exact: true }).fill(account.password);
        await page
          .getByLabel(en['password.change.confirm'], { exact: true })
          .fill(account.password);
        const changed = await submit(
          page.locator('main').getByRole('button', { name: en['password.change.submit'] }),
        );
        assert.equal(changed.status(), 200);
        await page.getByText(en['password.change.done']).waitFor();
        await assertAccessible(page);
        await screenshot(page, `password-change-done-${viewport}`);
        guarded.assertClean();
      } finally {
        await guarded.close();
      }
    });
  }
});
