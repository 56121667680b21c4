import { TesseraError } from '../errors';
import { MAX_LABEL_LENGTH } from '../otp';
import type { AccountPatch } from './inputs';
import { normalizeNotes, normalizeRecoveryCodes } from './recoveryCodes';
import { normalizeSites } from './sites';
import { normalizeIconChoice, normalizeTags } from './tags';
import { checkTimeOffset } from './timeOffset';
import type { Account } from './types';

/**
 * Longest issuer or account name we keep, in code points: the otpauth parser's label limit (in
 * UTF-16 units, so whatever it accepts is kept whole), and still small next to the sync quota.
 */
const MAX_TEXT = MAX_LABEL_LENGTH;
const MAX_SITES = 32;

export function clipText(s: string): string {
  return [...s].slice(0, MAX_TEXT).join('');
}

/** The Edit dialog's changes on a copy of `current`; every field checked, nothing stored. */
export function applyPatch(current: Account, patch: AccountPatch, updatedAt: number): Account {
  const next: Account = { ...current, updatedAt };
  if (patch.issuer !== undefined) next.issuer = clipText(patch.issuer.trim());
  if (patch.label !== undefined) next.label = clipText(patch.label.trim());
  if (patch.pinned !== undefined) next.pinned = patch.pinned === true;
  // Autofill choices: stored only when on, so "missing" and "off" are the same record.
  if (patch.subdomains !== undefined) setFlag(next, 'subdomains', patch.subdomains === true);
  if (patch.autoFill !== undefined) setFlag(next, 'autoFill', patch.autoFill === true);
  if (patch.tags !== undefined) {
    if (!Array.isArray(patch.tags)) {
      throw new TesseraError('E_FIELD_INVALID', 'Tags must be a list.', { reason: 'tags' });
    }
    const tags = normalizeTags(patch.tags);
    if (tags.length > 0) next.tags = tags;
    else delete next.tags;
  }
  if (patch.icon !== undefined) {
    const icon = normalizeIconChoice(patch.icon);
    if (patch.icon !== null && icon === undefined) {
      throw new TesseraError('E_FIELD_INVALID', 'That is not an icon Tessera knows.', {
        reason: 'icon',
      });
    }
    if (icon !== undefined) next.icon = icon;
    else delete next.icon;
  }
  if (patch.timeOffset !== undefined) {
    const offset = checkTimeOffset(patch.timeOffset);
    if (offset === 0) delete next.timeOffset;
    else next.timeOffset = offset;
  }
  if (patch.recoveryCodes !== undefined) {
    const codes = normalizeRecoveryCodes(patch.recoveryCodes);
    if (codes.length > 0) next.recoveryCodes = codes;
    else delete next.recoveryCodes;
  }
  if (patch.notes !== undefined) {
    const notes = normalizeNotes(patch.notes);
    if (notes !== '') next.notes = notes;
    else delete next.notes;
  }
  if (patch.sites !== undefined) {
    if (!Array.isArray(patch.sites) || patch.sites.length > MAX_SITES) {
      throw new TesseraError('E_FIELD_INVALID', `An account can have at most ${MAX_SITES} sites.`, {
        reason: 'tooManySites',
        max: MAX_SITES,
      });
    }
    next.sites = normalizeSites(patch.sites.map(String));
  }
  if (next.issuer === '' && next.label === '') {
    throw new TesseraError('E_FIELD_INVALID', 'Give the account an issuer or a name.', {
      reason: 'nameMissing',
    });
  }
  return next;
}

function setFlag(account: Account, flag: 'subdomains' | 'autoFill', on: boolean): void {
  if (on) account[flag] = true;
  else delete account[flag];
}
