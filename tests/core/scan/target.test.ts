import { describe, expect, it } from 'vitest';
import { isForbiddenPage, isPdfViewer, siteOfScannedTab } from '../../../lib/core/scan/target';

describe('isForbiddenPage', () => {
  it('refuses browser pages, other extensions, view-source and the extension stores', () => {
    for (const url of [
      'chrome://settings/',
      'chrome://version',
      'edge://extensions',
      'about:blank',
      'view-source:https://example.com/',
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abcdefghijklmnop/popup.html',
      'moz-extension://1234/options.html',
      'https://chromewebstore.google.com/detail/x/abc',
      'https://chrome.google.com/webstore/detail/abc',
      'https://microsoftedge.microsoft.com/addons/detail/abc',
      'https://addons.mozilla.org/en-US/firefox/addon/x/',
      'not a url',
    ]) {
      expect(isForbiddenPage(url), url).toBe(true);
    }
  });

  it('allows web pages and files, and leaves an unknown address to the capture', () => {
    for (const url of [
      'https://github.com/settings/security',
      'http://login.example.test:8080/2fa',
      'https://chrome.google.com/search',
      'file:///home/me/qr.html',
      undefined,
      '',
    ]) {
      expect(isForbiddenPage(url), String(url)).toBe(false);
    }
  });

  it('recognises the PDF viewer by the document address', () => {
    expect(isPdfViewer('https://bank.example/setup/2fa.PDF')).toBe(true);
    expect(isPdfViewer('https://bank.example/setup/2fa.html')).toBe(false);
    expect(isPdfViewer(undefined)).toBe(false);
  });
});

describe('siteOfScannedTab', () => {
  it('binds the origin of the tab, not its path', () => {
    expect(
      siteOfScannedTab('https://github.com/settings/2fa?x=1', 'https://github.com/settings/2fa'),
    ).toEqual({
      site: 'https://github.com',
    });
    expect(
      siteOfScannedTab('http://login.example.test:4321/a', 'http://login.example.test:4321/b'),
    ).toEqual({
      site: 'http://login.example.test:4321',
    });
  });

  it('binds nothing when the tab changed site during the capture', () => {
    expect(siteOfScannedTab('https://github.com/a', 'https://evil.example/b')).toEqual({
      site: null,
      noSiteReason: 'changed',
    });
    expect(siteOfScannedTab('https://github.com/a', undefined)).toEqual({
      site: null,
      noSiteReason: 'changed',
    });
  });

  it('binds nothing when the page was replaced by another at the same address', () => {
    // A → B → A during the capture: the pixels may be B's, whatever the address says.
    expect(siteOfScannedTab('https://github.com/a', 'https://github.com/a', false)).toEqual({
      site: null,
      noSiteReason: 'changed',
    });
    expect(siteOfScannedTab('https://github.com/a', 'https://github.com/a', true)).toEqual({
      site: 'https://github.com',
    });
  });

  it('binds nothing for plain http on a real host, files, or an unknown address', () => {
    expect(siteOfScannedTab('http://example.com/', 'http://example.com/')).toEqual({
      site: null,
      noSiteReason: 'insecure',
    });
    expect(siteOfScannedTab('file:///tmp/qr.html', 'file:///tmp/qr.html')).toEqual({
      site: null,
      noSiteReason: 'insecure',
    });
    expect(siteOfScannedTab(undefined, undefined)).toEqual({ site: null, noSiteReason: 'unknown' });
  });
});
