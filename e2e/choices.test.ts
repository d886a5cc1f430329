import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible } from './support/axe.js';
import {
  guardedContext,
  launchBrowser,
  signIn,
  startServer,
  type GuardedContext,
  type RunningServer,
} from './support/browser.js';

const ADMIN = 'secretariat@emcdda.example.eu';
const CONTACT = 'contact@europol.example.eu';

const CHOICES = 'input[type="checkbox"], input[type="radio"]';
/** The least a box must measure to be seen and hit (ECL draws 24 px). */
const MIN_BOX_PX = 16;
/** Anything larger than this is the label or row around the control, not its box. */
const MAX_BOX_PX = 48;
const MAX_PAGES = 150;
/** A crawl of a hundred pages takes a minute or two on a busy machine. */
const CRAWL_TIMEOUT_MS = 300_000;

/**
 * The pages that must be reached with checkboxes or radios on them, by address pattern (ids as
 * `:id`, the query dropped): the forms where markings, releases, invitations and activities are
 * chosen, and the document search filters.
 */
const mustCover: Record<string, readonly string[]> = {
  [ADMIN]: [
    '/documents',
    '/documents/new',
    '/documents/:id/marking',
    '/meetings/new',
    '/meetings/:id',
    '/scorecard/activities/new',
    '/scorecard/activities/:id/edit',
  ],
  [CONTACT]: [
    '/documents',
    '/documents/new',
    '/meetings/new',
    '/scorecard/activities/new',
    '/scorecard/activities/:id/edit',
  ],
};

/** Pages that must be reached too, whatever controls they have today: filters, user forms. */
const mustVisit: Record<string, readonly string[]> = {
  [ADMIN]: ['/scorecard', '/users', '/users/new', '/users/:id'],
  [CONTACT]: ['/scorecard'],
};

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

// Either may be missing when the before hook failed; that failure is the one to report.
after(async () => {
  await (browser as Browser | undefined)?.close();
  await (server as RunningServer | undefined)?.stop();
});

// ---- in the page: the project compiles without DOM types, so these name the bits it reads -----

interface PageStyle {
  getPropertyValue(property: string): string;
}

interface PageElement {
  readonly id: string;
  readonly tagName: string;
  readonly className: unknown;
  readonly disabled?: boolean;
  readonly type?: string;
  readonly name?: string;
  readonly labels?: ArrayLike<PageElement> | null;
  readonly textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getBoundingClientRect(): { width: number; height: number };
}

