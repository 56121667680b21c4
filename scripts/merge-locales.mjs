// TEMPORARY while several people write the catalogue at once: joins locales/parts/<area>/<lang>.yml
// into locales/<lang>.yml (each part holds its own top-level keys). Removed once merged.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
const LANGS = ['en', 'it', 'sv', 'nl', 'de', 'fr', 'es'];
const areas = readdirSync('locales/parts').sort();
for (const lang of LANGS) {
  const body = areas
    .map((a) => `locales/parts/${a}/${lang}.yml`)
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p, 'utf8').trimEnd() + '\n')
    .join('');
  writeFileSync(`locales/${lang}.yml`, body);
}
console.log(`merged ${areas.length} parts into ${LANGS.length} catalogues`);
