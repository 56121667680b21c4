import { describe, expect, it } from 'vitest';
import {
  filterByQuery,
  filterByTag,
  foldForSearch,
  matchesQuery,
} from '../../components/codes/search';
import { accountView } from './accountView';

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

describe('filterByQuery', () => {
  // 2,000 accounts, as in the popup benchmark: the same answers as testing each one alone.
  const many = Array.from({ length: 2000 }, (_, i) => ({
    issuer: ['Zürich Bank', 'GitHub', 'Example Mail', 'Ärzte Online'][i % 4] ?? '',
    label: `user${i}@example.com`,
    sites: i % 7 === 0 ? [`https://intranet${i}.corp.example`] : [],
  }));

  it('keeps exactly the accounts matchesQuery accepts, in their order', () => {
    for (const query of ['', ' ', 'zurich', 'ÄRZTE user1', 'intranet', 'user1999', 'gist x', 'e']) {
      expect(filterByQuery(many, query)).toEqual(many.filter((a) => matchesQuery(a, query)));
    }
  });

  it('finds one account far down a long list by its name', () => {
    expect(filterByQuery(many, 'user1742@').map((a) => a.label)).toEqual(['user1742@example.com']);
    expect(filterByQuery(many, 'zurich user1744@')).toHaveLength(1);
    expect(filterByQuery(many, 'github user1744@')).toHaveLength(0);
  });

  it('sees a changed account: a new object is folded afresh', () => {
    const before = { issuer: 'Old Name', label: 'x', sites: [] };
    expect(filterByQuery([before], 'new')).toHaveLength(0);
    const after = { ...before, issuer: 'New Name' };
    expect(filterByQuery([after], 'new')).toEqual([after]);
  });
});

describe('tags in search and the chip filter', () => {
  const work = accountView({ id: 'w', issuer: 'GitHub', tags: ['Work'] });
  const home = accountView({ id: 'h', issuer: 'Bank', label: 'me', tags: ['Home', 'Bills'] });
  const none = accountView({ id: 'n', issuer: 'Forum', label: 'me' });

  it('search matches a tag', () => {
    expect(filterByQuery([work, home, none], 'bills').map((a) => a.id)).toEqual(['h']);
    expect(filterByQuery([work, home, none], 'work').map((a) => a.id)).toEqual(['w']);
  });

  it('a chosen tag keeps only its accounts, without regard to case', () => {
    expect(filterByTag([work, home, none], 'home').map((a) => a.id)).toEqual(['h']);
    expect(filterByTag([work, home, none], null)).toHaveLength(3);
  });
});
