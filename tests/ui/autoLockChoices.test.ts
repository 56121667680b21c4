import { describe, expect, it } from 'vitest';
import {
  autoLockChoices,
  autoLockFromValue,
  autoLockValue,
} from '../../components/vault/autoLockChoices';
import { DEFAULT_AUTO_LOCK, parseAutoLock } from '../../lib/core/vault/autolock';

describe('auto-lock menu', () => {
  it('offers idle times, browser close and never, in that order', () => {
    expect(autoLockChoices(DEFAULT_AUTO_LOCK).map((c) => c.text)).toEqual([
      'After 1 minute idle',
      'After 5 minutes idle',
      'After 15 minutes idle',
      'After 30 minutes idle',
      'After 60 minutes idle',
      'When the browser closes',
      'Never on this device',
    ]);
  });

  it('includes the default setting among the choices', () => {
    const values = autoLockChoices(DEFAULT_AUTO_LOCK).map((c) => c.value);
    expect(values).toContain(autoLockValue(DEFAULT_AUTO_LOCK));
  });

  it('adds a setting made elsewhere in its sorted place, once', () => {
    const choices = autoLockChoices({ mode: 'idle', minutes: 10 });
    expect(choices.map((c) => c.value).slice(0, 4)).toEqual([
      'idle:1',
      'idle:5',
      'idle:10',
      'idle:15',
    ]);
    expect(choices.filter((c) => c.value === 'idle:10')).toHaveLength(1);
    expect(autoLockChoices({ mode: 'idle', minutes: 15 })).toHaveLength(7);
  });

  it('round-trips every choice through its value, and the background accepts each as is', () => {
    for (const choice of autoLockChoices({ mode: 'idle', minutes: 90 })) {
      const setting = autoLockFromValue(choice.value);
      expect(setting).not.toBeNull();
      if (!setting) continue;
      expect(autoLockValue(setting)).toBe(choice.value);
      expect(parseAutoLock(setting)).toEqual(setting);
    }
  });

  it('reads nothing from a value it does not know', () => {
    for (const junk of [
      '',
      'idle',
      'idle:',
      'idle:x',
      'idle:-1',
      'idle:1.5',
      'sometimes',
      'IDLE:5',
    ]) {
      expect(autoLockFromValue(junk)).toBeNull();
    }
  });
});

describe('auto-lock menu under an organisation policy', () => {
  it('offers only idle times up to the maximum', () => {
    const values = autoLockChoices({ mode: 'idle', minutes: 5 }, { maxAutoLockMinutes: 15 }).map(
      (c) => c.value,
    );
    expect(values).toEqual(['idle:1', 'idle:5', 'idle:15']);
  });

  it('offers everything without a maximum', () => {
    expect(autoLockChoices(DEFAULT_AUTO_LOCK, {}).map((c) => c.value)).toContain('never');
  });
});
