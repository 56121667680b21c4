import { readFileSync } from 'node:fs';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import type { GeneratedI18nStructure } from '../../.wxt/i18n/structure';

/**
 * Unit tests run in plain Node, where there is no browser.i18n. This stands in for `#i18n`: the
 * real @wxt-dev/i18n over the real English catalogue, with getMessage following Chrome's rules
 * ($1–$9 replaced, $$ kept as one $), so a test sees exactly the sentence a user would.
 */
const catalogue = generateChromeMessages(
  parseMessagesText(readFileSync(new URL('../../locales/en.yml', import.meta.url), 'utf8'), 'YAML'),
) as Record<string, { message: string }>;

function getMessage(name: string, substitutions?: string | string[]): string {
  const entry = catalogue[name];
  if (!entry) return '';
  const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
  return entry.message.replace(/\$(\$|[1-9])/g, (_, d: string) =>
    d === '$' ? '$' : (subs[Number(d) - 1] ?? ''),
  );
}

const g = globalThis as { chrome?: { i18n?: unknown } };
g.chrome ??= {};
g.chrome.i18n = { getMessage };

const { createI18n } = await import('@wxt-dev/i18n');
export const i18n = createI18n<GeneratedI18nStructure>();
export type { GeneratedI18nStructure };
