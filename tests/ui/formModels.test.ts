// Forms built on FormAction, with the message layer mocked: the passphrase and recovery-key
// forms, the backup roster, the scan dialog's add, the import and the emergency kit's auto-save.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { ScanPreview } from '../../lib/core/scan/protocol';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('../../lib/messaging', () => ({ sendMessage }));
const permissions = vi.hoisted(() => ({ request: vi.fn(), remove: vi.fn() }));
vi.mock('wxt/browser', () => ({ browser: { permissions } }));

import { RosterModel } from '../../components/backup/rosterModel.svelte';
import { ScanDialogModel } from '../../components/scan/scanDialog.svelte';
import { ImportModel } from '../../components/transfer/importModel.svelte';
import { KitAutoSaveModel } from '../../components/transfer/kitAutoSaveModel.svelte';
import { ChangePassphraseForm, RecoveryKeyForm } from '../../components/vault/keySettings.svelte';

const WRONG: WireError = { code: 'E_BAD_PASSPHRASE', message: 'Wrong passphrase.' };
const LOCKED: WireError = { code: 'E_LOCKED', message: 'Locked.' };

/** A reply the test sends by hand, to look at the form while the call runs. */
function held(): (value: unknown) => void {
  let answer!: (value: unknown) => void;
  sendMessage.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
  return (value) => answer(value);
}

beforeEach(() => {
  sendMessage.mockReset();
  permissions.request.mockReset();
  permissions.remove.mockReset();
});

describe('ChangePassphraseForm', () => {
  it('asks for both passphrases and a matching confirmation before sending anything', async () => {
    const form = new ChangePassphraseForm();
    await form.submit();
    expect(form.problem).toBe(i18n.t('backup.keys.enterBoth'));
    form.current = 'old one';
    form.next = 'new one, long enough';
    form.confirm = 'something else';
    await form.submit();
    expect(form.problem).toBe(i18n.t('backup.keys.mismatch'));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('is busy while the call runs; a refusal keeps the new ones and forgets the current one', async () => {
    const form = new ChangePassphraseForm();
    Object.assign(form, { current: 'old', next: 'new passphrase', confirm: 'new passphrase' });
    const answer = held();
    const submitting = form.submit();
    expect(form.busy).toBe(true);
    await form.submit(); // a second submit while busy sends nothing
    expect(sendMessage).toHaveBeenCalledTimes(1);
    answer({ ok: false, error: WRONG });
    await submitting;
    expect(form.busy).toBe(false);
    expect(form.error).toEqual(WRONG);
    expect(form.done).toBe(false);
    expect([form.current, form.next, form.confirm]).toEqual([
      '',
      'new passphrase',
      'new passphrase',
    ]);
  });

  it('a change that worked says so and clears every field', async () => {
    const form = new ChangePassphraseForm();
    Object.assign(form, { current: 'old', next: 'new passphrase', confirm: 'new passphrase' });
    sendMessage.mockResolvedValueOnce({ ok: true, value: null });
    await form.submit();
    expect(sendMessage).toHaveBeenCalledWith('vault.changePassphrase', {
      current: 'old',
      next: 'new passphrase',
      confirm: 'new passphrase',
    });
    expect(form.done).toBe(true);
    expect(form.error).toBeNull();
    expect([form.current, form.next, form.confirm]).toEqual(['', '', '']);
  });
});

describe('RecoveryKeyForm', () => {
  it('needs the passphrase; a wrong one shows the error, a right one the new key', async () => {
    const form = new RecoveryKeyForm();
    await form.submit();
    expect(form.problem).toBe(i18n.t('backup.keys.enterPassphrase'));

    form.passphrase = 'wrong';
    sendMessage.mockResolvedValueOnce({ ok: false, error: WRONG });
    await form.submit();
    expect(form.error).toEqual(WRONG);
    expect(form.passphrase).toBe('');
    expect(form.recoveryKey).toBeNull();

    form.passphrase = 'right';
    sendMessage.mockResolvedValueOnce({ ok: true, value: { recoveryKey: 'ABCD-EFGH' } });
    await form.submit();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.regenerateRecoveryKey', {
      passphrase: 'right',
    });
    expect(form.error).toBeNull();
    expect(form.problem).toBeNull();
    expect(form.recoveryKey).toBe('ABCD-EFGH');
    form.forget();
    expect(form.recoveryKey).toBeNull();
  });
});