interface PageGlobal {
  getComputedStyle(element: PageElement): PageStyle;
  document: {
    activeElement: PageElement | null;
    body: PageElement;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
}

/** The element that draws a checkbox or radio on screen, as measured in the page. */
interface DrawnBox {
  /** A CSS-like name of the element that draws the box, or of the control when nothing does. */
  element: string;
  found: boolean;
  width: number;
  height: number;
  outline: { style: string; width: string; color: string };
  boxShadow: string;
}

/**
 * Finds what draws a checkbox or radio: the input itself when the browser paints it, otherwise
 * the element inside its label that is shown, between 16 and 48 px each way, and has a border or
 * a fill. Runs in the page, so it uses no helper functions of its own.
 */
function drawnBox(input: PageElement, limits: Limits): DrawnBox {
  // No function may be declared in here: the page runs this text alone, without tsx's helpers.
  const view = globalThis as unknown as PageGlobal;
  const invisibleColour = /^transparent$|rgba\(.*,\s*0\)$/;
  const label = input.labels?.[0];
  const candidates: PageElement[] = [input, ...Array.from(label?.querySelectorAll('*') ?? [])];
  let fallback: DrawnBox | null = null;
  for (const element of candidates) {
    const style = view.getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const clip = style.getPropertyValue('clip');
    const shown =
      style.getPropertyValue('display') !== 'none' &&
      style.getPropertyValue('visibility') === 'visible' &&
      Number(style.getPropertyValue('opacity')) > 0 &&
      (clip === 'auto' || clip === '') &&
      style.getPropertyValue('clip-path') === 'none';
    const paintedByBrowser = element === input && style.getPropertyValue('appearance') !== 'none';
    const bordered =
      Number.parseFloat(style.getPropertyValue('border-top-width')) >= 1 &&
      style.getPropertyValue('border-top-style') !== 'none' &&
      !invisibleColour.test(style.getPropertyValue('border-top-color'));
    const filled = !invisibleColour.test(style.getPropertyValue('background-color'));
    const classes =
      typeof element.className === 'string' ? element.className.trim().split(/\s+/) : [];
    const measured: DrawnBox = {
      element: [element.tagName.toLowerCase(), ...classes.filter((c) => c !== '')].join('.'),
      found: false,
      width: Math.round(rect.width * 10) / 10,
      height: Math.round(rect.height * 10) / 10,
      outline: {
        style: style.getPropertyValue('outline-style'),
        width: style.getPropertyValue('outline-width'),
        color: style.getPropertyValue('outline-color'),
      },
      boxShadow: style.getPropertyValue('box-shadow'),
    };
    const sized =
      rect.width >= limits.min &&
      rect.height >= limits.min &&
      rect.width <= limits.max &&
      rect.height <= limits.max;
    if (shown && sized && (paintedByBrowser || bordered || filled))
      return { ...measured, found: true };
    fallback ??= measured;
  }
  if (!fallback) throw new Error('a control measures as nothing');
  return fallback;
}

/** Put in every page, so that one call measures every control on it. */
const measuringScript = `globalThis.jhDrawnBox = ${drawnBox.toString()};`;

interface MeasuringPage {
  jhDrawnBox: typeof drawnBox;
}

interface Limits {
  min: number;
  max: number;
}

function measureAll(elements: unknown[], limits: Limits): DrawnBox[] {
  const { jhDrawnBox } = globalThis as unknown as MeasuringPage;
  return (elements as PageElement[]).map((element) => jhDrawnBox(element, limits));
}

/** The focused control (its index among the page's checkboxes and radios, or -1) and its box. */
function focusedChoice({ selector, limits }: { selector: string; limits: Limits }): {
  index: number;
  onBody: boolean;
  box: DrawnBox | null;
} {
  const { document, jhDrawnBox } = globalThis as unknown as PageGlobal & MeasuringPage;
  const active = document.activeElement;
  const index = Array.from(document.querySelectorAll(selector)).findIndex((e) => e === active);
  return {
    index,
    onBody: active === null || active === document.body,
    box: active && index >= 0 ? jhDrawnBox(active, limits) : null,
  };
}

// ---- in the test ---------------------------------------------------------------------------------

interface Control {
  name: string;
  type: string;
  id: string;
  label: string;
  disabled: boolean;
}

function describeControl(url: string, control: Control): string {
  return `${url} ${control.type} #${control.id || '(no id)'} "${control.label.trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
}

/** What marks keyboard focus on a box: a visible outline, a shadow, or nothing (''). */
function focusMark(box: DrawnBox): string {
  const { style, width, color } = box.outline;
  const outlined =
    style !== 'none' &&
    Number.parseFloat(width) >= 1 &&
    color !== 'transparent' &&
    !/rgba\(.*,\s*0\)$/.test(color);
  return [
    outlined ? `outline ${style} ${width} ${color}` : '',
    box.boxShadow === 'none' ? '' : `box-shadow ${box.boxShadow}`,
  ]
    .filter((mark) => mark !== '')
    .join('; ');
}

/**
 * Checks every checkbox and radio of the open page: each must draw a box of at least 16 x 16 px,
 * and show a focus mark its box does not have unfocused when Tab reaches it (one radio of each
 * group is reachable by Tab; the arrow keys move within the group). Answers the problems found.
 */
async function checkChoices(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  // Choices behind "More filters" and other disclosures are checked as a person meets them:
  // with the disclosure opened.
  const closed = page.locator('main details:not([open]) > summary:visible');
  for (let opened = 0; opened < 20 && (await closed.count()) > 0; opened += 1) {
    await closed.first().click();
  }
  const controls = await page.locator(CHOICES).evaluateAll((elements) =>
    (elements as unknown as PageElement[]).map((e) => ({
      name: e.name ?? '',
      type: e.type ?? '',
      id: e.id,
      label: e.labels?.[0]?.textContent ?? '',
      disabled: e.disabled === true,
    })),
  );
  const limits = { min: MIN_BOX_PX, max: MAX_BOX_PX };
  const unfocused = await page.locator(CHOICES).evaluateAll(measureAll, limits);
  for (const [index, control] of controls.entries()) {
    const box = unfocused[index];
    if (box && !box.found)
      problems.push(
        `${describeControl(url, control)}: no visible box of ${MIN_BOX_PX} x ${MIN_BOX_PX} px (the nearest is ${box.element}, ${box.width} x ${box.height} px)`,
      );
  }

  const toReach = new Set(
    controls
      .map((control, index) => ({ control, index }))
      .filter(({ control }) => !control.disabled)
      .map(({ control, index }) =>
        control.type === 'radio' ? `radio:${control.name}` : `checkbox:${String(index)}`,
      ),
  );
  const reached = new Set<string>();
  // Nothing has focus after the page opens: the first Tab starts at the top of the document.
  for (let step = 0; step < 2000 && reached.size < toReach.size; step += 1) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(focusedChoice, { selector: CHOICES, limits });
    if (focus.onBody && step > 0) break;
    const control = controls[focus.index];
    const before = unfocused[focus.index];
    const box = focus.box;
    if (!control || !before || !box) continue;
    reached.add(control.type === 'radio' ? `radio:${control.name}` : `checkbox:${focus.index}`);
    // Without a box there is nothing to mark focus on; that problem is already reported.
    if (!box.found) continue;
    const mark = focusMark(box);
    if (mark === '' || mark === focusMark(before))
      problems.push(
        `${describeControl(url, control)}: no visible focus mark on ${box.element} (outline ${box.outline.style} ${box.outline.width}, box-shadow ${box.boxShadow})`,
      );
  }
  for (const key of toReach) {
    if (!reached.has(key)) problems.push(`${url}: Tab never reaches ${key}`);
  }
  return problems;
}

/**
 * An address as the kind of page it opens: ids become `:id` and the query is dropped, since
 * filters and sorting change the rows of a page, not its controls.
 */
function patternOf(url: URL): string {
  return url.pathname
    .split('/')
    .map((segment) => (/^[a-z][a-z-]*$/.test(segment) || segment === '' ? segment : ':id'))
    .join('/');
}

/** Links a crawl follows: pages of this server, not the API, files, assets or sign-out. */
function isPageLink(url: URL, origin: string): boolean {
  return (
    url.origin === origin &&
    !/^\/(api|assets|calendar)(\/|$)/.test(url.pathname) &&
    !/\.[a-z0-9]+$/i.test(url.pathname) &&
    !/\/(file|files|download|downloads|logout|text)(\/|$)/.test(url.pathname)
  );
}

/**
 * Opens every kind of page reachable by links from the home page (one of each) and checks its
 * checkboxes and radios, and runs axe where there are any. Answers the patterns opened, those that
 * had checkboxes or radios, and every problem found.
 */
async function crawl(
  page: Page,
  extra: readonly string[],
): Promise<{ patterns: Set<string>; withChoices: Set<string>; problems: string[] }> {
  const origin = server.baseUrl;
  const queue = ['/', ...extra].map((path) => new URL(path, origin));
  const opened = new Set<string>();
  const patterns = new Set<string>();
  const withChoices = new Set<string>();
  const problems: string[] = [];
  const seen = new Set(queue.map((url) => url.href));
  while (queue.length > 0 && opened.size < MAX_PAGES) {
    const url = queue.shift();
    if (!url) break;
    const pattern = patternOf(url);
    if (patterns.has(pattern) && !extra.includes(url.pathname)) continue;
    patterns.add(pattern);
    opened.add(url.href);
    const response = await page.goto(url.href);
    const type = response?.headers()['content-type'] ?? '';
    if (!type.startsWith('text/html')) continue;
    if ((await page.locator(CHOICES).count()) > 0) {
      withChoices.add(patternOf(new URL(page.url())));
      problems.push(...(await checkChoices(page, page.url())));
      await assertAccessible(page);
    }
    const links = await page
      .locator('a[href]')
      .evaluateAll((anchors) => (anchors as unknown as { href: string }[]).map((a) => a.href));
    for (const link of links) {
      const target = new URL(link);
      target.hash = '';
      if (!isPageLink(target, origin) || seen.has(target.href)) continue;
      seen.add(target.href);
      queue.push(target);
    }
  }
  return { patterns, withChoices, problems };
}

/**
 * Pages the links of a fresh demo may not lead to for every role: the marking form of a document
 * and the edit form of an activity, on records of the user's own agency made here.
 */
async function ownRecordPages(page: Page): Promise<string[]> {
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const headers = { 'x-csrf-token': csrf };
  const document = await page.request.post('/api/documents', {
    headers,
    data: {
      title: 'Checkbox survey document',
      documentType: 'report',
      language: 'en',
      marking: { classification: 'none', releasability: 'network' },
    },
  });
  assert.equal(document.status(), 201, await document.text());
  const activity = await page.request.post('/api/activities', {
    headers,
    data: {
      year: 2017,
      title: 'Checkbox survey activity',
      lines: ['1.1.3'],
      lead: 'Europol',
      kind: 'meeting',
      plannedStart: '2017-03-01',
      plannedEnd: '2017-09-30',
      assessment: 'green',
    },
  });
  assert.equal(activity.status(), 201, await activity.text());
  const { id: documentId } = (await document.json()) as { id: string };
  const { id: activityId } = (await activity.json()) as { id: string };
  return [`/documents/${documentId}/marking`, `/scorecard/activities/${activityId}/edit`];
}

for (const email of [ADMIN, CONTACT]) {
  describe(`checkboxes and radios, signed in as ${email}`, () => {
    let guard: GuardedContext;
    let page: Page;
    before(async () => {
      guard = await guardedContext(browser, server, { viewport: { width: 1366, height: 900 } });
      await guard.context.addInitScript(measuringScript);
      page = await guard.newPage();
      await signIn(page, server.account(email));
    });
    after(async () => {
      guard.assertClean();
      await guard.close();
    });

    test(
      'every one on every page draws a box of 16 px or more and shows keyboard focus',
      { timeout: CRAWL_TIMEOUT_MS },
      async () => {
        const { patterns, withChoices, problems } = await crawl(page, await ownRecordPages(page));
        assert.deepEqual(
          (mustVisit[email] ?? []).filter((pattern) => !patterns.has(pattern)),
          [],
          `pages never reached (reached: ${[...patterns].join(', ')})`,
        );
        assert.deepEqual(
          (mustCover[email] ?? []).filter((pattern) => !withChoices.has(pattern)),
          [],
          `pages without checkboxes or radios (with some: ${[...withChoices].join(', ')})`,
        );
        assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problem(s)`);
        guard.assertClean();
      },
    );
  });
}
