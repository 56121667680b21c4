import { describe, expect, it } from 'vitest';
import { faviconUrl, initialOf } from '../../components/codes/siteIcon';

describe('site icons', () => {
  it('asks only the browser’s favicon cache, for the bound site', () => {
    const url = faviconUrl('chrome-extension://abc', 'https://github.com');
    expect(url).toBe('chrome-extension://abc/_favicon/?pageUrl=https%3A%2F%2Fgithub.com&size=32');
  });

  it('has no icon without a site, or without a favicon cache (Firefox)', () => {
    expect(faviconUrl('chrome-extension://abc', undefined)).toBeNull();
    expect(faviconUrl('moz-extension://abc', 'https://github.com')).toBeNull();
  });

  it('uses the first character of the name, whole, for the tile', () => {
    expect(initialOf('github')).toBe('G');
    expect(initialOf('  ärzte')).toBe('Ä');
    expect(initialOf('👩‍💻 Dev')).toBe('👩‍💻');
    expect(initialOf('')).toBe('?');
  });
});
