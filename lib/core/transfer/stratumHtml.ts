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
  const links: string[] = [];
  for (const m of text.matchAll(LINK)) {
    const link = unescapeHtml(m[0]);
    if (!links.includes(link)) links.push(link);
  }
  return parseOtpauthList(links.join('\n'));
}
