import { describe, expect, it } from 'vitest';
import { parseSites } from '../../components/codes/sites';

describe('parseSites', () => {
  it('reads one site per line and keeps canonical origins, skipping blank lines', () => {
    expect(parseSites('https://GitHub.com/\n\n  https://a.example:8443  \n')).toEqual({
      ok: true,
      sites: ['https://github.com', 'https://a.example:8443'],
    });
  });

  it('drops the default port and duplicates that differ only in spelling', () => {
    expect(parseSites('https://github.com\nHTTPS://GITHUB.COM:443/\nhttps://github.com')).toEqual({
      ok: true,
      sites: ['https://github.com'],
    });
  });

  it('turns international names into their ASCII form', () => {
    expect(parseSites('https://bücher.example')).toEqual({
      ok: true,
      sites: ['https://xn--bcher-kva.example'],
    });
  });

  it('accepts nothing at all as "no sites"', () => {
    expect(parseSites('')).toEqual({ ok: true, sites: [] });
    expect(parseSites('\n  \n')).toEqual({ ok: true, sites: [] });
  });

  it('takes the origin of a pasted address, as the background does', () => {
    expect(parseSites('github.com\nhttps://github.com/login?next=1#top')).toEqual({
      ok: true,
      sites: ['https://github.com'],
    });
    // Plain http only for local development hosts (.test, localhost), never for real sites.
    expect(parseSites('http://login.example.test:8080/x')).toEqual({
      ok: true,
      sites: ['http://login.example.test:8080'],
    });
  });

  it.each([
    'http://github.com',
    'https://user:pw@github.com',
    'https://user@github.com',
    'ftp://github.com',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %j and names it in the message', (line) => {
    const result = parseSites(`https://ok.example\n${line}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(line);
  });
});
