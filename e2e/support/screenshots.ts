import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where the browser tests leave their pictures of the pages, for a person to look at. */
export const SCREENSHOTS_DIR =
  process.env.JHANET_SCREENSHOTS ?? path.join(tmpdir(), 'jhanet-screenshots');

/** The widths a person reads the platform at: a laptop, and a phone. */
export const SCREEN_WIDTHS = [1366, 390] as const;

const HEIGHT = 900;
/** Parts of a long page, about a screen and a half each, read without zooming out. */
const PART_HEIGHT = 1400;

interface ScrollHeight {
  document: { documentElement: { scrollHeight: number } };
}

/** The file a picture goes to, the directory made when it is missing. */
function fileOf(name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return path.join(SCREENSHOTS_DIR, `${name}.png`);
}

/** One picture of the page as it shows now, at its present width: `<name>.png`. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: fileOf(name), fullPage: options.fullPage ?? true });
}

/**
 * The page at each width, full length (`<name>-1366.png`, `<name>-390.png`); with `parts`, also
 * cut in parts (`<name>-1366-2.png`); with `check`, a check run at each width first (axe). The
 * page gets its viewport back afterwards.
 */
export async function screenshots(
  page: Page,
  name: string,
  options: { parts?: boolean; check?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  const before = page.viewportSize() ?? { width: SCREEN_WIDTHS[0], height: HEIGHT };
  for (const width of SCREEN_WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    if (options.check) await options.check(page);
    const file = `${name}-${String(width)}`;
    await screenshot(page, file);
    if (!options.parts) continue;
    const height = await page.evaluate(
      () => (globalThis as unknown as ScrollHeight).document.documentElement.scrollHeight,
    );
    for (let top = 0, n = 1; top < height; top += PART_HEIGHT, n += 1) {
      await page.screenshot({
        path: fileOf(`${file}-${String(n)}`),
        fullPage: true,
        clip: { x: 0, y: top, width, height: Math.min(PART_HEIGHT, height - top) },
      });
    }
  }
  await page.setViewportSize(before);
}
