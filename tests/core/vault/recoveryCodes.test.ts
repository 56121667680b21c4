import { beforeAll, describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import { openAccount, sealAccount } from '../../../lib/core/vault/records';
import { totpAccount } from './accountFixture';
import {
  MAX_NOTES_LENGTH,
  MAX_RECOVERY_CODES,
  MAX_RECOVERY_CODE_LENGTH,
  checkedCodes,
  formatRecoveryCodeText,
  normalizeNotes,
  normalizeRecoveryCodes,
  parseRecoveryCodeText,
  recoveryCodeLines,
  recoveryExtras,
  recoveryNoteText,
} from '../../../lib/core/vault/recoveryCodes';
import { VaultService } from '../../../lib/core/vault/service';
import type { Account } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const URI =
  'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME';

function reasonOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TesseraError);
    expect((e as TesseraError).code).toBe('E_FIELD_INVALID');
    return (e as TesseraError).detail?.reason;
  }
  throw new Error('expected a refusal');
}

describe('recovery code rules', () => {
  it('trims, drops empty lines and repeats, keeps the order', () => {
    expect(parseRecoveryCodeText('  abcd-1234 \n\n\r\nefgh-5678\r\nabcd-1234\n  \n')).toEqual([
      { code: 'abcd-1234' },
      { code: 'efgh-5678' },
    ]);
    expect(parseRecoveryCodeText('')).toEqual([]);
  });

  it('keeps the used mark of the codes named, and of the first copy of a repeat', () => {
    expect(parseRecoveryCodeText('a\nb\nc', new Set(['b']))).toEqual([
      { code: 'a' },
      { code: 'b', used: true },
      { code: 'c' },
    ]);
    expect(
      normalizeRecoveryCodes([{ code: 'x', used: true }, { code: ' x ' }, 'y', { code: 'z' }]),
    ).toEqual([{ code: 'x', used: true }, { code: 'y' }, { code: 'z' }]);
  });

  it('refuses a code that is too long or too many codes, never cutting them', () => {
    expect(reasonOf(() => parseRecoveryCodeText('a'.repeat(MAX_RECOVERY_CODE_LENGTH + 1)))).toBe(
      'recoveryCodeLength',
    );
    expect(parseRecoveryCodeText('a'.repeat(MAX_RECOVERY_CODE_LENGTH))).toHaveLength(1);
    const many = Array.from({ length: MAX_RECOVERY_CODES + 1 }, (_, i) => `code-${i}`);
    expect(reasonOf(() => parseRecoveryCodeText(many.join('\n')))).toBe('recoveryCodeCount');
    expect(parseRecoveryCodeText(many.slice(1).join('\n'))).toHaveLength(MAX_RECOVERY_CODES);
    expect(reasonOf(() => normalizeRecoveryCodes([3] as unknown[]))).toBe('recoveryCodes');
  });

  it('formats back to one code per line', () => {
    const codes = parseRecoveryCodeText('a\nb', new Set(['a']));
    expect(formatRecoveryCodeText(codes)).toBe('a\nb');
  });

  it('notes: line ends normalised, trailing space trimmed, too long refused', () => {
    expect(normalizeNotes('  \r\nfirst\r\nsecond  \n\n')).toBe('first\nsecond');
    expect(normalizeNotes(undefined)).toBe('');
    expect(normalizeNotes('x'.repeat(MAX_NOTES_LENGTH))).toHaveLength(MAX_NOTES_LENGTH);
    expect(reasonOf(() => normalizeNotes('x'.repeat(MAX_NOTES_LENGTH + 1)))).toBe('notesLength');
    expect(reasonOf(() => normalizeNotes(5))).toBe('notes');
  });

  it('an account holds codes and notes only when there is something', () => {
    expect(recoveryExtras({})).toEqual({});
    expect(recoveryExtras({ recoveryCodes: [], notes: '  ' })).toEqual({});
    expect(recoveryExtras({ recoveryCodes: ['a'], notes: 'n' })).toEqual({
      recoveryCodes: [{ code: 'a' }],
      notes: 'n',
    });
  });

  it('writes notes and codes as one note for other apps', () => {
    expect(
      recoveryNoteText({
        notes: 'Desk drawer',
        recoveryCodes: [{ code: 'a', used: true }, { code: 'b' }],
      }),
    ).toBe('Desk drawer\n\nRecovery codes:\na (used)\nb');
    expect(recoveryNoteText({})).toBe('');
  });
});

