import { describe, expect, it } from 'vitest';
import { FieldRegistry } from '../../../lib/core/autofill/registry';

const frame = (
  frameId: number,
  fields: number,
  extra: Partial<{ documentId: string; focusedAt: number; tabId: number }> = {},
) => ({
  tabId: extra.tabId ?? 1,
  frameId,
  origin: 'https://github.com',
  documentId: extra.documentId ?? `D${frameId}`,
  fields,
  focusedAt: extra.focusedAt ?? 0,
});

describe('FieldRegistry', () => {
  it('remembers frames with fields per tab and forgets them at zero', () => {
    const r = new FieldRegistry();
    r.report(frame(0, 1));
    r.report(frame(3, 2));
    r.report(frame(0, 1, { tabId: 2 }));
    expect(r.frames(1).map((f) => f.frameId)).toEqual([0, 3]);
    r.report(frame(3, 0));
    expect(r.frames(1).map((f) => f.frameId)).toEqual([0]);
    r.forgetTab(1);
    expect(r.frames(1)).toEqual([]);
    expect(r.frames(2)).toHaveLength(1);
    r.forgetFrame(2, 0);
    expect(r.frames(2)).toEqual([]);
  });

  it('keeps the last focus time for the same document only', () => {
    const r = new FieldRegistry();
    r.report(frame(0, 1, { focusedAt: 100 }));
    r.report(frame(0, 2));
    expect(r.frames(1)[0]).toMatchObject({ fields: 2, focusedAt: 100 });
    r.report(frame(0, 1, { documentId: 'NEXT' }));
    expect(r.frames(1)[0]).toMatchObject({ documentId: 'NEXT', focusedAt: 0 });
  });

  it('holds at most 64 frames per tab, whatever a page reports', () => {
    const r = new FieldRegistry();
    for (let i = 0; i < 500; i++) r.report(frame(i, 1));
    expect(r.frames(1)).toHaveLength(64);
  });
});
