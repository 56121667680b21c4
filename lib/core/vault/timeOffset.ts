import { TesseraError } from '../errors';

/**
 * A per-account correction, in whole seconds, added to this computer's clock for that account's
 * codes: the last resort when the clock cannot be set right. A day either way covers a clock
 * set to the wrong time zone; anything further is a mistake.
 */
export const MAX_TIME_OFFSET_S = 86_400;

export function isTimeOffset(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_TIME_OFFSET_S
  );
}

/** The offset as stored: a number in range, or a typed refusal naming the range. */
export function checkTimeOffset(value: unknown): number {
  if (!isTimeOffset(value)) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `The time offset must be a whole number of seconds from -${MAX_TIME_OFFSET_S} to ${MAX_TIME_OFFSET_S}.`,
      { field: 'timeOffset', reason: 'timeOffsetRange', max: MAX_TIME_OFFSET_S },
    );
  }
  return value;
}

/** The moment an account's codes are computed for: this computer's time plus its offset. */
export function accountTime(now: number, timeOffset: number | undefined): number {
  return now + (timeOffset ?? 0) * 1000;
}
