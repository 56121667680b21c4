import { TesseraError } from '../errors';

/**
 * The one request validator of the background's routes. A message crosses from another
 * context (a page's renderer, for content scripts), so every field is checked for shape and
 * size before a handler uses it, and a bad one is refused with E_BAD_REQUEST saying which.
 */

export function badRequest(message: string): TesseraError {
  return new TesseraError('E_BAD_REQUEST', message);
}

/** The request body as a record; anything that is not an object is malformed. */
export function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw badRequest('The request is malformed.');
  return value as Record<string, unknown>;
}

/** The body of a request whose fields are all optional: a missing body reads as empty. */
export function optionalObject(value: unknown): Record<string, unknown> {
  return value === undefined || value === null ? {} : object(value);
}

/** Generous bounds: well above any real value, well below what could cost memory or time. */
export const MAX = {
  text: 4096,
  passphrase: 1024,
  recoveryKey: 256,
  id: 64,
  /** Rows of the popup's first screen (vault.open): a tall pop-out window shows about 40. */
  firstRows: 200,
} as const;

/** A string of at most `max` characters; `field` names it in the error. */
export function text(value: unknown, field: string, max: number = MAX.text): string {
  if (typeof value !== 'string' || value.length > max) {
    throw badRequest(`The ${field} is missing or too long.`);
  }
  return value;
}

/** An absent field, or a string as `text` checks it. */
export function optionalText(
  value: unknown,
  field: string,
  max: number = MAX.text,
): string | undefined {
  return value === undefined ? undefined : text(value, field, max);
}

/** A record id: a non-empty string of at most 64 characters. */
export function id(value: unknown, field = 'account id'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX.id) {
    throw badRequest(`The ${field} is malformed.`);
  }
  return value;
}

/** An absent id, or an id. */
export function optionalId(value: unknown, field = 'account id'): string | undefined {
  return value === undefined ? undefined : id(value, field);
}

/** A whole number from 1 to `max`; `field` names it in the error. */
export function count(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw badRequest(`The ${field} must be a whole number from 1 to ${max}.`);
  }
  return value;
}

/** A browser tab id: a non-negative safe integer. */
export function tabId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badRequest('The tab id is malformed.');
  }
  return value;
}

/** An absent tab id (undefined or null), or a tab id. */
export function optionalTabId(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : tabId(value);
}

/** A list of at most `max` items; `what` names them in the error. */
export function list(value: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(value) || value.length > max) {
    throw badRequest(`Expected a list of at most ${max.toLocaleString('en')} ${what}.`);
  }
  return value;
}

/** A boolean; `question` is what the user must say (the error's message). */
export function boolean(value: unknown, question: string): boolean {
  if (typeof value !== 'boolean') throw badRequest(question);
  return value;
}

/** One of a fixed set of words; `question` is the error's message. */
export function oneOf<T extends string>(
  value: unknown,
  choices: readonly T[],
  question: string,
): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw badRequest(question);
  }
  return value as T;
}

/** A secret that unlocks: the recovery key when the request names one, else the passphrase. */
export function unlockSecret(
  d: Record<string, unknown>,
): { recoveryKey: string } | { passphrase: string } {
  return 'recoveryKey' in d
    ? { recoveryKey: text(d.recoveryKey, 'recovery key', MAX.recoveryKey) }
    : { passphrase: text(d.passphrase, 'passphrase', MAX.passphrase) };
}
