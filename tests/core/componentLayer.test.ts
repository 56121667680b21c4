// Keeps the "components never import entrypoints" lint rule honest: if eslint.config.js stops
// applying it to components/ (a moved glob, a renamed rule), this fails instead of the rule
// silently rotting.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Never written to disk: lintText only uses the path to pick the config that applies.
const componentTs = path.join(repoRoot, 'components', 'scan', '__layer_probe__.ts');
const componentSvelte = path.join(repoRoot, 'components', 'scan', '__LayerProbe__.svelte');
const entrypointTs = path.join(repoRoot, 'entrypoints', 'popup', '__layer_probe__.ts');

// One instance: loading the typescript-eslint config is the slow part, and it is the same each time.
const eslint = new ESLint({ cwd: repoRoot });

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, line: m.line }));
}

const REACHING_ENTRYPOINTS = [
  "import { targetTabId } from '../../entrypoints/popup/popupTarget';", // 1
  "import { popOut } from '@/entrypoints/popup/popOut';", // 2
  "import { FILL_COMMAND } from '~~/entrypoints/background/autofill';", // 3
  'export const a = [targetTabId, popOut, FILL_COMMAND];', // 4
].join('\n');

// ESLint with the Svelte and typescript-eslint configs takes seconds on a busy 2-core machine:
// far past vitest's 5 s default. The limit is only a hang guard.
describe('components never import entrypoints (lint rule)', { timeout: 180_000 }, () => {
  it('refuses a component module importing an entrypoint', async () => {
    expect(await lint(REACHING_ENTRYPOINTS, componentTs)).toEqual(
      expect.arrayContaining([
        { rule: 'no-restricted-imports', line: 1 },
        { rule: 'no-restricted-imports', line: 2 },
        { rule: 'no-restricted-imports', line: 3 },
      ]),
    );
  });

  it('refuses a Svelte component importing an entrypoint', async () => {
    const svelte = [
      '<script lang="ts">', // 1
      "  import { targetTabId } from '../../entrypoints/popup/popupTarget';", // 2
      '</script>', // 3
      '', // 4
      '<p>{targetTabId()}</p>', // 5
      '',
    ].join('\n');
    expect(await lint(svelte, componentSvelte)).toEqual([
      { rule: 'no-restricted-imports', line: 2 },
    ]);
  });

  it('lets components import components and lib, and the popup target by context', async () => {
    const fine = [
      "import { getPopupTarget } from '../popupTarget';",
      "import { request } from '../ui/request';",
      "import { sendMessage } from '../../lib/messaging';",
      'export const b = [getPopupTarget, request, sendMessage];',
    ].join('\n');
    expect(await lint(fine, componentTs)).toEqual([]);
  });

  it('lets entrypoints import entrypoints and components', async () => {
    const entry = [
      "import { targetTabId } from './popupTarget';",
      "import { getPopupTarget } from '../../components/popupTarget';",
      'export const c = [targetTabId, getPopupTarget];',
    ].join('\n');
    expect(await lint(entry, entrypointTs)).toEqual([]);
  });
});
