import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { en } from '../src/app/i18n/messages.en.js';
import demo from '../src/features/network/demo-network.json' with { type: 'json' };
import { after, before, describe, test } from '../test/support/node-test.js';
import { assertAccessible } from './support/axe.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  submit,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';
import { screenshots } from './support/screenshots.js';

const CONTRIBUTION = 'Europol supported fourteen joint action days with the other agencies.';

/** Types a day into a date field and leaves it, which closes the datepicker's calendar. */
async function typeDay(field: Locator, day: string): Promise<void> {
  await field.fill(day);
  await field.press('Tab');
}

function agencyLabel(acronym: string): string {
  const agency = demo.agencies.find((a) => a.acronym === acronym);
  if (!agency) throw new Error(`the demo has no agency ${acronym}`);
  return `${acronym}: ${agency.name}`;
}

describe('the secretariat asks Europol for a contribution; Europol writes it and signs off', () => {
  let server: RunningServer;
  let browser: Browser;
  let secretariat: GuardedContext;
  let europol: GuardedContext;
  let admin: Page;
  let contact: Page;
  let reportUrl = '';

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    secretariat = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    europol = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
    admin = await secretariat.newPage();
    contact = await europol.newPage();
    await signIn(admin, server.account('secretariat@emcdda.example.eu'));
    await signIn(contact, server.account('contact@europol.example.eu'));
  });
  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.stop();
  });

  test('the secretariat starts the report and asks Europol for the foreword', async () => {
    await admin.goto('/reports?year=2017');
    await admin
      .getByRole('link', { name: /Start the report\s*:\s*Report at the end of 2017 \(COSI\)/ })
      .click();
    await typeDay(admin.getByLabel('Data as of'), '30-11-2017');
    await submit(admin.locator('main').getByRole('button', { name: 'Start the report' }));
    reportUrl = new URL(admin.url()).pathname;
    assert.match(reportUrl, /^\/reports\/[0-9a-f-]+$/);

    await admin.getByRole('link', { name: en['reports.contributions.link'] }).click();
    await admin
      .getByLabel(en['reports.contributions.section'], { exact: true })
      .selectOption({ label: "Chair's foreword" });
    await admin
      .getByRole('group', { name: en['reports.contributions.agencies'] })
      .getByText(agencyLabel('Europol'), { exact: true })
      .click();
    await typeDay(
      admin.getByLabel(en['reports.contributions.dueOn'], { exact: true }),
      '31-12-2099',
    );
    await admin
      .getByLabel(en['reports.contributions.note'], { exact: true })
      .fill('Two paragraphs on the joint action days of the year.');
    const asked = await submit(
      admin.getByRole('button', { name: en['reports.contributions.askButton'] }),
    );
    assert.equal(asked.status(), 200);
    const row = admin.getByRole('row').filter({ hasText: 'Europol' });
    await row.getByText(en['reports.state.asked']).waitFor();
    await screenshots(admin, 'report-contributions-asked', { check: assertAccessible });
  });

  test('Europol’s contact point finds the request at home, writes and submits it', async () => {
    await contact.goto('/');
    await contact.getByRole('heading', { name: /Contributions asked of your agency/ }).waitFor();
    await contact.getByRole('link', { name: /Chair's foreword of Report/ }).click();
    await contact.getByLabel(en['reports.contributions.text'], { exact: true }).fill(CONTRIBUTION);
    await submit(contact.getByRole('button', { name: en['reports.contributions.saveDraft'] }));
    await contact.getByText(en['reports.state.drafted']).waitFor();
    await screenshots(contact, 'report-contribution-form', { check: assertAccessible });
    await submit(contact.getByRole('button', { name: en['reports.contributions.submit'] }));
    await contact.getByText(CONTRIBUTION).waitFor();
    await contact.getByText(en['reports.state.submitted']).waitFor();
  });

  test('the secretariat accepts it, asks for sign-off and finalises', async () => {
    await admin.goto(`${reportUrl}/contributions`);
    await submit(admin.getByRole('button', { name: /Accept into the section/ }));
    await admin.getByText(en['reports.state.accepted']).waitFor();
    await admin.locator('label', { hasText: en['reports.signoff.rule.explicit'] }).click();
    await typeDay(admin.getByLabel(en['reports.signoff.dueOn'], { exact: true }), '31-12-2099');
    await submit(admin.getByRole('button', { name: en['reports.signoff.procedureButton'] }));
    await admin.goto(reportUrl);
    await admin.getByText('Contribution of Europol').first().waitFor();
    await admin.getByText(CONTRIBUTION).first().waitFor();
    await submit(admin.getByRole('button', { name: 'Finalise the report' }));
    await admin.getByText('The report is finalised.').waitFor();
  });

  test('Europol approves the finalised text; the secretariat sees it', async () => {
    await contact.goto('/');
    await contact.getByRole('link', { name: /Report of the JHA agencies network to COSI/ }).click();
    await contact.getByText(CONTRIBUTION).first().waitFor();
    await contact.locator('label', { hasText: en['reports.signoff.answer.approved'] }).click();
    await submit(contact.getByRole('button', { name: en['reports.signoff.answerButton'] }));
    await contact.getByText(en['reports.state.approved']).first().waitFor();
    await screenshots(contact, 'report-signoff-answer', { check: assertAccessible });

    await admin.goto(reportUrl);
    const status = admin.getByRole('region', { name: en['reports.signoff.title'] });
    await status
      .getByRole('row')
      .filter({ hasText: 'Europol' })
      .getByText(en['reports.state.approved'])
      .waitFor();
    await status
      .getByRole('row')
      .filter({ hasText: 'Frontex' })
      .getByText(en['reports.state.silent'])
      .waitFor();
    await screenshots(admin, 'report-signoff-status', { check: assertAccessible });
    secretariat.assertClean();
    europol.assertClean();
  });
});
