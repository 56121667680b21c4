import { TesseraError } from '../errors';

/**
 * A site's recovery codes and the user's notes for an account. Both are as secret as the
 * OTP secret: sealed in the account record, never in the popup list (AccountView carries only
 * `hasRecoveryCodes`), never sent to page contexts.
 *
 * Codes as stored: trimmed, inner whitespace kept as typed, no empties, no repeats (the first
 * copy wins and keeps its "used" mark), at most MAX_RECOVERY_CODES of at most
 * MAX_RECOVERY_CODE_LENGTH characters. Notes: line ends as "\n", trailing space trimmed, at
 * most MAX_NOTES_LENGTH characters. Too many or too long is refused (E_FIELD_INVALID with a
 * reason), never cut: nothing the user typed is silently lost.
 */
export const MAX_RECOVERY_CODES = 100;
export const MAX_RECOVERY_CODE_LENGTH = 128;
export const MAX_NOTES_LENGTH = 4_000;

export interface RecoveryCode {
  code: string;
  /** Written only when true, like the record's other flags. */
  used?: true;
}

function length(text: string): number {
  return [...text].length;
}

/** The codes as stored, or E_FIELD_INVALID (reason recoveryCodeLength / recoveryCodeCount). */
export function normalizeRecoveryCodes(raw: readonly unknown[] | undefined): RecoveryCode[] {
  if (raw !== undefined && !Array.isArray(raw)) {
    throw new TesseraError('E_FIELD_INVALID', 'Recovery codes must be a list.', {
      reason: 'recoveryCodes',
    });
  }
  const out: RecoveryCode[] = [];
  const seen = new Set<string>();
  for (const item of raw ?? []) {
    const entry =
      typeof item === 'string'
        ? { code: item, used: false }
        : typeof item === 'object' &&
            item !== null &&
            typeof (item as RecoveryCode).code === 'string'
          ? { code: (item as RecoveryCode).code, used: (item as RecoveryCode).used === true }
          : null;
    if (entry === null) {
      throw new TesseraError('E_FIELD_INVALID', 'A recovery code must be text.', {
        reason: 'recoveryCodes',
      });
    }
    const code = entry.code.normalize('NFC').trim();
    if (code === '' || seen.has(code)) continue;
    if (length(code) > MAX_RECOVERY_CODE_LENGTH) {
      throw new TesseraError(
        'E_FIELD_INVALID',
        `A recovery code is longer than ${MAX_RECOVERY_CODE_LENGTH} characters.`,
        { reason: 'recoveryCodeLength', max: MAX_RECOVERY_CODE_LENGTH },
      );
    }
    seen.add(code);
    out.push(entry.used ? { code, used: true } : { code });
  }
  if (out.length > MAX_RECOVERY_CODES) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `An account can keep at most ${MAX_RECOVERY_CODES} recovery codes.`,
      { reason: 'recoveryCodeCount', max: MAX_RECOVERY_CODES },
    );
  }
  return out;
}

/** What the Edit dialog's "Recovery codes" box holds: one code per line. */
export function parseRecoveryCodeText(
  text: string,
  used: ReadonlySet<string> = new Set(),
): RecoveryCode[] {
  return normalizeRecoveryCodes(
    String(text)
      .split(/\r\n|\r|\n/u)
      .map((line) => ({ code: line, ...(used.has(line.trim()) ? { used: true } : {}) })),
  );
}

/** The distinct codes of a box's text, leniently (for showing them while the user types). */
export function recoveryCodeLines(text: string): string[] {
  return [
    ...new Set(
      String(text)
        .split(/\r\n|\r|\n/u)
        .map((line) => line.trim())
        .filter((code) => code !== ''),
    ),
  ];
}

/** The codes ticked as used in a code → checked map. */
export function checkedCodes(marks: Readonly<Record<string, boolean>>): Set<string> {
  return new Set(Object.keys(marks).filter((code) => marks[code] === true));
}

export function formatRecoveryCodeText(codes: readonly RecoveryCode[]): string {
  return codes.map((c) => c.code).join('\n');
}

/** Notes as stored ('' = none), or E_FIELD_INVALID (reason notesLength). */
export function normalizeNotes(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') {
    throw new TesseraError('E_FIELD_INVALID', 'Notes must be text.', { reason: 'notes' });
  }
  const notes = raw
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .trimEnd()
    .replace(/^\s*\n/u, '');
  if (length(notes) > MAX_NOTES_LENGTH) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `Notes are longer than ${MAX_NOTES_LENGTH} characters.`,
      { reason: 'notesLength', max: MAX_NOTES_LENGTH },
    );
  }
  return notes;
}

/**
 * Codes and notes as an account holds them: each present only when there is something, so
 * records, digests and backups of accounts without them stay exactly as they were. Data read
 * back from storage or a file is normalised the same way; what cannot be kept is refused.
 */
export function recoveryExtras(a: { recoveryCodes?: unknown; notes?: unknown }): {
  recoveryCodes?: RecoveryCode[];
  notes?: string;
} {
  const codes = normalizeRecoveryCodes(
    Array.isArray(a.recoveryCodes) ? (a.recoveryCodes as unknown[]) : undefined,
  );
  const notes = normalizeNotes(a.notes);
  return {
    ...(codes.length > 0 ? { recoveryCodes: codes } : {}),
    ...(notes !== '' ? { notes } : {}),
  };
}

/** Codes and notes for another app's single "note" field (Aegis export). */
export function recoveryNoteText(a: { recoveryCodes?: readonly RecoveryCode[]; notes?: string }) {
  const parts: string[] = [];
  if (a.notes !== undefined && a.notes !== '') parts.push(a.notes);
  const codes = a.recoveryCodes ?? [];
  if (codes.length > 0) {
    parts.push(
      ['Recovery codes:', ...codes.map((c) => (c.used ? `${c.code} (used)` : c.code))].join('\n'),
    );
  }
  return parts.join('\n\n');
}

export function hasRecoveryCodes(a: { recoveryCodes?: readonly RecoveryCode[] }): boolean {
  return (a.recoveryCodes?.length ?? 0) > 0;
}
