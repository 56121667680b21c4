// Keeps the lib/core purity lint rule honest: if eslint.config.js stops applying it to
// lib/core (a moved glob, a renamed rule), this fails instead of the rule silently rotting.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Never written to disk: lintText only uses the path to pick the config that applies.
const coreFile = path.join(repoRoot, 'lib', 'core', '__purity_probe__.ts');
const platformFile = path.join(repoRoot, 'lib', 'platform', '__purity_probe__.ts');

// One instance: loading the typescript-eslint config is the slow part, and it is the same each time.
const eslint = new ESLint({ cwd: repoRoot });

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, line: m.line }));
}

const IMPURE = [
  "import Dexie from 'dexie';", // 1
  "import { browser } from 'wxt/browser';", // 2
  "import { sendMessage } from '@webext-core/messaging';", // 3
  "import { db } from '../platform/db';", // 4
  "import { db2 } from '@/lib/platform/db';", // 5
  'export const a = chrome.runtime.id;', // 6
  'export const b = document.title;', // 7
  'export const c = globalThis.chrome;', // 8
  'export const d = [Dexie, browser, sendMessage, db, db2];', // 9
].join('\n');

// ESLint with type-aware config takes seconds on a busy 2-core machine: far past vitest's 5 s
// default. The limit is only a hang guard.
describe('lib/core purity lint rule', { timeout: 180_000 }, () => {
  it('flags framework, storage and platform imports and browser globals in lib/core', async () => {
    const messages = await lint(IMPURE, coreFile);
    expect(messages).toEqual(
      expect.arrayContaining([
        { rule: 'no-restricted-imports', line: 1 },
        { rule: 'no-restricted-imports', line: 2 },
        { rule: 'no-restricted-imports', line: 3 },
        { rule: 'no-restricted-imports', line: 4 },
        { rule: 'no-restricted-imports', line: 5 },
        { rule: 'no-restricted-globals', line: 6 },
        { rule: 'no-restricted-globals', line: 7 },
        { rule: 'no-restricted-properties', line: 8 },
      ]),
    );
  });

  it('allows pure code in lib/core', async () => {
    const pure = [
      "import * as OTPAuth from 'otpauth';",
      "import { argon2id } from 'hash-wasm';",
      "import { TesseraError } from '../errors';",
      'export const e = [OTPAuth, argon2id, TesseraError, globalThis.crypto, new TextEncoder()];',
    ].join('\n');
    expect(await lint(pure, coreFile)).toEqual([]);
  });

  it('does not apply outside lib/core', async () => {
    const rules = (await lint(IMPURE, platformFile)).map((m) => m.rule);
    expect(rules).not.toContain('no-restricted-imports');
    expect(rules).not.toContain('no-restricted-globals');
  });
});
