import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

/**
 * Every word a person reads comes from the catalogue. This walks each component's markup and
 * reports literal text and literal text attributes (labels, placeholders, titles…), so a new
 * English string cannot slip past the translators.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'title',
  'alt',
  'label',
]);
const WORD = /\p{L}{2,}/u;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return svelteFiles(p);
    return d.name.endsWith('.svelte') ? [p] : [];
  });
}

interface Node {
  type: string;
  name?: string;
  data?: string;
  value?: unknown;
  [key: string]: unknown;
}

function literals(node: unknown, found: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) literals(n, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.type === 'Text' && typeof n.data === 'string' && WORD.test(n.data)) {
    found.push(n.data.trim());
  }
  if (n.type === 'Attribute') {
    // Other attributes (class, type, role…) are code, not text a person reads.
    if (!n.name || !TEXT_ATTRIBUTES.has(n.name) || !Array.isArray(n.value)) return;
    for (const part of n.value as Node[]) {
      if (part.type === 'Text' && WORD.test(part.data ?? ''))
        found.push(`${n.name}="${part.data}"`);
    }
    return;
  }
  for (const [key, value] of Object.entries(n)) {
    // Scripts and styles are not markup; attribute values other than the text ones are not read.
    if (key === 'instance' || key === 'module' || key === 'css' || key === 'attributes') continue;
    literals(value, found);
  }
  if (Array.isArray(n.attributes)) {
    for (const a of n.attributes as Node[]) if (a.type === 'Attribute') literals(a, found);
  }
}

describe('component markup', () => {
  const files = ['components', 'entrypoints'].flatMap((d) => svelteFiles(join(root, d)));

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('has no text outside the catalogue', () => {
    const offenders: Record<string, string[]> = {};
    for (const file of files) {
      const ast = parse(readFileSync(file, 'utf8'), { modern: true });
      const found: string[] = [];
      literals(ast.fragment, found);
      if (found.length > 0) offenders[relative(root, file)] = found;
    }
    expect(offenders).toEqual({});
  });
});
