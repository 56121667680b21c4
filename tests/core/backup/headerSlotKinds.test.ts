// Which key slots a synced backup header may carry. Passkey slots never travel (they stay in
// the profile that made them), and a slot this version does not know is never taken as one of
// its own: an unknown kind is damage, a newer slot version is left alone.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildHeader,
  parseHeader,
  type BackupHeader,
} from '../../../lib/core/backup/format/header';
import { encodeB64, randomBytes } from '../../../lib/core/crypto/bytes';
import { createPasskeySlot, newPrfSalt } from '../../../lib/core/crypto/prfSlot';
import {
  createMasterKey,
  createRecoverySlot,
  type PasskeySlot,
} from '../../../lib/core/crypto/slots';
import { generateRecoveryKey } from '../../../lib/core/crypto/recovery';
import { TesseraError } from '../../../lib/core/errors';

function problemOf(run: () => unknown): [string, unknown] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(TesseraError);
    return [(e as TesseraError).code, (e as TesseraError).detail?.problem];
  }
  throw new Error('expected a problem');
}

describe('backup header slot kinds', () => {
  let header: BackupHeader;
  let passkey: PasskeySlot;

  beforeAll(async () => {
    const masterKey = createMasterKey();
    const recovery = await createRecoverySlot(masterKey, generateRecoveryKey());
    header = JSON.parse(
      JSON.stringify(await buildHeader(masterKey, { gen: 1, slotsAt: 1, slots: [recovery] })),
    ) as BackupHeader;
    passkey = await createPasskeySlot(masterKey, {
      credential: encodeB64(randomBytes(32)),
      prfSalt: newPrfSalt(),
      output: encodeB64(randomBytes(32)),
    });
  });

  it('accepts the kinds that travel', () => {
    expect(parseHeader(header).slots.map((s) => s.kind)).toEqual(['recovery']);
  });

  it('refuses a passkey slot in a synced header as damage', () => {
    const planted = { ...header, slots: [...header.slots, passkey] };
    expect(problemOf(() => parseHeader(planted))).toEqual(['E_CORRUPT', 'malformed']);
  });

  it('an unknown kind is damage, never skipped; a newer slot version is left alone', () => {
    const unknown = { ...header, slots: [...header.slots, { ...passkey, kind: 'biometric' }] };
    expect(problemOf(() => parseHeader(unknown))).toEqual(['E_CORRUPT', 'malformed']);
    const newer = { ...header, slots: [...header.slots, { ...passkey, v: 2, kind: 'biometric' }] };
    expect(problemOf(() => parseHeader(newer))).toEqual([
      'E_UNSUPPORTED_VERSION',
      'unsupported-version',
    ]);
  });
});
