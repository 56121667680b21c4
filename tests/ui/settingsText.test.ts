import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLAINED_PERMISSIONS, permissionRows } from '../../components/settings/permissions';
import { clipboardClearText, themeText } from '../../components/settings/settingsText';
import { CLIPBOARD_CLEAR_CHOICES, THEMES } from '../../lib/core/settings/general';

describe('About: permissions', () => {
  // The permissions array of wxt.config.ts, whatever the build target.
  const config = readFileSync(new URL('../../wxt.config.ts', import.meta.url), 'utf8');
  const block = /permissions:\s*\[([\s\S]*?)\n\s*\],/.exec(config)?.[1] ?? '';
  const requested = [...block.replace(/\/\/.*$/gm, '').matchAll(/'([A-Za-z]+)'/g)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'firefox');

  it('finds the permissions in wxt.config.ts', () => {
    expect(requested).toContain('storage');
    expect(requested.length).toBeGreaterThanOrEqual(10);
  });

  it('explains every permission Tessera asks for', () => {
    expect(requested.filter((p) => !EXPLAINED_PERMISSIONS.includes(p))).toEqual([]);
    for (const row of permissionRows(requested)) {
      expect(row.reason, row.name).not.toBe('No explanation yet.');
      expect(row.reason.length, row.name).toBeGreaterThan(10);
    }
  });

  it('still lists a permission it has no reason for, saying so', () => {
    expect(permissionRows(['storage', 'tabs'])).toEqual([
      { name: 'storage', reason: expect.stringContaining('settings') },
      { name: 'tabs', reason: 'No explanation yet.' },
    ]);
  });
});

describe('General: choices as a person reads them', () => {
  it('names every clipboard delay in seconds or minutes', () => {
    expect(CLIPBOARD_CLEAR_CHOICES.map(clipboardClearText)).toEqual([
      'Never',
      'After 15 seconds',
      'After 30 seconds',
      'After 1 minute',
      'After 2 minutes',
    ]);
    expect(clipboardClearText(1)).toBe('After 1 second');
  });

  it('names every theme', () => {
    expect(THEMES.map(themeText)).toEqual(['Same as the system', 'Light', 'Dark', 'High contrast']);
  });
});
