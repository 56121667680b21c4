import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * WCAG AA for every theme, computed from the colours in components/ui/theme.css itself, so a
 * palette change that breaks contrast fails here rather than in a user's eyes.
 */
const css = readFileSync(new URL('../../components/ui/theme.css', import.meta.url), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** Forced-colours mode swaps in system colour keywords; it is the browser's palette, not ours. */
const palettes = css.slice(0, css.indexOf('@media (forced-colors: active)'));

/** Innermost `selector { declarations }` blocks (an @media block's rules come out on their own). */
function blocks(): { selector: string; vars: Map<string, string> }[] {
  return [...palettes.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => {
    const vars = new Map<string, string>();
    for (const [, name, value] of body!.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) {
      vars.set(name!, value!.trim());
    }
    return { selector: selector!.trim().replace(/\s+/g, ' '), vars };
  });
}

function varsOf(selector: string): Map<string, string> {
  const found = blocks().filter((b) => b.selector === selector);
  expect(found, selector).toHaveLength(1);
  return found[0]!.vars;
}

const light = varsOf(':root');
const dark = new Map([...light, ...varsOf(":root[data-theme='dark']")]);
const systemDark = new Map([
  ...light,
  ...varsOf(":root:not([data-theme]), :root[data-theme='system']"),
]);
const highContrast = new Map([...light, ...varsOf(":root[data-theme='high-contrast']")]);

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1]!.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Foreground / background pairs as the components use them, with the ratio each needs. */
const TEXT = 4.5;
const UI = 3;
const PAIRS: [fg: string, bg: string, min: number][] = [
  ['fg', 'bg', TEXT],
  ['fg', 'bg-raised', TEXT],
  ['fg', 'bg-hover', TEXT],
  ['fg-muted', 'bg', TEXT],
  ['fg-muted', 'bg-raised', TEXT],
  ['fg-muted', 'bg-hover', TEXT],
  ['accent', 'bg', TEXT], // links and link buttons
  ['accent', 'bg-raised', TEXT],
  ['accent-fg', 'accent', TEXT], // primary buttons
  ['danger', 'bg', TEXT],
  ['danger', 'danger-bg', TEXT],
  ['warning', 'bg', TEXT],
  ['warning', 'warning-bg', TEXT],
  ['ring-urgent', 'bg', TEXT], // the seconds next to the ring turn this colour
  ['focus', 'bg', UI],
  ['focus', 'bg-raised', UI],
  ['border-strong', 'bg', UI], // edges of inputs and selects
  ['border-strong', 'bg-raised', UI],
];

describe.each([
  ['light', light],
  ['dark', dark],
  ['system dark', systemDark],
  ['high-contrast', highContrast],
])('theme %s', (_name, vars) => {
  it.each(PAIRS)('%s on %s reaches %s:1', (fg, bg, min) => {
    const ratio = contrast(vars.get(fg)!, vars.get(bg)!);
    expect(ratio).toBeGreaterThanOrEqual(min);
  });
});

describe('theme.css', () => {
  it('uses the same dark palette whether chosen or following the system', () => {
    expect(Object.fromEntries(systemDark)).toEqual(Object.fromEntries(dark));
  });

  it('gives high contrast its own value for every colour (nothing inherited from light)', () => {
    const own = varsOf(":root[data-theme='high-contrast']");
    const colours = [...light].filter(([, v]) => v.startsWith('#')).map(([k]) => k);
    expect(colours.filter((k) => !own.has(k))).toEqual([]);
    expect(highContrast.get('bg')).toBe('#000000');
    expect(highContrast.get('fg')).toBe('#ffffff');
  });

  it('draws a thicker focus ring in high contrast', () => {
    expect(parseFloat(highContrast.get('focus-width')!)).toBeGreaterThanOrEqual(3);
    expect(css).toMatch(/:focus-visible\s*\{[^}]*outline:\s*var\(--focus-width\)/);
  });

  it('turns animation off for reduced motion and keeps edges visible in forced colours', () => {
    expect(css).toMatch(/@media \(prefers-reduced-motion: reduce\)[\s\S]*?transition: none/);
    expect(css).toMatch(/@media \(forced-colors: active\)[\s\S]*?Highlight/);
  });
});