describe('recovery codes in sealed records', () => {
  const key = new Uint8Array(32).fill(7);
  const base = totpAccount(new Uint8Array(20).fill(1), {
    id: 'id-1',
    updatedAt: 1_700_000_000_000,
    issuer: 'ACME',
    label: 'alice',
  });

  it('round-trips codes, used marks and notes, and none of them is readable at rest', async () => {
    const account: Account = {
      ...base,
      recoveryCodes: [{ code: 'RC-SECRET-1', used: true }, { code: 'RC-SECRET-2' }],
      notes: 'NOTE-SECRET',
    };
    const record = await sealAccount(key, account);
    expect(JSON.stringify(record)).not.toMatch(/RC-SECRET|NOTE-SECRET/);
    const opened = await openAccount(key, record);
    expect(opened.recoveryCodes).toEqual(account.recoveryCodes);
    expect(opened.notes).toBe('NOTE-SECRET');
  });

  it('an account without them opens without the fields', async () => {
    const opened = await openAccount(key, await sealAccount(key, base));
    expect('recoveryCodes' in opened).toBe(false);
    expect('notes' in opened).toBe(false);
  });
});

describe('VaultService: recovery codes and notes', () => {
  let vault: VaultService;
  let store: MemoryStore;
  let cache: MemoryKeyCache;
  const clock = () => Date.UTC(2026, 0, 1, 12);

  beforeAll(async () => {
    store = new MemoryStore();
    cache = new MemoryKeyCache();
    vault = new VaultService(store, cache, clock);
    await vault.state();
    await vault.create(PASS, PASS);
  }, 30_000);

  it('edits, survives a reopen, marks only a boolean in the list, and clears', async () => {
    const { id } = await vault.add({ kind: 'uri', uri: URI });
    expect(vault.withoutRecoveryCodes()).toBe(1);
    const view = await vault.update(id, {
      recoveryCodes: [{ code: 'LIST-CODE-1' }, { code: 'LIST-CODE-2', used: true }],
      notes: 'LIST-NOTE',
    });
    expect(view.hasRecoveryCodes).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/LIST-CODE|LIST-NOTE/);
    expect(JSON.stringify(vault.list())).not.toMatch(/LIST-CODE|LIST-NOTE/);
    expect(vault.withoutRecoveryCodes()).toBe(0);

    const reopened = new VaultService(store, cache, clock);
    await reopened.state();
    expect(reopened.details(id)).toEqual({
      id,
      recoveryCodes: [{ code: 'LIST-CODE-1' }, { code: 'LIST-CODE-2', used: true }],
      notes: 'LIST-NOTE',
    });
    expect(JSON.stringify(store.snapshot())).not.toMatch(/LIST-CODE|LIST-NOTE/);

    const cleared = await vault.update(id, { recoveryCodes: [], notes: '' });
    expect(cleared.hasRecoveryCodes).toBe(false);
    expect(vault.details(id)).toEqual({ id, recoveryCodes: [], notes: '' });
  });

  it('refuses too long notes with a reason', async () => {
    const id = vault.list()[0]!.id;
    await expect(
      vault.update(id, { notes: 'x'.repeat(MAX_NOTES_LENGTH + 1) }),
    ).rejects.toMatchObject({ code: 'E_FIELD_INVALID', detail: { reason: 'notesLength' } });
  });
});

describe('recovery code box helpers', () => {
  it('lists the distinct codes while typing and reads the ticked ones', () => {
    expect(recoveryCodeLines(' a \n\nb\na\r\n')).toEqual(['a', 'b']);
    expect([...checkedCodes({ a: true, b: false })]).toEqual(['a']);
  });
});
