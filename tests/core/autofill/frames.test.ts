import { describe, expect, it } from 'vitest';
import { checkFrameChain, type FrameRecord } from '../../../lib/core/autofill/frames';

const top: FrameRecord = {
  frameId: 0,
  parentFrameId: -1,
  url: 'https://github.com/login',
  documentId: 'DOC0',
  documentLifecycle: 'active',
};

function frame(frameId: number, parentFrameId: number, url: string, documentId = `DOC${frameId}`) {
  return { frameId, parentFrameId, url, documentId, documentLifecycle: 'active' };
}

describe('checkFrameChain', () => {
  it('accepts the top frame that asked', () => {
    expect(
      checkFrameChain([top], { frameId: 0, origin: 'https://github.com', documentId: 'DOC0' }),
    ).toEqual({ ok: true, origin: 'https://github.com' });
  });

  it('accepts a same-origin iframe, however deep', () => {
    const frames = [top, frame(3, 0, 'https://github.com/a'), frame(7, 3, 'https://github.com/b')];
    expect(
      checkFrameChain(frames, { frameId: 7, origin: 'https://github.com', documentId: 'DOC7' }).ok,
    ).toBe(true);
  });

  it('refuses a cross-origin iframe of a matching page', () => {
    const frames = [top, frame(3, 0, 'https://evil.test/x')];
    expect(
      checkFrameChain(frames, { frameId: 3, origin: 'https://evil.test', documentId: 'DOC3' }),
    ).toEqual({ ok: false, reason: 'cross-origin-ancestor' });
  });

  it('refuses the right site embedded by another one, or with a foreign frame in between', () => {
    const evilTop = frame(0, -1, 'https://evil.test/');
    const framed = [evilTop, frame(4, 0, 'https://github.com/login')];
    expect(
      checkFrameChain(framed, { frameId: 4, origin: 'https://github.com', documentId: 'DOC4' }),
    ).toEqual({ ok: false, reason: 'cross-origin-ancestor' });
    const sandwich = [top, frame(2, 0, 'https://evil.test/'), frame(5, 2, 'https://github.com/x')];
    expect(
      checkFrameChain(sandwich, { frameId: 5, origin: 'https://github.com', documentId: 'DOC5' }),
    ).toEqual({ ok: false, reason: 'cross-origin-ancestor' });
  });

  it('refuses sandboxed documents (opaque origin)', () => {
    const frames = [top, frame(3, 0, 'https://github.com/sandboxed')];
    expect(checkFrameChain(frames, { frameId: 3, origin: 'null', documentId: 'DOC3' })).toEqual({
      ok: false,
      reason: 'opaque-origin',
    });
  });

  it('refuses a frame that navigated since it asked', () => {
    expect(
      checkFrameChain([top], { frameId: 0, origin: 'https://github.com', documentId: 'OLD' }),
    ).toEqual({ ok: false, reason: 'navigated' });
    const moved = { ...top, url: 'https://evil.test/' };
    expect(
      checkFrameChain([moved], { frameId: 0, origin: 'https://github.com', documentId: 'DOC0' }),
    ).toEqual({ ok: false, reason: 'navigated' });
  });

  it('refuses prerendered and cached documents', () => {
    const cached = { ...top, documentLifecycle: 'cached' };
    expect(
      checkFrameChain([cached], { frameId: 0, origin: 'https://github.com', documentId: 'DOC0' }),
    ).toEqual({ ok: false, reason: 'inactive' });
  });

  it('refuses unknown frames, gaps and loops in the tree', () => {
    expect(checkFrameChain([top], { frameId: 9, origin: 'https://github.com' }).ok).toBe(false);
    const orphan = [frame(3, 2, 'https://github.com/')];
    expect(checkFrameChain(orphan, { frameId: 3, origin: 'https://github.com' }).ok).toBe(false);
    const loop = [frame(1, 2, 'https://github.com/'), frame(2, 1, 'https://github.com/')];
    expect(checkFrameChain(loop, { frameId: 1, origin: 'https://github.com' }).ok).toBe(false);
  });

  it('refuses non-web senders and about:blank ancestors', () => {
    expect(checkFrameChain([top], { frameId: 0, origin: 'chrome-extension://abc' }).ok).toBe(false);
    const blank = [frame(0, -1, 'about:blank'), frame(1, 0, 'https://github.com/')];
    expect(
      checkFrameChain(blank, { frameId: 1, origin: 'https://github.com', documentId: 'DOC1' }).ok,
    ).toBe(false);
  });

  it('works without documentId (Firefox) by comparing the frame URL', () => {
    const ff = [{ frameId: 0, parentFrameId: -1, url: 'https://github.com/login' }];
    expect(checkFrameChain(ff, { frameId: 0, origin: 'https://github.com' }).ok).toBe(true);
    expect(checkFrameChain(ff, { frameId: 0, origin: 'https://evil.test' }).ok).toBe(false);
  });

  describe('about:blank and srcdoc frames (origin inherited, from sender.origin)', () => {
    for (const url of ['about:blank', 'about:srcdoc', 'about:blank#x']) {
      it(`accepts ${url} in a same-origin page, with the browser's origin`, () => {
        const frames = [top, frame(5, 0, url)];
        expect(
          checkFrameChain(frames, { frameId: 5, origin: 'https://github.com', documentId: 'DOC5' }),
        ).toEqual({ ok: true, origin: 'https://github.com' });
      });
    }

    it('refuses one whose inherited origin differs from its parent', () => {
      // A foreign frame navigated it, or it sits in a cross-origin iframe.
      const frames = [top, frame(3, 0, 'https://evil.test/'), frame(5, 3, 'about:blank')];
      expect(
        checkFrameChain(frames, { frameId: 5, origin: 'https://evil.test', documentId: 'DOC5' }),
      ).toEqual({ ok: false, reason: 'cross-origin-ancestor' });
      expect(
        checkFrameChain([top, frame(5, 0, 'about:blank')], {
          frameId: 5,
          origin: 'https://evil.test',
          documentId: 'DOC5',
        }),
      ).toEqual({ ok: false, reason: 'cross-origin-ancestor' });
    });

    it('refuses one in a sandboxed frame (opaque origin)', () => {
      const frames = [top, frame(5, 0, 'about:srcdoc')];
      expect(checkFrameChain(frames, { frameId: 5, origin: 'null', documentId: 'DOC5' })).toEqual({
        ok: false,
        reason: 'opaque-origin',
      });
    });

    it('refuses one without document ids (nothing pins the document)', () => {
      const frames = [top, { frameId: 5, parentFrameId: 0, url: 'about:blank' }];
      expect(checkFrameChain(frames, { frameId: 5, origin: 'https://github.com' }).ok).toBe(false);
    });

    it('refuses one that now holds another document', () => {
      const frames = [top, frame(5, 0, 'about:blank', 'DOC9')];
      expect(
        checkFrameChain(frames, { frameId: 5, origin: 'https://github.com', documentId: 'DOC5' }),
      ).toEqual({ ok: false, reason: 'navigated' });
    });

    it('never takes an about: URL for a web origin', () => {
      const frames = [top, frame(5, 0, 'about:blank')];
      expect(
        checkFrameChain(frames, { frameId: 5, origin: 'about:blank', documentId: 'DOC5' }).ok,
      ).toBe(false);
    });
  });
});
