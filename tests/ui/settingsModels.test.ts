// Settings-page view state with the message layer mocked: general settings, backup status,
// the recovery rehearsal and the export form.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('../../lib/messaging', () => ({ sendMessage }));
// Painting the theme touches the page's document; here only whether it is asked for matters.
const paint = vi.hoisted(() => ({ applyTheme: vi.fn(), applyDensity: vi.fn() }));
vi.mock('../../components/ui/applyTheme', () => paint);
const saved = vi.hoisted(() => vi.fn());
vi.mock('../../components/transfer/download', () => ({ saveTextFile: saved }));

import { BackupModel } from '../../components/backup/backupModel.svelte';
import { SettingsModel } from '../../components/settings/settingsModel.svelte';
import { ExportModel } from '../../components/transfer/exportModel.svelte';
import { RehearsalModel } from '../../components/vault/rehearsalModel.svelte';

const POLICY: WireError = { code: 'E_POLICY', message: 'Set by your organisation.' };
const SETTINGS = { theme: 'system', clipboardClearSeconds: 30, density: 'comfortable' };

beforeEach(() => {
  sendMessage.mockReset();
  vi.clearAllMocks();
});

describe('SettingsModel', () => {
  it('loads the settings and the policy; a refused change keeps the stored values', async () => {
    const model = new SettingsModel();
    sendMessage.mockImplementation(async (type: string) =>
      type === 'settings.get'
        ? { ok: true, value: SETTINGS }
        : { ok: true, value: { policy: { minPassphraseLength: 16 }, ignored: ['bogus'] } },
    );
    await model.load();
    expect(model.loaded).toBe(true);
    expect(model.policy).toEqual({ minPassphraseLength: 16 });
    expect(model.ignored).toEqual(['bogus']);

    sendMessage.mockReset();
    sendMessage.mockResolvedValueOnce({ ok: false, error: POLICY });
    expect(await model.set({ theme: 'dark' })).toBe(false);
    expect(model.error).toEqual(POLICY);
    expect(model.settings.theme).toBe('system');
    expect(model.busy).toBe(false);
    expect(paint.applyTheme).not.toHaveBeenCalled();
  });

  it('an accepted theme is stored and painted at once', async () => {
    const model = new SettingsModel();
    sendMessage.mockResolvedValueOnce({ ok: true, value: { ...SETTINGS, theme: 'dark' } });
    expect(await model.set({ theme: 'dark' })).toBe(true);
    expect(sendMessage).toHaveBeenCalledWith('settings.set', { theme: 'dark' });
    expect(model.settings.theme).toBe('dark');
    expect(model.error).toBeNull();
    expect(paint.applyTheme).toHaveBeenCalledWith('dark');
    expect(paint.applyDensity).not.toHaveBeenCalled();
  });
});

describe('BackupModel', () => {
  it('shows a failed “Back up now” and is usable again', async () => {
    const model = new BackupModel();
    sendMessage.mockResolvedValueOnce({ ok: false, error: POLICY });
    await model.syncNow();
    expect(sendMessage).toHaveBeenCalledWith('backup.syncNow');
    expect(model.error).toEqual(POLICY);
    expect(model.busy).toBe(false);
  });

  it('keeps the verdict of “Verify backup”, cleared while a new check runs', async () => {
    const model = new BackupModel();
    const verdict = { ok: true, remote: 'current', missing: 0, behind: 0, pending: false };
    sendMessage.mockResolvedValueOnce({ ok: true, value: { ...verdict, problems: [] } });
    await model.runVerify();
    expect(model.verify).toMatchObject(verdict);
    let answer!: (v: unknown) => void;
    sendMessage.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const again = model.runVerify();
    expect(model.busy).toBe(true);
    expect(model.verify).toBeNull();
    answer({ ok: false, error: POLICY });
    await again;
    expect(model.error).toEqual(POLICY);
    expect(model.verify).toBeNull();
  });
});

describe('RehearsalModel', () => {
  it('asks for the key, then says whether it opened the vault', async () => {
    const model = new RehearsalModel();
    await model.check();
    expect(model.error).toBe(i18n.t('vault.rehearsal.enterKey'));
    expect(sendMessage).not.toHaveBeenCalled();

    model.recoveryKey = 'WRONG-KEY';
    sendMessage.mockResolvedValueOnce({
      ok: false,
      error: { code: 'E_BAD_RECOVERY_KEY', message: 'No.' },
    });
    await model.check();
    expect(model.outcome).toBe('failed');
    expect(model.error).toBe(i18n.t('vault.rehearsal.failed'));
    expect(model.recoveryKey).toBe('');

    model.recoveryKey = 'RIGHT-KEY';
    const view = { intervalDays: 90, lastCheckedAt: 1, due: false };
    sendMessage.mockResolvedValueOnce({ ok: true, value: view });
    await model.check();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.rehearse', { recoveryKey: 'RIGHT-KEY' });
    expect(model.outcome).toBe('passed');
    expect(model.error).toBeNull();
    expect(model.view).toEqual(view);
  });
});

describe('ExportModel', () => {
  it('needs the passphrase, forgets it after any answer, and saves the file it got', async () => {
    const onError = vi.fn();
    const model = new ExportModel(onError);
    await model.submit();
    expect(model.error).toBe(i18n.t('transfer.export.enterPassphrase'));

    model.passphrase = 'not it';
    const wrong: WireError = { code: 'E_BAD_PASSPHRASE', message: 'Wrong.' };
    sendMessage.mockResolvedValueOnce({ ok: false, error: wrong });
    await model.submit();
    expect(model.passphrase).toBe('');
    expect(model.error).toEqual(expect.any(String));
    expect(onError).toHaveBeenCalledWith(wrong);

    model.passphrase = 'the passphrase';
    sendMessage.mockResolvedValueOnce({
      ok: true,
      value: {
        kind: 'file',
        fileName: 'tessera-backup.tessera',
        mimeType: 'application/json',
        content: '{}',
        count: 2,
        leftOut: [],
      },
    });
    await model.submit();
    expect(sendMessage).toHaveBeenLastCalledWith('transfer.export', {
      passphrase: 'the passphrase',
      format: 'tessera',
    });
    expect(saved).toHaveBeenCalledWith('tessera-backup.tessera', 'application/json', '{}');
    expect(model.error).toBeNull();
    expect(model.status).toContain('tessera-backup.tessera');
    expect(model.busy).toBe(false);
  });
});
