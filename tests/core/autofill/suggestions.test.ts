import { describe, expect, it } from 'vitest';
import {
  isKnownIssuer,
  isSuggestedOrigin,
  suggestedSites,
} from '../../../lib/core/autofill/suggestions';

describe('suggested sign-in sites', () => {
  it('maps well-known issuers to their sign-in hosts, however the issuer is spelled', () => {
    expect(suggestedSites('GitHub')).toEqual(['https://github.com']);
    expect(suggestedSites('github.com')).toEqual(['https://github.com']);
    expect(suggestedSites('Google')).toEqual(['https://accounts.google.com']);
    expect(suggestedSites('Microsoft')).toContain('https://login.microsoftonline.com');
    expect(suggestedSites('Microsoft')).toContain('https://login.live.com');
    expect(suggestedSites('Amazon Web Services')).toContain('https://signin.aws.amazon.com');
    expect(suggestedSites('GitLab')).toEqual(['https://gitlab.com']);
    expect(suggestedSites('npm')).toEqual(['https://www.npmjs.com']);
    expect(suggestedSites('Cloudflare')).toEqual(['https://dash.cloudflare.com']);
    expect(suggestedSites('Discord')).toEqual(['https://discord.com']);
  });

  it('knows nothing about unknown issuers or look-alike names', () => {
    expect(suggestedSites('Zyxwv Industries')).toEqual([]);
    expect(suggestedSites('')).toEqual([]);
    expect(suggestedSites('GitHubb')).toEqual([]);
    expect(isKnownIssuer('Evil GitHub')).toBe(false);
  });

  it('per-customer hosts (Okta) are suggested by suffix, never the bare suffix', () => {
    expect(suggestedSites('Okta')).toEqual([]);
    expect(isKnownIssuer('Okta')).toBe(true);
    expect(isSuggestedOrigin('Okta', 'https://acme.okta.com')).toBe(true);
    expect(isSuggestedOrigin('Okta', 'https://okta.com.evil.test')).toBe(false);
    expect(isSuggestedOrigin('Okta', 'https://evilokta.com')).toBe(false);
  });

  it('suggests only the real https hosts', () => {
    expect(isSuggestedOrigin('GitHub', 'https://github.com')).toBe(true);
    expect(isSuggestedOrigin('GitHub', 'http://github.com')).toBe(false);
    expect(isSuggestedOrigin('GitHub', 'https://github.com:8443')).toBe(false);
    expect(isSuggestedOrigin('GitHub', 'https://github.com.evil.test')).toBe(false);
    expect(isSuggestedOrigin('GitHub', 'https://evilgithub.com')).toBe(false);
    expect(isSuggestedOrigin('Google', 'https://accounts.google.com')).toBe(true);
    expect(isSuggestedOrigin('Google', 'https://github.com')).toBe(false);
  });
});
