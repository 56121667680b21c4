import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessagesText } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const LOCALES = ['en', 'it', 'sv', 'nl', 'de', 'fr', 'es'] as const;

interface Entry {
  substitutions: number;
  named: string[];
  forms: string[];
  text: string;
}

function load(locale: string): Map<string, Entry> {
  const text = readFileSync(join(root, 'locales', `${locale}.yml`), 'utf8');
  const entries = new Map<string, Entry>();
  for (const m of parseMessagesText(text, 'YAML')) {
    const key = m.key.join('.');
    if (key.startsWith('@@')) continue; // the browser's predefined messages
    const forms = m.type === 'plural' ? Object.keys(m.plurals).sort() : [];
    const body = m.type === 'plural' ? Object.values(m.plurals).join(' | ') : m.message;
    entries.set(key, {
      substitutions: m.substitutions,
      named: [...m.namedSubstitutions].sort(),
      forms,
      text: body,
    });
  }
  return entries;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte|css|html)$/.test(d.name) ? [p] : [];
  });
}

const english = load('en');

describe('message catalogue', () => {
  it('has a file for each of the seven languages and nothing else', () => {
    const files = readdirSync(join(root, 'locales')).filter((f) => f.endsWith('.yml'));
    expect(files.map((f) => f.replace('.yml', '')).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    describe(locale, () => {
      const catalogue = load(locale);

      it('has every English key and no other', () => {
        const missing = [...english.keys()].filter((k) => !catalogue.has(k));
        const extra = [...catalogue.keys()].filter((k) => !english.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('uses the same placeholders and plural forms as English', () => {
        const differ: string[] = [];
        for (const [key, en] of english) {
          const tr = catalogue.get(key);
          if (!tr) continue;
          if (
            tr.substitutions !== en.substitutions ||
            tr.named.join() !== en.named.join() ||
            tr.forms.join() !== en.forms.join()
          ) {
            differ.push(key);
          }
        }
        expect(differ).toEqual([]);
      });

      it('has no empty or untranslated sentences', () => {
        const suspicious = [...catalogue].filter(([key, tr]) => {
          if (tr.text.trim() === '') return true;
          // A whole English sentence left as it is; single words and names may stay the same.
          const en = english.get(key);
          return en !== undefined && tr.text === en.text && /\s\S+\s/.test(en.text);
        });
        expect(suspicious.map(([k]) => k)).toEqual([]);
      });
    });
  }

  it('has no key that the code never uses', () => {
    const files = [
      ...['components', 'entrypoints', 'lib'].flatMap((d) => sourceFiles(join(root, d))),
      join(root, 'wxt.config.ts'),
    ];
    const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = [...english.keys()].filter((key) => {
      const quoted = ["'", '"', '`'].some((q) => source.includes(`${q}${key}${q}`));
      const manifest = source.includes(`__MSG_${key.replaceAll('.', '_')}__`);
      return !quoted && !manifest;
    });
    expect(
      unused,
      `unused keys (searched ${files.map((f) => relative(root, f)).length} files)`,
    ).toEqual([]);
  });
});