describe('RosterModel', () => {
  it('shows the roster, keeps it when a rename fails, and is not busy afterwards', async () => {
    const model = new RosterModel();
    const roster = { selfName: 'Chrome on Linux', devices: [] };
    sendMessage.mockResolvedValueOnce({ ok: true, value: roster });
    await model.refresh();
    expect(model.roster).toEqual(roster);
    expect(model.error).toBeNull();

    const answer = held();
    const renaming = model.rename('Work laptop');
    expect(model.busy).toBe(true);
    answer({ ok: false, error: LOCKED });
    await renaming;
    expect(sendMessage).toHaveBeenLastCalledWith('backup.renameDevice', { name: 'Work laptop' });
    expect(model.busy).toBe(false);
    expect(model.error).toEqual(LOCKED);
    expect(model.roster).toEqual(roster);
  });
});

describe('ScanDialogModel', () => {
  const preview: ScanPreview = {
    scanId: 'scan-1',
    source: 'tab',
    site: 'https://example.org',
    accounts: [
      { issuer: 'A', label: 'a', inVault: true },
      { issuer: 'B', label: 'b', inVault: false },
      { issuer: 'C', label: 'c', inVault: false },
    ] as ScanPreview['accounts'],
    ignoredOther: 0,
    problems: [],
    expiresAt: Date.now() + 60_000,
  };

  function shown(): ScanDialogModel {
    const model = new ScanDialogModel({ windowed: false, tabId: Promise.resolve(7) });
    model.showOutcome({ ok: true, preview });
    return model;
  }

  it('adds only the chosen rows not in the vault; a refusal is the add’s error', async () => {
    const model = shown();
    expect(model.count).toBe(2);
    model.chosen[2] = false;
    sendMessage.mockResolvedValueOnce({ ok: false, error: LOCKED });
    expect(await model.add()).toBeNull();
    expect(sendMessage).toHaveBeenCalledWith('scan.add', { scanId: 'scan-1', indices: [1] });
    expect(model.adding.error).toEqual(LOCKED);
    expect(model.adding.busy).toBe(false);

    const answer = held();
    const adding = model.add();
    expect(model.adding.busy).toBe(true);
    expect(model.adding.error).toBeNull();
    expect(await model.add()).toBeNull(); // ignored while busy
    answer({ ok: true, value: { added: 1, ids: ['b'] } });
    expect(await adding).toEqual({ added: 1, ids: ['b'] });
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });

  it('a new scan result clears the previous add’s error', async () => {
    const model = shown();
    sendMessage.mockResolvedValueOnce({ ok: false, error: LOCKED });
    await model.add();
    model.showOutcome({ ok: true, preview });
    expect(model.adding.error).toBeNull();
  });
});

describe('ImportModel', () => {
  it('asks for a source first; a refused preview is a sentence and reaches the page alert', async () => {
    const onError = vi.fn();
    const model = new ImportModel(onError);
    await model.runPreview();
    expect(model.error).toBe(i18n.t('transfer.import.nothingChosen'));
    expect(sendMessage).not.toHaveBeenCalled();

    model.pasted = 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP';
    sendMessage.mockResolvedValueOnce({ ok: false, error: LOCKED });
    await model.runPreview();
    expect(typeof model.error).toBe('string');
    expect(model.error).not.toBe('');
    expect(onError).toHaveBeenCalledWith(LOCKED);
    expect(model.busy).toBe(false);
    expect(model.preview).toBeNull();
  });

  it('an encrypted file asks for its password without showing an error', async () => {
    const model = new ImportModel();
    model.pasted = 'encrypted';
    const needs: WireError = {
      code: 'E_IMPORT_FORMAT',
      message: 'This file needs its password.',
      detail: { reason: 'needsPassword', needsPassword: true },
    };
    sendMessage.mockResolvedValueOnce({ ok: false, error: needs });
    await model.runPreview();
    expect(model.error).toBeNull();
    expect(model.passwordPrompt).not.toBeNull();
    await model.runPreview();
    expect(model.error).toContain(i18n.t('transfer.import.enterPassword'));
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });
});

describe('KitAutoSaveModel', () => {
  it('turning it on without the downloads permission leaves a note, sends nothing', async () => {
    const model = new KitAutoSaveModel();
    permissions.request.mockResolvedValueOnce(false);
    await model.toggle(true);
    expect(model.note).toBe(i18n.t('transfer.kit.autoSave.denied'));
    expect(model.busy).toBe(false);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('asks for the permission in the same turn as the click, and is busy until the answer', async () => {
    const onError = vi.fn();
    const model = new KitAutoSaveModel(onError);
    permissions.request.mockResolvedValueOnce(true);
    sendMessage.mockResolvedValueOnce({ ok: false, error: LOCKED });
    const toggling = model.toggle(true);
    expect(permissions.request).toHaveBeenCalledTimes(1);
    expect(model.busy).toBe(true);
    await model.toggle(true); // ignored while busy
    await toggling;
    expect(onError).toHaveBeenCalledWith(LOCKED);
    expect(model.busy).toBe(false);
    expect(permissions.request).toHaveBeenCalledTimes(1);
  });
});
