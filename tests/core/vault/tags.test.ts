import { describe, expect, it } from 'vitest';
import {
  MAX_TAG_LENGTH,
  MAX_TAGS,
  accountExtras,
  formatTagText,
  hasTag,
  mergeTags,
  normalizeIconChoice,
  normalizeTag,
  normalizeTags,
  parseTagText,
  tagsInUse,
} from '../../../lib/core/vault/tags';

describe('tag rules', () => {
  it('trims, collapses inner whitespace and limits the length', () => {
    expect(normalizeTag('  work \t stuff ')).toBe('work stuff');
    expect(normalizeTag('x'.repeat(100))).toHaveLength(MAX_TAG_LENGTH);
    expect(normalizeTag('   ')).toBe('');
  });

  it('keeps tags unique without regard to case, first spelling wins', () => {
    expect(normalizeTags(['Work', 'work', ' WORK ', 'Personal'])).toEqual(['Work', 'Personal']);
    expect(normalizeTags(['Éte', 'éte'])).toEqual(['Éte']);
  });

  it('drops empties and non-strings, caps the count', () => {
    expect(normalizeTags(['', ' ', 3, null, 'a'] as unknown[])).toEqual(['a']);
    const many = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expect(normalizeTags(many)).toHaveLength(MAX_TAGS);
  });

  it('reads and writes the comma-separated text of the Edit dialog', () => {
    expect(parseTagText('work, Client A,,  personal ,WORK')).toEqual([
      'work',
      'Client A',
      'personal',
    ]);
    expect(formatTagText(['work', 'Client A'])).toBe('work, Client A');
    expect(parseTagText(formatTagText(['a', 'b c']))).toEqual(['a', 'b c']);
  });

  it('matches, lists and merges tags case-insensitively', () => {
    expect(hasTag(['Work'], 'work')).toBe(true);
    expect(hasTag(undefined, 'work')).toBe(false);
    expect(tagsInUse([['work', 'b'], undefined, ['Work', 'A']])).toEqual(['A', 'b', 'work']);
    expect(mergeTags(['Work'], ['work', 'Home'])).toEqual(['Work', 'Home']);
  });

  it('accepts only known shapes of icon choice', () => {
    expect(normalizeIconChoice('')).toBe('');
    expect(normalizeIconChoice('github')).toBe('github');
    expect(normalizeIconChoice('Git Hub')).toBeUndefined();
    expect(normalizeIconChoice(5)).toBeUndefined();
    expect(accountExtras({ tags: [], icon: undefined })).toEqual({});
    expect(accountExtras({ tags: ['x'], icon: '' })).toEqual({ tags: ['x'], icon: '' });
  });
});
