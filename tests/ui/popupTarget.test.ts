import { describe, expect, it } from 'vitest';
import { resolvePopupTarget, targetTabId } from '../../entrypoints/popup/popupTarget';

describe('targetTabId (popup.html?tab=<id> of the pop-out window)', () => {
  it('reads a tab id', () => {
    expect(targetTabId('?tab=42')).toBe(42);
    expect(targetTabId('?x=1&tab=7')).toBe(7);
  });

  it('is null for the toolbar popup, which has no ?tab=', () => {
    expect(targetTabId('')).toBeNull();
    expect(targetTabId('?other=1')).toBeNull();
  });

  it.each([
    '?tab=',
    '?tab=x',
    '?tab=-1',
    '?tab=1.5',
    '?tab=1e3',
    '?tab=%201',
    '?tab=99999999999999999999',
  ])('refuses %j', (search) => {
    expect(targetTabId(search)).toBeNull();
  });
});

describe('resolvePopupTarget', () => {
  it('acts on the ?tab= of the pop-out window, as a window', async () => {
    const target = resolvePopupTarget('?tab=42');
    expect(target.windowed).toBe(true);
    expect(await target.tabId).toBe(42);
  });
});
