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
    expect(iconKeyFor('GitHub', BRAND_ICONS)).toBe('github');
    expect(iconKeyFor('github.com', BRAND_ICONS)).toBe('github');
    expect(iconKeyFor('GitHub Enterprise', BRAND_ICONS)).toBe('github');
    expect(iconKeyFor('Google', BRAND_ICONS)).toBe('google');
    expect(iconKeyFor('Gmail', BRAND_ICONS)).toBe('gmail');
    expect(iconKeyFor('Proton Mail', BRAND_ICONS)).toBe('protonmail');
    expect(iconKeyFor('Battle.net', BRAND_ICONS)).toBe('battledotnet');
    expect(iconKeyFor('1Password', BRAND_ICONS)).toBe('1password');
  });

  it('knows old and other names through aliases', () => {
    expect(iconKeyFor('Twitter', BRAND_ICONS)).toBe('x');
    expect(iconKeyFor('X', BRAND_ICONS)).toBe('x');
    expect(iconKeyFor('Electronic Arts', BRAND_ICONS)).toBe('ea');
    expect(iconKeyFor('Amex', BRAND_ICONS)).toBe('americanexpress');
  });

  it('gives no icon to unknown issuers', () => {
    expect(iconKeyFor('Example Bank', BRAND_ICONS)).toBeNull();
    expect(iconKeyFor('', BRAND_ICONS)).toBeNull();
    expect(iconKeyFor('Acme Corp', BRAND_ICONS)).toBeNull();
  });

  it("honours the user's choice: another icon, or none", () => {
    expect(iconFor('Example Bank', 'github', BRAND_ICONS)?.slug).toBe('github');
    expect(iconFor('GitHub', '', BRAND_ICONS)).toBeNull();
    expect(iconFor('GitHub', null, BRAND_ICONS)?.slug).toBe('github');
    expect(iconFor('GitHub', 'notashippedicon', BRAND_ICONS)).toBeNull();
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
