import { codeAt, timeWindow } from './generate';
import type { OtpParams } from './types';

/** One time step's code and when it is valid, [validFrom, validUntil) in epoch ms. */
export interface CodeWindow {
  code: string;
  validFrom: number;
  validUntil: number;
}

/** The codes a site may be comparing against: the step before the current one, it, and the next. */
export interface CodeWindows {
  previous: CodeWindow;
  current: CodeWindow;
  next: CodeWindow;
}

function windowAt(p: OtpParams, atMs: number): CodeWindow {
  const { validFrom, validUntil } = timeWindow(p, atMs);
  return { code: codeAt(p, atMs), validFrom, validUntil };
}

/** For a time-based account (TOTP or Steam) at `atMs`; HOTP has no time and is refused. */
export function codeWindows(p: OtpParams, atMs: number): CodeWindows {
  const current = windowAt(p, atMs);
  const stepMs = current.validUntil - current.validFrom;
  return {
    previous: windowAt(p, Math.max(0, current.validFrom - stepMs)),
    current,
    next: windowAt(p, current.validUntil),
  };
}
