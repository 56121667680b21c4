import { describe, expect, it } from 'vitest';
import { isTesseraError } from '../../../lib/core/errors';
import {
  boolean,
  count,
  id,
  list,
  MAX,
  object,
  oneOf,
  optionalId,
  optionalObject,
  optionalTabId,
  optionalText,
  tabId,
  text,
  unlockSecret,
} from '../../../lib/core/messaging/validate';

/** The message of the E_BAD_REQUEST a check throws. */
function refused(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isTesseraError(e) && e.code === 'E_BAD_REQUEST') return e.message;
    throw e;
  }
  throw new Error('expected E_BAD_REQUEST');
}

describe('the request validator', () => {
  it('takes objects and refuses everything else as malformed', () => {
    expect(object({ a: 1 })).toEqual({ a: 1 });
    for (const bad of [null, undefined, 'x', 3, true]) {
      expect(refused(() => object(bad))).toBe('The request is malformed.');
    }
    expect(optionalObject(undefined)).toEqual({});
    expect(optionalObject(null)).toEqual({});
    expect(refused(() => optionalObject('x'))).toBe('The request is malformed.');
  });

  it('bounds text and names the field', () => {
    expect(text('', 'note')).toBe('');
    expect(text('x'.repeat(MAX.text), 'note')).toHaveLength(MAX.text);
    expect(refused(() => text('x'.repeat(MAX.text + 1), 'note'))).toBe(
      'The note is missing or too long.',
    );
    expect(refused(() => text(undefined, 'passphrase', MAX.passphrase))).toBe(
      'The passphrase is missing or too long.',
    );
    expect(refused(() => text(42, 'code', 16))).toBe('The code is missing or too long.');
    expect(optionalText(undefined, 'confirmation')).toBeUndefined();
    expect(refused(() => optionalText(null, 'confirmation'))).toBe(
      'The confirmation is missing or too long.',
    );
  });

  it('takes ids of 1 to 64 characters', () => {
    expect(id('a')).toBe('a');
    expect(id('x'.repeat(64))).toHaveLength(64);
    for (const bad of ['', 'x'.repeat(65), 7, null]) {
      expect(refused(() => id(bad))).toBe('The account id is malformed.');
    }
    expect(optionalId(undefined)).toBeUndefined();
    expect(refused(() => optionalId(''))).toBe('The account id is malformed.');
  });

  it('takes tab ids that are non-negative safe integers', () => {
    expect(tabId(0)).toBe(0);
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, '3', NaN]) {
      expect(refused(() => tabId(bad))).toBe('The tab id is malformed.');
    }
    expect(optionalTabId(undefined)).toBeUndefined();
    expect(optionalTabId(null)).toBeUndefined();
    expect(optionalTabId(4)).toBe(4);
  });

  it('takes counts from 1 to the bound, whole numbers only', () => {
    expect(count(1, 'number of rows', MAX.firstRows)).toBe(1);
    expect(count(MAX.firstRows, 'number of rows', MAX.firstRows)).toBe(MAX.firstRows);
    for (const bad of [0, -3, 2.5, MAX.firstRows + 1, '40', NaN, Infinity, undefined]) {
      expect(refused(() => count(bad, 'number of rows', MAX.firstRows))).toBe(
        `The number of rows must be a whole number from 1 to ${MAX.firstRows}.`,
      );
    }
  });

  it('bounds lists', () => {
    expect(list([1, 2], 'links', 2)).toEqual([1, 2]);
    expect(refused(() => list([1, 2, 3], 'links', 2))).toBe('Expected a list of at most 2 links.');
    expect(refused(() => list('a', 'links', 10_000))).toBe(
      'Expected a list of at most 10,000 links.',
    );
  });

  it('takes booleans and fixed words, with the question as the refusal', () => {
    expect(boolean(false, 'On or off?')).toBe(false);
    expect(refused(() => boolean('true', 'On or off?'))).toBe('On or off?');
    expect(oneOf('keep', ['apply', 'keep'], 'Apply or keep?')).toBe('keep');
    expect(refused(() => oneOf('drop', ['apply', 'keep'], 'Apply or keep?'))).toBe(
      'Apply or keep?',
    );
  });

  it('reads the secret that unlocks: a recovery key when named, else the passphrase', () => {
    expect(unlockSecret({ recoveryKey: 'ABCD' })).toEqual({ recoveryKey: 'ABCD' });
    expect(unlockSecret({ passphrase: 'pw' })).toEqual({ passphrase: 'pw' });
    expect(refused(() => unlockSecret({ recoveryKey: 'x'.repeat(257) }))).toBe(
      'The recovery key is missing or too long.',
    );
    expect(refused(() => unlockSecret({}))).toBe('The passphrase is missing or too long.');
  });
});
