// Writes the golden byte vectors of the stored formats (tests/fixtures/golden/) from the fixed
// inputs in tests/core/backup/format/goldenVectors.ts. Run once per new format: it writes only
// vectors that do not exist yet. An existing vector is never rewritten here, because a stored
// backup must decode the same forever; changing one means a format change with a migration.
//
//   node scripts/golden.mjs
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(repoRoot, 'tests', 'core', 'backup', 'format', 'goldenVectors.ts');
const outDir = path.join(repoRoot, 'tests', 'fixtures', 'golden');

const dir = mkdtempSync(path.join(tmpdir(), 'tessera-golden-'));
const outfile = path.join(dir, 'golden.mjs');
try {
  // Rolldown ships with Vite, so no extra dependency is needed to run TypeScript here.
  const { build } = await import('rolldown');
  await build({
    input: entry,
    platform: 'node',
    cwd: repoRoot,
    logLevel: 'silent',
    output: { file: outfile, format: 'esm' },
  });
  const { encodeVectors } = await import(pathToFileURL(outfile).href);
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(await encodeVectors())) {
    const file = path.join(outDir, name);
    if (existsSync(file)) {
      console.log(`kept    ${name}`);
      continue;
    }
    writeFileSync(file, text);
    console.log(`written ${name}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
