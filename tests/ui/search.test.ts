import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesQuery } from '../../components/codes/search';

const zurich = { issuer: 'Zürich Bank', label: 'bob', sites: [] };
const github = { issuer: 'GitHub', label: 'alice@example.com', sites: ['https://gist.github.com'] };

describe('foldForSearch', () => {
  it('drops case and accents', () => {
    expect(foldForSearch('Zürich')).toBe('zurich');
    expect(foldForSearch('ÉCOLE Façade Ñandú')).toBe('ecole facade nandu');
  });

  it('folds precomposed and decomposed spellings to the same text', () => {
    expect(foldForSearch('Zu\u0308rich')).toBe(foldForSearch('Z\u00fcrich'));
  });
});

describe('matchesQuery', () => {
  it('finds by issuer, account name or bound site', () => {
    expect(matchesQuery(github, 'git')).toBe(true);
    expect(matchesQuery(github, 'alice')).toBe(true);
    expect(matchesQuery(github, 'gist')).toBe(true);
    expect(matchesQuery(zurich, 'gist')).toBe(false);
  });

  it('ignores case and accents on both sides', () => {
    expect(matchesQuery(zurich, 'zurich')).toBe(true);
    expect(matchesQuery(zurich, 'ZÜRICH')).toBe(true);
    expect(matchesQuery({ issuer: 'Zurich', label: '', sites: [] }, 'zürich')).toBe(true);
  });

  it('needs every word, in any order and any field', () => {
    expect(matchesQuery(zurich, 'bob zurich')).toBe(true);
    expect(matchesQuery(zurich, 'bank  BOB ')).toBe(true);
    expect(matchesQuery(zurich, 'bob carol')).toBe(false);
  });

  it('shows everything for an empty or blank query', () => {
    expect(matchesQuery(zurich, '')).toBe(true);
    expect(matchesQuery(zurich, ' \t ')).toBe(true);
  });

  it('does not match across the boundary between two fields', () => {
    // "bank\nbob": a word never contains whitespace, so it cannot span the separator.
    expect(matchesQuery(zurich, 'bankbob')).toBe(false);
  });
});
