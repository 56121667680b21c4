import { describe, expect, it } from 'vitest';
import { accountsBoundTo, isBoundTo } from '../../../lib/core/autofill/match';

const github = { id: 'gh', sites: ['https://github.com'] };
const githubWide = { id: 'gh-wide', sites: ['https://github.com'], subdomains: true };
const google = { id: 'g', sites: ['https://accounts.google.com', 'https://myaccount.google.com'] };
const nowhere = { id: 'none', sites: [] };

describe('isBoundTo', () => {
  it('matches any of the bound sites', () => {
    expect(isBoundTo(google, 'https://myaccount.google.com')).toBe(true);
    expect(isBoundTo(google, 'https://mail.google.com')).toBe(false);
  });

  it('widens to the registrable domain only for accounts that chose it', () => {
    expect(isBoundTo(github, 'https://gist.github.com')).toBe(false);
    expect(isBoundTo(githubWide, 'https://gist.github.com')).toBe(true);
    expect(isBoundTo(githubWide, 'https://github.com.evil.test')).toBe(false);
  });

  it('an account without sites matches nothing', () => {
    expect(isBoundTo(nowhere, 'https://github.com')).toBe(false);
  });
});

describe('accountsBoundTo', () => {
  it('keeps the given order and drops the rest', () => {
    const all = [google, github, nowhere, githubWide];
    expect(accountsBoundTo(all, 'https://github.com').map((a) => a.id)).toEqual(['gh', 'gh-wide']);
    expect(accountsBoundTo(all, 'http://github.com')).toEqual([]);
    expect(accountsBoundTo(all, 'https://evilgithub.com')).toEqual([]);
  });
});
