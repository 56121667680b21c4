import { describe, expect, it } from 'vitest';
import { parseWebOrigin, registrableDomain, siteMatches } from '../../../lib/core/autofill/origin';

type Row = [site: string, frame: string, subdomains: boolean, expected: boolean, why: string];

// prettier-ignore
const TABLE: Row[] = [
  // exact host (the default)
  ['https://github.com', 'https://github.com', false, true, 'same origin'],
  ['https://github.com', 'https://github.com/login?x=1', false, true, 'a URL of the same origin'],
  ['https://github.com', 'https://GITHUB.COM', false, true, 'host case does not matter'],
  ['HTTPS://GitHub.com', 'https://github.com', false, true, 'binding case does not matter'],
  ['https://github.com', 'https://github.com.', false, true, 'trailing dot: the same DNS name'],
  ['https://github.com.', 'https://github.com', false, true, 'trailing dot on the binding'],
  ['https://github.com', 'https://github.com:443', false, true, 'default port spelled out'],
  ['https://github.com', 'https://gist.github.com', false, false, 'subdomain without the choice'],
  ['https://gist.github.com', 'https://github.com', false, false, 'parent without the choice'],
  ['https://github.com', 'https://github.com.evil.test', false, false, 'binding as a prefix'],
  ['https://github.com', 'https://evilgithub.com', false, false, 'binding as a suffix'],
  ['https://github.com', 'https://github.co', false, false, 'another TLD'],
  ['https://github.com', 'https://xn--gthub-n4a.com', false, false, 'homograph in punycode (gíthub)'],
  ['https://github.com', 'https://gíthub.com', false, false, 'homograph in Unicode'],
  ['https://bücher.de', 'https://xn--bcher-kva.de', false, true, 'IDN binding vs punycode page'],
  ['https://xn--bcher-kva.de', 'https://BÜCHER.de', false, true, 'punycode binding vs Unicode page'],
  ['https://github.test', 'https://github.test', false, true, 'test host'],
  // scheme: http never matches https, either way
  ['https://github.com', 'http://github.com', false, false, 'http page, https binding'],
  ['https://github.com', 'http://github.com', true, false, 'http page even with subdomains'],
  ['http://github.test:8080', 'https://github.test:8080', false, false, 'https page, http binding'],
  ['http://github.test:8080', 'http://github.test:8080', false, true, 'dev http binding'],
  // ports
  ['https://github.com', 'https://github.com:8443', false, false, 'another port'],
  ['https://github.com:8443', 'https://github.com', false, false, 'binding on a port'],
  ['https://github.com:8443', 'https://github.com:8443', false, true, 'same port'],
  ['https://github.com', 'https://gist.github.com:8443', true, false, 'subdomain on another port'],
  // registrable domain, only when chosen
  ['https://github.com', 'https://gist.github.com', true, true, 'subdomain with the choice'],
  ['https://gist.github.com', 'https://github.com', true, true, 'parent with the choice'],
  ['https://a.b.github.com', 'https://c.github.com', true, true, 'siblings with the choice'],
  ['https://github.com', 'https://github.com.evil.test', true, false, 'prefix trick with the choice'],
  ['https://github.com', 'https://evilgithub.com', true, false, 'suffix trick with the choice'],
  ['https://github.test', 'https://evilgithub.test', true, false, 'suffix trick on .test'],
  ['https://github.test', 'https://login.github.test', true, true, 'subdomain on .test'],
  ['https://accounts.google.com', 'https://accounts.google.co.uk', true, false, 'another public suffix'],
  ['https://example.co.uk', 'https://other.co.uk', true, false, 'co.uk is a public suffix'],
  ['https://shop.example.co.uk', 'https://example.co.uk', true, true, 'under a multi-label suffix'],
  // private section of the PSL: different owners under one suffix
  ['https://a.github.io', 'https://b.github.io', true, false, 'github.io pages are separate sites'],
  ['https://a.github.io', 'https://a.github.io', true, true, 'same github.io site'],
  ['https://a.github.io', 'https://x.a.github.io', true, true, 'below the same github.io site'],
  ['https://github.io', 'https://a.github.io', true, false, 'binding is itself a public suffix'],
  ['https://foo.blogspot.com', 'https://bar.blogspot.com', true, false, 'blogspot private suffix'],
  ['https://a.herokuapp.com', 'https://b.herokuapp.com', true, false, 'herokuapp private suffix'],
  // IP addresses never widen
  ['https://192.168.1.10', 'https://192.168.1.10', true, true, 'same IP'],
  ['https://192.168.1.10', 'https://192.168.1.11', true, false, 'neighbouring IP'],
  ['https://10.0.0.1', 'https://1.0.0.1', true, false, 'IP suffix trick'],
  ['https://[::1]:8443', 'https://[::1]:8443', false, true, 'IPv6'],
  // things that are not web origins
  ['https://github.com', 'null', false, false, 'opaque (sandboxed) origin'],
  ['https://github.com', 'about:blank', false, false, 'about:blank'],
  ['https://github.com', 'data:text/html,hi', false, false, 'data: URL'],
  ['https://github.com', 'file:///github.com', false, false, 'file: URL'],
  ['https://github.com', 'chrome-extension://abc', false, false, 'extension page'],
  ['https://github.com', '', false, false, 'empty'],
  ['', 'https://github.com', false, false, 'empty binding'],
  ['github.com', 'https://github.com', false, false, 'a binding must be a full origin'],
  ['javascript:alert(1)', 'https://github.com', false, false, 'script URL binding'],
];

describe('siteMatches', () => {
  it.each(TABLE)('%s vs %s (subdomains: %s) → %s: %s', (site, frame, subdomains, expected) => {
    expect(siteMatches(site, frame, { subdomains })).toBe(expected);
  });

  it('defaults to exact host', () => {
    expect(siteMatches('https://github.com', 'https://gist.github.com')).toBe(false);
  });
});

describe('parseWebOrigin', () => {
  it('canonicalises scheme, host and port', () => {
    expect(parseWebOrigin('HTTPS://Bücher.DE.:443/path?q#h')).toEqual({
      scheme: 'https',
      host: 'xn--bcher-kva.de',
      port: '',
      origin: 'https://xn--bcher-kva.de',
    });
    expect(parseWebOrigin('http://github.test:8080')?.origin).toBe('http://github.test:8080');
  });

  it('refuses non-web schemes and double trailing dots', () => {
    for (const bad of [
      'ftp://x.com',
      'ws://x.com',
      'blob:https://x.com/1',
      'https://x.com../',
      'nope',
    ]) {
      expect(parseWebOrigin(bad)).toBeNull();
    }
  });
});

describe('registrableDomain', () => {
  it('uses the private section of the Public Suffix List', () => {
    expect(registrableDomain('a.github.io')).toBe('a.github.io');
    expect(registrableDomain('github.io')).toBeNull();
    expect(registrableDomain('gist.github.com')).toBe('github.com');
    expect(registrableDomain('www.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('[::1]')).toBeNull();
    expect(registrableDomain('127.0.0.1')).toBeNull();
  });
});
