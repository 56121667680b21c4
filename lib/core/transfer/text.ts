import { TesseraError } from '../errors';

/** Reading untrusted file content: bytes to text, text to JSON, JSON to typed fields. */

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 text, or null when the bytes are not valid UTF-8 (never replacement characters). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Like decodeUtf8, but a file that must be text and is not gets a clear error. */
export function requireUtf8(bytes: Uint8Array, what: string): string {
  const text = decodeUtf8(bytes);
  if (text === null) {
    throw new TesseraError('E_CORRUPT', `${what} is not valid UTF-8 text.`, { reason: 'notUtf8' });
  }
  return text;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // V8 reports "... in JSON at position N (line L column C)"; the position helps people
    // find a hand-edited mistake, and it cannot leak secrets (it is only a number).
    const where = e instanceof Error ? /line \d+ column \d+|position \d+/.exec(e.message) : null;
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      `${what} is not valid JSON${where ? ` (${where[0]})` : ''}.`,
      { reason: 'notJson' },
    );
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property only: JSON from a file can carry "__proto__" or "constructor" keys. */
export function field(obj: JsonRecord, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A string field, or '' when absent or null; anything else is a format error. */
export function optString(obj: JsonRecord, key: string): string {
  const v = field(obj, key);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw new TesseraError('E_FIELD_INVALID', `The field "${key}" is not text.`, {
      reason: 'fieldInvalid',
      field: key,
    });
  }
  return v;
}

export function requireString(obj: JsonRecord, key: string): string {
  const v = field(obj, key);
  if (typeof v !== 'string') {
    throw new TesseraError('E_FIELD_INVALID', `The field "${key}" is missing or not text.`, {
      reason: 'fieldInvalid',
      field: key,
    });
  }
  return v;
}

export function requireRecord(obj: JsonRecord, key: string): JsonRecord {
  const v = field(obj, key);
  if (!isRecord(v)) {
    throw new TesseraError('E_FIELD_INVALID', `The field "${key}" is missing or not an object.`, {
      reason: 'fieldInvalid',
      field: key,
    });
  }
  return v;
}

/**
 * A whole number from a number or a string of digits (some apps write "6"), or undefined when
 * absent or null. Anything else becomes `code` so the problem names the right setting.
 */
export function optInt(
  obj: JsonRecord,
  key: string,
  code: 'E_DIGITS' | 'E_PERIOD' | 'E_COUNTER' | 'E_FIELD_INVALID',
): number | undefined {
  const v = field(obj, key);
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TesseraError(code, `The field "${key}" is not a whole number.`, {
      reason: 'fieldInvalid',
      field: key,
    });
  }
  return n;
}

/** Details of the commonest problems, so the UI can word them (detail.reason). */
export const NOT_OBJECT = { reason: 'notObject' } as const;
export const DAMAGED = { reason: 'damaged' } as const;
