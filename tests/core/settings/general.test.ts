import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERAL_SETTINGS, parseGeneralSettings } from '../../../lib/core/settings/general';

describe('parseGeneralSettings: density', () => {
  it('is comfortable by default, and in settings stored before it existed', () => {
    expect(DEFAULT_GENERAL_SETTINGS.density).toBe('comfortable');
    expect(parseGeneralSettings({ theme: 'dark', clipboardClearSeconds: 15 })).toEqual({
      theme: 'dark',
      clipboardClearSeconds: 15,
      density: 'comfortable',
    });
  });

  it('keeps a stored compact choice and drops anything else', () => {
    expect(parseGeneralSettings({ density: 'compact' }).density).toBe('compact');
    for (const density of ['tiny', 1, null, 'COMPACT']) {
      expect(parseGeneralSettings({ density }).density).toBe('comfortable');
    }
  });
});
