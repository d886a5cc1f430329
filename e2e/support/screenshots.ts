import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where the screenshots of the pages go, for a person to look at. */
export const SHOTS = process.env.JHANET_SCREENSHOTS ?? path.join(tmpdir(), 'jhanet-screenshots');

interface ScrollHeight {
  document: { documentElement: { scrollHeight: number } };
}

/**
 * The page at the desktop and the phone width, full length (`<name>-1366.png`), and in parts
 * of about a screen and a half (`<name>-1366-2.png`) that can be read without zooming out.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const file = `${name}-${String(width)}`;
    await page.screenshot({ path: path.join(SHOTS, `${file}.png`), fullPage: true });
    const height = await page.evaluate(
      () => (globalThis as unknown as ScrollHeight).document.documentElement.scrollHeight,
    );
    const part = 1400;
    for (let top = 0, n = 1; top < height; top += part, n += 1) {
      await page.screenshot({
        path: path.join(SHOTS, `${file}-${String(n)}.png`),
        fullPage: true,
        clip: { x: 0, y: top, width, height: Math.min(part, height - top) },
      });
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}
