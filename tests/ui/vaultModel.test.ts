// The vault's view state (unlock, first run, recovery key) with the message layer mocked: what
// each answer of the background turns the popup into.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('../../lib/messaging', () => ({ sendMessage }));

import { CreateVaultForm } from '../../components/vault/createVaultForm.svelte';
import { SecretEntryForm } from '../../components/vault/secretEntryForm.svelte';
import { VaultModel } from '../../components/vault/vaultModel.svelte';

const LOCKED = { state: 'locked', autoLock: { kind: 'never' } };
const UNLOCKED = { state: 'unlocked', autoLock: { kind: 'never' } };
const WEAK: WireError = { code: 'E_WEAK_PASSPHRASE', message: 'Too weak.' };

/** The background's answer to the next calls, in order. */
function answers(...values: unknown[]): void {
  for (const value of values) sendMessage.mockResolvedValueOnce(value);
}

beforeEach(() => sendMessage.mockReset());

describe('VaultModel', () => {
  it('shows loading, then the vault’s state; an unreachable background says so', async () => {
    const vault = new VaultModel();
    expect(vault.screen).toBe('loading');
    answers({ ok: true, value: LOCKED });
    await vault.refresh();
    expect(sendMessage).toHaveBeenCalledWith('vault.status');
    expect(vault.screen).toBe('locked');

    sendMessage.mockRejectedValueOnce(new Error('Could not establish connection.'));
    await vault.refresh();
    expect(vault.screen).toBe('unreachable');
    expect(vault.loadError?.code).toBe('E_INTERNAL');
  });

  it('after creating, holds the recovery key until the user confirms saving it', async () => {
    const vault = new VaultModel();
    answers({ ok: true, value: { recoveryKey: 'ABCD-EFGH' } });
    expect(await vault.create('a long passphrase', 'a long passphrase')).toBeNull();
    expect(vault.screen).toBe('recovery');
    expect(vault.recoveryKey).toBe('ABCD-EFGH');
    answers({ ok: true, value: UNLOCKED });
    await vault.finishRecovery();
    expect(vault.recoveryKey).toBeNull();
    expect(vault.screen).toBe('unlocked');
  });

  it('a locked vault found behind its back moves the popup to the unlock screen', async () => {
    const vault = new VaultModel();
    answers({ ok: true, value: UNLOCKED });
    await vault.refresh();
    answers({ ok: true, value: LOCKED });
    await vault.noticeError({ code: 'E_LOCKED', message: 'Locked.' });
    expect(vault.screen).toBe('locked');
    // Other errors leave the screen alone (no extra call).
    await vault.noticeError(WEAK);
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });
});

describe('CreateVaultForm', () => {
  it('hints while typing, and says what blocks the submit only after one', async () => {
    const form = new CreateVaultForm(new VaultModel());
    form.passphrase = 'short';
    expect(form.tooShort).toBe(true);
    form.confirm = 'shorter';
    expect(form.mismatch).toBe(true);
    expect(form.problem).toBeNull();
    await form.submit();
    expect(form.problem).toBe(i18n.t('errors.passphraseMismatch'));
    expect(sendMessage).not.toHaveBeenCalled();

    form.passphrase = '';
    form.confirm = '';
    expect(form.problem).toBe(i18n.t('vault.enterNewPassphrase'));
  });

  it('sends both fields, keeps them on a refusal, clears them once created', async () => {
    const vault = new VaultModel();
    const form = new CreateVaultForm(vault);
    form.passphrase = form.confirm = 'correct horse battery staple';
    answers({ ok: false, error: WEAK });
    await form.submit();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.create', {
      passphrase: 'correct horse battery staple',
      confirm: 'correct horse battery staple',
    });
    expect(form.error).toEqual(WEAK);
    expect(form.passphrase).toBe('correct horse battery staple');
    expect(form.busy).toBe(false);

    answers({ ok: true, value: { recoveryKey: 'KEY' } });
    await form.submit();
    expect(form.error).toBeNull();
    expect(form.passphrase).toBe('');
    expect(form.confirm).toBe('');
    expect(vault.screen).toBe('recovery');
  });
});

describe('SecretEntryForm', () => {
  it('asks for the secret before any call, in the words of the chosen method', async () => {
    const action = vi.fn(async () => null);
    const form = new SecretEntryForm(action, { idle: 'Unlock', busy: 'Unlocking…' });
    await form.submit();
    expect(form.problem).toBe(i18n.t('vault.enterPassphrase'));
    form.switchTo('recoveryKey');
    expect(form.problem).toBeNull();
    await form.submit();
    expect(form.problem).toBe(i18n.t('vault.enterRecoveryKey'));
    expect(action).not.toHaveBeenCalled();
  });

  it('is busy while the action runs and forgets the secret whatever the answer', async () => {
    let finish!: (error: WireError | null) => void;
    const action = vi.fn(() => new Promise<WireError | null>((resolve) => (finish = resolve)));
    const form = new SecretEntryForm(action, { idle: 'Unlock', busy: 'Unlocking…' });
    form.secret = 'wrong passphrase';
    const running = form.submit();
    expect(form.busy).toBe(true);
    expect(form.submitLabel).toBe('Unlocking…');
    expect(action).toHaveBeenCalledWith({ passphrase: 'wrong passphrase' });
    const bad: WireError = { code: 'E_BAD_PASSPHRASE', message: 'Wrong.' };
    finish(bad);
    await running;
    expect(form.error).toEqual(bad);
    expect(form.secret).toBe('');
    expect(form.submitLabel).toBe('Unlock');

    form.switchTo('recoveryKey');
    expect(form.error).toBeNull();
    form.secret = 'AAAA-BBBB';
    const again = form.submit();
    finish(null);
    await again;
    expect(action).toHaveBeenLastCalledWith({ recoveryKey: 'AAAA-BBBB' });
    expect(form.error).toBeNull();
  });
});
