import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';

/** axe-core's script, from the installed package (no network). */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The rules among WCAG_TAGS whose outcome depends on the colours on screen. */
export const PALETTE_RULES = ['color-contrast', 'link-in-text-block'];

/** Playwright's and Puppeteer's pages both evaluate a script text, or a function with one argument. */
export interface EvaluatingPage {
  evaluate(script: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * Runs axe over the page's document, injecting it once per document. AxeBuilder
 * (@axe-core/playwright) injects it again on every call and finishes each run in a new blank
 * page: about 0.5 s a call, against 0.05 to 0.1 s here. Tessera's pages have no frames.
 */
export async function runAxe(
  page: EvaluatingPage,
  runOnly: RunOptions['runOnly'] = { type: 'tag', values: WCAG_TAGS },
): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in globalThis, null))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (options: RunOptions) =>
      (
        globalThis as unknown as {
          axe: { run(context: Document, options: RunOptions): Promise<AxeResults> };
        }
      ).axe.run(document, options),
    { runOnly },
  );
}
