import { codeAt, timeWindow } from './generate';
import type { OtpParams } from './types';

/** Time steps kept per secret: the shown and next window, and one either side of them. */
const STEPS_KEPT = 4;

/**
 * Time-based codes already worked out, so that listing every account again (each popup open,
 * each window change) does not redo every HMAC: a vault of 2,000 accounts needs 4,000 of them
 * per list, most of the list's time in the background. A code depends only on the secret, the
 * settings and the time step, so the memo is keyed on the secret bytes object (an edited secret
 * is a new array; a locked vault drops its accounts, and their entries with them) and on the
 * rest as text. It holds codes, never a secret.
 */
export class CodeMemo {
  readonly #bySecret = new WeakMap<Uint8Array, Map<string, string>>();

  /** The same answer as `codeAt(p, atMs)`. */
  codeAt(p: OtpParams, atMs: number): string {
    const { validFrom } = timeWindow(p, atMs);
    const key = `${p.type}|${p.algorithm}|${p.digits}|${p.period}|${validFrom}`;
    let codes = this.#bySecret.get(p.secret);
    if (!codes) {
      codes = new Map();
      this.#bySecret.set(p.secret, codes);
    }
    const known = codes.get(key);
    if (known !== undefined) return known;
    const code = codeAt(p, atMs);
    codes.set(key, code);
    // Maps keep insertion order: the oldest step goes first.
    if (codes.size > STEPS_KEPT) codes.delete(codes.keys().next().value as string);
    return code;
  }
}
