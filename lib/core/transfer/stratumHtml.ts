import { TesseraError } from '../errors';
import { parseOtpauthList } from './otpauthList';
import type { ParsedAccounts } from './types';

/**
 * Stratum's (Authenticator Pro's) HTML export: a page that shows each account with its
 * otpauth:// link. The links are read from the markup (attribute values and text), with the
 * HTML character references the page uses for "&" and quotes undone; the rest of the page is
 * ignored. A link that appears twice (as a link target and as its visible text) counts once.
 */

const LINK = /otpauth:\/\/[^\s"'<>]+/gi;

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|quot|apos|lt|gt|#39|#x27|#34|#x22);/gi, (_, name: string) => {
    switch (name.toLowerCase()) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
      case '#34':
      case '#x22':
        return '"';
      default:
        return "'";
    }
  });
}

export function isHtmlWithOtpauth(text: string): boolean {
  const head = text.slice(0, 512).toLowerCase();
  return (head.includes('<!doctype html') || head.includes('<html')) && /otpauth:\/\//i.test(text);
}

export function parseStratumHtml(text: string): ParsedAccounts {
  if (!isHtmlWithOtpauth(text)) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This page holds no otpauth:// links.', {
      reason: 'notFormat',
      app: 'Stratum',
    });
  }
  // Each link goes on the line of the page where it first appears, so problems name the
  // page's own line numbers; a second link on a taken line goes after the last one.
  const seen = new Set<string>();
  const lines: string[] = [];
  let lineNo = 0;
  let scanned = 0;
  for (const m of text.matchAll(LINK)) {
    lineNo += (text.slice(scanned, m.index).match(/\r\n|\n|\r/g) ?? []).length;
    scanned = m.index;
    const link = unescapeHtml(m[0]);
    if (seen.has(link)) continue;
    seen.add(link);
    let at = lineNo;
    while (lines[at] !== undefined) at++;
    lines[at] = link;
  }
  return parseOtpauthList(Array.from(lines, (l) => l ?? '').join('\n'));
}
