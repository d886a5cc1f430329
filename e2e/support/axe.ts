import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 level A and AA rules: the level EU public sector sites must meet. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeGlobal {
  axe: { run(options: object): Promise<AxeResults> };
}

/** The bit of the DOM the duplicate-id check reads; the project compiles without DOM types. */
interface IdDocument {
  document: { querySelectorAll(selector: string): Iterable<{ id: string }> };
}

function describe(violation: Result): string {
  const nodes = violation.nodes
    .map((node) => `    at ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`)
    .join('\n');
  return `  ${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
}

/**
 * Runs axe on the page as it is now and fails with every violation found. Also fails on duplicate
 * ids, which WCAG 2.1 success criterion 4.1.1 forbids but axe 4.x no longer reports under the
 * WCAG tags (WCAG 2.2 dropped the criterion). A click that navigates returns once the new page
 * has begun; axe waits for its stylesheets, or it would judge colours the page has not drawn yet.
 */
export async function assertAccessible(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const ids = await page.evaluate(() =>
    [...(globalThis as unknown as IdDocument).document.querySelectorAll('[id]')].map((e) => e.id),
  );
  const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (duplicates.length > 0) {
    throw new Error(`${page.url()} repeats the ids ${duplicates.join(', ')}`);
  }
  // Pikaday's own ids for its calendars' titles are two random letters, which two date fields can
  // draw alike (page.js names them after their fields): one left means a page may repeat one.
  const random = ids.filter((id) => /^pika-title-/.test(id));
  if (random.length > 0) {
    throw new Error(`${page.url()} has calendar titles with random ids: ${random.join(', ')}`);
  }
  // The callback runs in the page, where the context's init script put axe-core.
  const results = await page.evaluate(
    (values) => (globalThis as unknown as AxeGlobal).axe.run({ runOnly: { type: 'tag', values } }),
    WCAG_21_AA,
  );
  if (results.violations.length > 0) {
    throw new Error(
      `${page.url()} has ${results.violations.length} accessibility violation(s):\n${results.violations
        .map(describe)
        .join('\n')}`,
    );
  }
}
