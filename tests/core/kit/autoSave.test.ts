import { describe, expect, it } from 'vitest';
import {
  decideKitSave,
  KIT_AUTOSAVE_INTERVAL_MS as DAY,
  KIT_AUTOSAVE_OFF,
  kitAutoSaveDisabled,
  kitAutoSaveEnabled,
  kitChanged,
  kitSaved,
  normalizeKitAutoSave,
} from '../../../lib/core/kit/autoSave';

const T = Date.UTC(2026, 11, 6, 12);

describe('kit auto-save schedule', () => {
  it('does nothing while off, even after changes', () => {
    const state = kitChanged(KIT_AUTOSAVE_OFF, T);
    expect(state.dirtySince).toBeNull();
    expect(decideKitSave(state, T + 2 * DAY)).toEqual({ kind: 'idle' });
  });

  it('saves at the first check after being turned on', () => {
    const state = kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T);
    expect(decideKitSave(state, T)).toEqual({ kind: 'save' });
  });

  it('is idle when nothing changed since the last save', () => {
    const state = kitSaved(kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T), T);
    expect(state).toEqual({ enabled: true, lastSavedAt: T, dirtySince: null });
    expect(decideKitSave(state, T + 10 * DAY)).toEqual({ kind: 'idle' });
  });

  it('saves a change at most once a day', () => {
    const saved = kitSaved(kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T), T);
    const changed = kitChanged(saved, T + 60_000);
    expect(decideKitSave(changed, T + 60_000)).toEqual({ kind: 'wait', until: T + DAY });
    expect(decideKitSave(changed, T + DAY - 1)).toEqual({ kind: 'wait', until: T + DAY });
    expect(decideKitSave(changed, T + DAY)).toEqual({ kind: 'save' });
  });

  it('keeps the first change time while more changes come', () => {
    const saved = kitSaved(kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T), T);
    const once = kitChanged(saved, T + 1000);
    expect(kitChanged(once, T + 5000).dirtySince).toBe(T + 1000);
  });

  it('keeps a change made during a save due', () => {
    const enabled = kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T);
    // The save starts at T + 10; a change arrives at T + 20 before it is recorded.
    const during = { ...enabled, dirtySince: T + 20 };
    const after = kitSaved(during, T + 10);
    expect(after.dirtySince).toBe(T + 20);
    expect(decideKitSave(after, T + DAY + 10)).toEqual({ kind: 'save' });
  });

  it('saves when the clock went back behind the last save', () => {
    const state = { enabled: true, lastSavedAt: T + 5 * DAY, dirtySince: T };
    expect(decideKitSave(state, T)).toEqual({ kind: 'save' });
  });

  it('turning off forgets what is due but keeps the last save time', () => {
    const saved = kitChanged(kitSaved(kitAutoSaveEnabled(KIT_AUTOSAVE_OFF, T), T), T + 1);
    expect(kitAutoSaveDisabled(saved)).toEqual({
      enabled: false,
      lastSavedAt: T,
      dirtySince: null,
    });
  });

  it('reads anything unreadable as off', () => {
    expect(normalizeKitAutoSave(null)).toEqual(KIT_AUTOSAVE_OFF);
    expect(normalizeKitAutoSave('on')).toEqual(KIT_AUTOSAVE_OFF);
    expect(normalizeKitAutoSave({ enabled: 'yes', lastSavedAt: -1, dirtySince: NaN })).toEqual(
      KIT_AUTOSAVE_OFF,
    );
    expect(normalizeKitAutoSave({ enabled: true, lastSavedAt: T, dirtySince: T + 1 })).toEqual({
      enabled: true,
      lastSavedAt: T,
      dirtySince: T + 1,
    });
  });
});
