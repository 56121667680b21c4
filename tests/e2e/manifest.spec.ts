import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../../scripts/lib/launch-extension.mjs';
import { E2E_KDF_NOTICE } from '../../lib/core/crypto/e2eKdf';
import {
  ALLOWED_CSP_SOURCES,
  E2E_ONLY_MANIFEST_KEYS,
  EXPECTED_PERMISSIONS,
  FIREFOX_PERMISSIONS,
} from './support/permissions';

// Reads the builds `npm test` made before Playwright runs; no browser needed.
type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: string | { extension_pages?: string; sandbox?: string };
  browser_specific_settings?: { gecko?: { id?: string } };
};

const outputDir = path.join(repoRoot, '.output');

function readManifest(dir: string): Manifest {
  const file = path.join(outputDir, dir, 'manifest.json');
  if (!existsSync(file))
    throw new Error(`${file} is missing: run the builds first (npm test does).`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** WXT targets Firefox MV2 unless told otherwise; accept whichever this build produced. */
function firefoxDir(suffix = ''): string {
  const pattern = new RegExp(`^firefox-mv[23]${suffix}$`);
  const dirs = readdirSync(outputDir).filter((d) => pattern.test(d));
  if (dirs.length !== 1)
    throw new Error(`Expected one Firefox build in .output, found: ${dirs.join(', ') || 'none'}`);
  return dirs[0]!;
}

function cspSources(policy: string): string[] {
  return policy
    .split(';')
    .map((d) => d.trim().split(/\s+/).slice(1))
    .flat()
    .filter(Boolean);
}

const looksLikeHost = (p: string) => p === '<all_urls>' || p.includes('://') || p.includes('*');

test.describe('production Chromium manifest', () => {
  test('asks for exactly the documented permissions', () => {
    const manifest = readManifest('chrome-mv3');
    expect([...(manifest.permissions ?? [])].sort()).toEqual([...EXPECTED_PERMISSIONS].sort());
  });

  test('has no host access or downloads at install; both are asked for when needed', () => {
    const manifest = readManifest('chrome-mv3');
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // The kit auto-save asks for downloads when the user turns it on; never at install.
    expect(manifest.optional_permissions).toEqual(['downloads']);
    expect(manifest.permissions ?? []).not.toContain('downloads');
  });

  test('CSP allows no remote or inline code', () => {
    const csp = readManifest('chrome-mv3').content_security_policy;
    expect(typeof csp).toBe('object');
    const policies = Object.values(csp as Record<string, string>);
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      expect(policy).toMatch(/(^|;)\s*script-src\s/);
      for (const source of cspSources(policy)) expect(ALLOWED_CSP_SOURCES).toContain(source);
    }
  });
});

test('e2e manifest differs from production only by host access', () => {
  const production = readManifest('chrome-mv3');
  const e2e = readManifest('chrome-mv3-e2e');
  const e2eOnly = Object.keys(E2E_ONLY_MANIFEST_KEYS);
  const withoutE2eKeys = Object.fromEntries(
    Object.entries(e2e).filter(([k]) => !e2eOnly.includes(k)),
  );
  expect(withoutE2eKeys).toEqual(production);
  for (const key of e2eOnly)
    expect(e2e[key]).toEqual(E2E_ONLY_MANIFEST_KEYS[key as keyof typeof E2E_ONLY_MANIFEST_KEYS]);
});

test('Firefox manifest has a gecko id and no host access at install', () => {
  const manifest = readManifest(firefoxDir());
  expect(manifest.browser_specific_settings?.gecko?.id).toMatch(/^[^@\s]+@[^@\s]+$/);
  // MV2 lists host patterns among permissions, so check both places.
  expect((manifest.permissions ?? []).filter(looksLikeHost)).toEqual([]);
  expect(manifest.host_permissions).toBeUndefined();
  // The clock check's sites are asked for one at a time (MV2 keeps them in optional_permissions).
  // The kit auto-save's downloads is optional there too.
  expect(manifest.optional_permissions).toEqual(['https://*/*', 'http://*/*', 'downloads']);
  expect(manifest.permissions ?? []).not.toContain('downloads');
  expect([...(manifest.permissions ?? [])].sort()).toEqual([...FIREFOX_PERMISSIONS].sort());
  expect(manifest.key).toBeUndefined();
});

test('Firefox e2e manifest differs from production only by host access', () => {
  const production = readManifest(firefoxDir());
  const e2e = readManifest(firefoxDir('-e2e'));
  // MV2 has no host_permissions key: WXT lists the e2e build's host access among permissions.
  const hosts = E2E_ONLY_MANIFEST_KEYS.host_permissions as readonly string[];
  const e2eHosts = (e2e.permissions ?? []).filter(looksLikeHost);
  const e2eHostKeys = e2e.host_permissions ?? [];
  expect([...e2eHosts, ...e2eHostKeys].sort()).toEqual([...hosts].sort());
  const withoutHosts = {
    ...e2e,
    permissions: (e2e.permissions ?? []).filter((p) => !looksLikeHost(p)),
  };
  delete withoutHosts.host_permissions;
  expect(withoutHosts).toEqual(production);
});

/** Every script of a build, with its path, for what must (not) be in a bundle. */
function scriptsOf(dir: string): { file: string; text: string }[] {
  const root = path.join(outputDir, dir);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(js|html)$/.test(f))
    .map((f) => ({ file: f, text: readFileSync(path.join(root, f), 'utf8') }));
}

// The e2e build makes and accepts cheap Argon2id slots (lib/core/crypto/e2eKdf.ts); the setting
// and its notice come together, so finding the notice finds the setting.
test('only the e2e builds carry the test-only fast key derivation', () => {
  for (const dir of ['chrome-mv3', firefoxDir()]) {
    const carriers = scriptsOf(dir)
      .filter((s) => s.text.includes(E2E_KDF_NOTICE))
      .map((s) => s.file);
    expect(carriers, `${dir} must not carry the e2e KDF`).toEqual([]);
  }
  for (const dir of ['chrome-mv3-e2e', firefoxDir('-e2e')]) {
    const carriers = scriptsOf(dir)
      .filter((s) => s.text.includes(E2E_KDF_NOTICE))
      .map((s) => s.file);
    // The background sets it; the emergency kit's decryptor (embedded as text) sets it too.
    expect(carriers, `${dir} carries the e2e KDF`).toContain('background.js');
    expect(carriers.length, `${dir}: the kit carries the e2e KDF`).toBeGreaterThanOrEqual(2);
  }
});
