import { describe, expect, it } from 'vitest';
import { BRAND_ICONS } from '../../components/codes/brandIconSet';
import {
  ICON_TILE,
  brandFill,
  contrastRatio,
  iconFor,
  iconKeyFor,
  iconNameKey,
} from '../../components/codes/brandIcons';

describe('brand icons by issuer', () => {
  it('normalises names: case, accents, spaces and punctuation', () => {
    expect(iconNameKey(' Git-Hub, Inc. ')).toBe('githubinc');
    expect(iconNameKey('Bäñk')).toBe('bank');
  });

  it('finds icons for the usual spellings of an issuer', () => {
    expect(iconKeyFor('GitHub')).toBe('github');
    expect(iconKeyFor('github.com')).toBe('github');
    expect(iconKeyFor('GitHub Enterprise')).toBe('github');
    expect(iconKeyFor('Google')).toBe('google');
    expect(iconKeyFor('Gmail')).toBe('gmail');
    expect(iconKeyFor('Proton Mail')).toBe('protonmail');
    expect(iconKeyFor('Battle.net')).toBe('battledotnet');
    expect(iconKeyFor('1Password')).toBe('1password');
  });

  it('knows old and other names through aliases', () => {
    expect(iconKeyFor('Twitter')).toBe('x');
    expect(iconKeyFor('X')).toBe('x');
    expect(iconKeyFor('Electronic Arts')).toBe('ea');
    expect(iconKeyFor('Amex')).toBe('americanexpress');
  });

  it('gives no icon to unknown issuers', () => {
    expect(iconKeyFor('Example Bank')).toBeNull();
    expect(iconKeyFor('')).toBeNull();
    expect(iconKeyFor('Acme Corp')).toBeNull();
  });

  it("honours the user's choice: another icon, or none", () => {
    expect(iconFor('Example Bank', 'github')?.slug).toBe('github');
    expect(iconFor('GitHub', '')).toBeNull();
    expect(iconFor('GitHub', null)?.slug).toBe('github');
    expect(iconFor('GitHub', 'notashippedicon')).toBeNull();
  });

  it('ships a curated set, each listed under its own slug', () => {
    const keys = Object.keys(BRAND_ICONS);
    expect(keys.length).toBeGreaterThanOrEqual(150);
    expect(keys.length).toBeLessThanOrEqual(250);
    for (const [key, icon] of Object.entries(BRAND_ICONS)) expect(icon.slug).toBe(key);
  });

  it('every icon meets 3:1 against its tile', () => {
    for (const icon of Object.values(BRAND_ICONS)) {
      expect(contrastRatio(brandFill(icon), ICON_TILE), icon.title).toBeGreaterThanOrEqual(3);
    }
    // A light brand colour is replaced, a dark one kept.
    expect(brandFill({ hex: 'FFFC00' })).not.toBe('#FFFC00');
    expect(brandFill({ hex: '181717' })).toBe('#181717');
  });
});
