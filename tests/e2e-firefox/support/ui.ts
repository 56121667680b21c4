/**
 * Finding controls the way a person does, in Firefox over WebDriver BiDi, where puppeteer's
 * `aria/` selectors do not work: by a `<label>`'s text (or aria-label) and by a button's visible
 * name. Each helper waits, with an explicit timeout, for the control to be visible and enabled.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

export const UI_TIMEOUT = 15_000;
/**
 * Creating or opening a vault runs Argon2id (the e2e build's cheap cost; the kit journey's file
 * has the full 64 MiB) on a busy two-core machine: a hang guard, not a speed limit.
 */
export const KDF_TIMEOUT = 60_000;

/**
 * Runs in the page: the finder functions as source text, so no test-side transpilation can leak
 * helpers into the function puppeteer serialises.
 */
const FINDERS = String.raw`
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const matches = (text, want) => (want.startsWith('/') ? new RegExp(want.slice(1, want.lastIndexOf('/')), want.slice(want.lastIndexOf('/') + 1)).test(text) : text === want);
  const nameOf = (el) => norm(el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || el.value);
  const scopeOf = (scope) => (scope ? document.querySelector(scope) : document) || document;
  const byLabel = (want, scope) => {
    const root = scopeOf(scope);
    for (const label of root.querySelectorAll('label')) {
      const control = label.control;
      if (control && matches(norm(label.textContent), want) && visible(control)) return control;
    }
    for (const el of root.querySelectorAll('[aria-label],input[placeholder]')) {
      if ((matches(norm(el.getAttribute('aria-label')), want) || matches(norm(el.getAttribute('placeholder')), want)) && visible(el)) return el;
    }
    for (const el of root.querySelectorAll('[aria-labelledby]')) {
      const text = el.getAttribute('aria-labelledby').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      if (matches(norm(text), want) && visible(el)) return el;
    }
    return null;
  };
  const byButton = (want, scope) => {
    const root = scopeOf(scope);
    for (const el of root.querySelectorAll('button,[role=button],[role=menuitem],[role=tab],a[href],summary')) {
      if (matches(nameOf(el), want) && visible(el) && !el.disabled) return el;
    }
    return null;
  };
`;

/** A string or a RegExp, in a form the page-side matcher understands. */
function wanted(name: string | RegExp): string {
  return typeof name === 'string' ? name : name.toString();
}

async function waitForElement(
  page: Page,
  finder: 'byLabel' | 'byButton',
  name: string | RegExp,
  timeout: number,
  scope?: string,
): Promise<ElementHandle<Element>> {
  const handle = await page
    .waitForFunction(
      `(() => { ${FINDERS} return ${finder}(${JSON.stringify(wanted(name))}, ${JSON.stringify(scope ?? null)}); })()`,
      { timeout, polling: 100 },
    )
    .catch((e: unknown) => {
      throw new Error(
        `${finder === 'byLabel' ? 'Field' : 'Button'} "${String(name)}" not found within ${timeout} ms: ${String(e)}`,
      );
    });
  const element = handle.asElement() as ElementHandle<Element> | null;
  if (!element) throw new Error(`"${String(name)}" is not an element`);
  return element;
}

export interface FindOptions {
  timeout?: number;
  /** A CSS selector limiting the search, e.g. '[role=dialog]'. */
  within?: string;
}

export function button(page: Page, name: string | RegExp, o: FindOptions = {}) {
  return waitForElement(page, 'byButton', name, o.timeout ?? UI_TIMEOUT, o.within);
}

export function field(page: Page, label: string | RegExp, o: FindOptions = {}) {
  return waitForElement(page, 'byLabel', label, o.timeout ?? UI_TIMEOUT, o.within);
}

/**
 * A real (trusted) click on a button found by its name. A screen that re-renders between the
 * find and the click (a restore offer arriving, a list refreshing) detaches the element found;
 * it is then found again, as a person's eyes would.
 */
export async function click(page: Page, name: string | RegExp, o: FindOptions = {}) {
  for (let attempt = 1; ; attempt++) {
    const el = await button(page, name, o);
    try {
      await el.scrollIntoView();
      await el.click();
      return;
    } catch (e) {
      if (attempt >= 3 || !/detached/i.test(String(e))) throw e;
    }
  }
}

/** Types into a field found by its label, replacing what was there (found again if detached). */
export async function fill(page: Page, label: string | RegExp, value: string, o: FindOptions = {}) {
  for (let attempt = 1; ; attempt++) {
    const el = await field(page, label, o);
    try {
      await el.evaluate((node, v) => {
        const input = node as HTMLInputElement | HTMLTextAreaElement;
        if (!input.isConnected) throw new Error('detached');
        input.focus();
        // The native setter, so frameworks that track the value see a real change.
        const proto = Object.getPrototypeOf(input) as object;
        Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
      return;
    } catch (e) {
      if (attempt >= 3 || !/detached/i.test(String(e))) throw e;
    }
  }
}

/** Ticks a checkbox or radio found by its label (clicking it as a person would). */
export async function check(page: Page, label: string | RegExp, o: FindOptions = {}) {
  const el = await field(page, label, o);
  const checked = await el.evaluate((n) => (n as HTMLInputElement).checked);
  if (!checked) await el.click();
}

/** The page's visible text, whitespace collapsed. */
export async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim());
}

/** Waits until the page's visible text matches. */
export async function waitForText(
  page: Page,
  want: string | RegExp,
  timeout = UI_TIMEOUT,
): Promise<void> {
  const source = typeof want === 'string' ? null : { source: want.source, flags: want.flags };
  await page
    .waitForFunction(
      (text: string | null, re: { source: string; flags: string } | null) => {
        const body = (document.body?.innerText ?? '').replace(/\s+/g, ' ');
        return re ? new RegExp(re.source, re.flags).test(body) : body.includes(text ?? '');
      },
      { timeout, polling: 100 },
      typeof want === 'string' ? want : null,
      source,
    )
    .catch(async (e: unknown) => {
      throw new Error(
        `Text ${String(want)} did not appear within ${timeout} ms (${String(e)}). Page says: ${(await pageText(page)).slice(0, 600)}`,
      );
    });
}

/** Waits until the page's visible text no longer matches. */
export async function waitForNoText(page: Page, want: string, timeout = UI_TIMEOUT) {
  await page.waitForFunction(
    (text: string) => !(document.body?.innerText ?? '').replace(/\s+/g, ' ').includes(text),
    { timeout, polling: 100 },
    want,
  );
}

/** Text of every element matching a selector (e.g. '[data-testid=code]'). */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
}

/** The text of the list row that contains `rowText` (a list item of the popup). */
export async function rowCode(page: Page, rowText: string, timeout = UI_TIMEOUT): Promise<string> {
  const handle = await page.waitForFunction(
    (t: string) => {
      for (const li of document.querySelectorAll('li')) {
        if (!(li as HTMLElement).innerText.includes(t)) continue;
        const code = li.querySelector('[data-testid=code]') as HTMLElement | null;
        const digits = code?.innerText.replace(/\s/g, '') ?? '';
        if (/^\d{6,8}$/.test(digits)) return digits;
      }
      return false;
    },
    { timeout, polling: 100 },
    rowText,
  );
  return (await handle.jsonValue()) as string;
}
