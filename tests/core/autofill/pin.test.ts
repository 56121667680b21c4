import { describe, expect, it } from 'vitest';
import {
  documentToken,
  isSamePage,
  NavigationLog,
  parseFramePin,
  type FramePin,
} from '../../../lib/core/autofill/pin';

const shown: FramePin = { frameId: 0, origin: 'https://bank.test', document: 'doc:A' };

describe('isSamePage', () => {
  it('accepts exactly the frame, origin and document the popup showed', () => {
    expect(isSamePage(shown, { ...shown })).toBe(true);
  });

  it('refuses another origin, document or frame, and a frame that is gone', () => {
    expect(isSamePage(shown, { ...shown, origin: 'https://evil.test' })).toBe(false);
    // Same site, another document: the page the user saw is gone all the same.
    expect(isSamePage(shown, { ...shown, document: 'doc:B' })).toBe(false);
    expect(isSamePage(shown, { ...shown, frameId: 3 })).toBe(false);
    expect(isSamePage(shown, null)).toBe(false);
  });
});

describe('parseFramePin', () => {
  it('keeps a well-formed pin', () => {
    expect(parseFramePin({ ...shown, extra: 1 })).toEqual(shown);
  });

  it.each([
    undefined,
    null,
    'doc:A',
    { ...shown, frameId: -1 },
    { ...shown, frameId: 1.5 },
    { ...shown, origin: '' },
    { ...shown, document: '' },
    { ...shown, document: 'x'.repeat(201) },
    { frameId: 0, origin: 'https://bank.test' },
  ])('refuses %j', (value) => {
    expect(parseFramePin(value)).toBeNull();
  });
});

describe('documentToken', () => {
  it('uses the browser document id where there is one (Chromium)', () => {
    const log = new NavigationLog('e1');
    expect(documentToken({ frameId: 0, documentId: 'ABC' }, 7, log)).toBe('doc:ABC');
    log.committed(7, 0);
    expect(documentToken({ frameId: 0, documentId: 'ABC' }, 7, log)).toBe('doc:ABC');
  });

  it('without one (Firefox), changes with every committed navigation of that frame only', () => {
    const log = new NavigationLog('e1');
    const before = documentToken({ frameId: 0 }, 7, log);
    log.committed(7, 2);
    log.committed(8, 0);
    expect(documentToken({ frameId: 0 }, 7, log)).toBe(before);
    log.committed(7, 0);
    const after = documentToken({ frameId: 0 }, 7, log);
    expect(after).not.toBe(before);
    log.committed(7, 0);
    expect(documentToken({ frameId: 0 }, 7, log)).not.toBe(after);
  });

  it('never matches a token from an earlier background instance', () => {
    const old = new NavigationLog('e1');
    old.committed(7, 0);
    const shownBefore = old.token(7, 0);
    // The worker restarted (counts from zero) and the frame navigated once.
    const fresh = new NavigationLog('e2');
    fresh.committed(7, 0);
    expect(fresh.token(7, 0)).not.toBe(shownBefore);
  });

  it('forgets closed tabs', () => {
    const log = new NavigationLog('e1');
    log.committed(7, 0);
    log.forgetTab(7);
    expect(log.token(7, 0)).toBe(new NavigationLog('e1').token(7, 0));
  });
});
