import { describe, expect, it } from 'vitest';
import { classifySender } from '../../../lib/core/messaging/sender';

const self = { id: 'tessera-id', origin: 'chrome-extension://tessera-id' };

describe('classifySender', () => {
  it('knows extension pages by our id and origin, with or without a tab (the pop-out window)', () => {
    expect(classifySender({ id: self.id, origin: self.origin }, self)).toEqual({
      caller: 'extension',
    });
    expect(classifySender({ id: self.id, origin: self.origin, tab: { id: 3 } }, self)).toEqual({
      caller: 'extension',
    });
  });

  it('puts the browser-set frame of a content script on the verdict', () => {
    expect(
      classifySender(
        {
          id: self.id,
          origin: 'https://github.com',
          url: 'https://evil.test/ignored-when-origin-is-set',
          tab: { id: 5 },
          frameId: 2,
          documentId: 'doc-1',
        },
        self,
      ),
    ).toEqual({
      caller: 'content',
      frame: { tabId: 5, frameId: 2, origin: 'https://github.com', documentId: 'doc-1' },
    });
  });

  it('takes the origin from the browser-set URL where there is no sender.origin (Firefox)', () => {
    expect(
      classifySender(
        { id: self.id, url: 'https://github.com/login?x=1', tab: { id: 5 }, frameId: 0 },
        self,
      ),
    ).toEqual({
      caller: 'content',
      frame: { tabId: 5, frameId: 0, origin: 'https://github.com' },
    });
  });

  it("keeps a sandboxed frame's opaque origin, so that no site can match it", () => {
    const verdict = classifySender(
      { id: self.id, origin: 'null', tab: { id: 5 }, frameId: 1 },
      self,
    );
    expect(verdict).toEqual({
      caller: 'content',
      frame: { tabId: 5, frameId: 1, origin: 'null' },
    });
  });

  it('refuses other extensions, and senders without a tab, frame or origin', () => {
    expect(classifySender({ id: 'other', origin: self.origin }, self)).toBeNull();
    expect(
      classifySender({ id: self.id, origin: 'https://github.com', frameId: 0 }, self),
    ).toBeNull();
    expect(
      classifySender({ id: self.id, origin: 'https://github.com', tab: { id: 1 } }, self),
    ).toBeNull();
    expect(classifySender({ id: self.id, tab: { id: 1 }, frameId: 0 }, self)).toBeNull();
    expect(
      classifySender({ id: self.id, url: 'not a url', tab: { id: 1 }, frameId: 0 }, self),
    ).toBeNull();
  });
});
