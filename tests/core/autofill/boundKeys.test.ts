import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundKeysOf, originKeys, siteKeys } from '../../../lib/core/autofill/boundKeys';
import { siteMatches } from '../../../lib/core/autofill/origin';

const HOSTS = [
  'github.com',
  'www.github.com',
  'gist.github.com',
  'evilgithub.com',
  'github.com.evil.test',
  'a.github.io',
  'b.github.io',
  'github.io',
  'example.co.uk',
  'login.example.co.uk',
  'localhost',
  '127.0.0.1',
  '[::1]',
  'xn--bcher-kva.example',
];
const origin = fc
  .tuple(fc.constantFrom('https', 'http'), fc.constantFrom(...HOSTS), fc.constantFrom('', ':8443'))
  .map(([s, h, p]) => `${s}://${h}${p}`);

function meets(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}

describe('bound-site keys', () => {
  it('meet exactly when siteMatches says the origin may be filled', () => {
    fc.assert(
      fc.property(origin, origin, fc.boolean(), (site, frame, subdomains) => {
        expect(meets(siteKeys(site, subdomains), originKeys(frame))).toBe(
          siteMatches(site, frame, { subdomains }),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('keep private-suffix siblings apart and look-alikes out', () => {
    const keys = boundKeysOf([{ id: '1', sites: ['https://a.github.io'], subdomains: true }]);
    expect(meets(keys, originKeys('https://b.github.io'))).toBe(false);
    const exact = boundKeysOf([{ id: '2', sites: ['https://github.com'] }]);
    expect(meets(exact, originKeys('https://github.com.evil.test'))).toBe(false);
    expect(meets(exact, originKeys('https://gist.github.com'))).toBe(false);
    expect(meets(exact, originKeys('http://github.com'))).toBe(false);
    expect(meets(exact, originKeys('https://github.com'))).toBe(true);
  });

  it('list every account once, in an order that says nothing', () => {
    const keys = boundKeysOf([
      { id: '1', sites: ['https://b.test', 'https://a.test'] },
      { id: '2', sites: ['https://a.test', 'not a site'] },
      { id: '3', sites: [] },
    ]);
    expect(keys).toEqual([...new Set(keys)].sort());
    expect(keys).toHaveLength(2);
  });
});
