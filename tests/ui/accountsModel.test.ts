// The popup's list state with the message layer mocked: what it shows for a search or a tag,
// and what a failed call does to it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireError } from '../../lib/core/errors';
import { accountView } from './accountView';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('../../lib/messaging', () => ({ sendMessage }));

import { AccountsModel } from '../../components/codes/accountsModel.svelte';
import { AddAccountForm } from '../../components/codes/addAccountForm.svelte';

const LIST = [
  accountView({ id: 'gh', issuer: 'GitHub', label: 'alice', tags: ['work'] }),
  accountView({ id: 'gl', issuer: 'GitLab', label: 'bob', tags: ['work', 'code'] }),
  accountView({ id: 'bank', issuer: 'Bank', label: 'alice', pinned: true }),
];
const LOCKED: WireError = { code: 'E_LOCKED', message: 'Locked.' };

async function loaded(onError = vi.fn()): Promise<AccountsModel> {
  const model = new AccountsModel(onError);
  sendMessage.mockResolvedValueOnce({ ok: true, value: LIST });
  await model.refresh();
  return model;
}

const ids = (model: AccountsModel) => model.visible.map((a) => a.id);

beforeEach(() => sendMessage.mockReset());

describe('AccountsModel', () => {
  it('lists what the background sent, pinned first, with every tag in use', async () => {
    const model = new AccountsModel(vi.fn());
    expect(model.loaded).toBe(false);
    sendMessage.mockResolvedValueOnce({ ok: true, value: LIST });
    await model.refresh();
    expect(sendMessage).toHaveBeenCalledWith('vault.list');
    expect(model.loaded).toBe(true);
    expect(ids(model)).toEqual(['bank', 'gh', 'gl']);
    expect([...model.tags].sort()).toEqual(['code', 'work']);
  });

  it('search and tag narrow the list together, and clearing them brings it back', async () => {
    const model = await loaded();
    model.query = 'git';
    expect(ids(model)).toEqual(['gh', 'gl']);
    model.tag = 'code';
    expect(ids(model)).toEqual(['gl']);
    model.query = 'alice';
    expect(ids(model)).toEqual([]);
    model.query = '';
    model.tag = null;
    expect(ids(model)).toEqual(['bank', 'gh', 'gl']);
  });

  it('a failed call is shown above the list and reported to the vault', async () => {
    const onError = vi.fn();
    const model = await loaded(onError);
    sendMessage.mockResolvedValueOnce({ ok: false, error: LOCKED });
    expect(await model.remove('gh')).toBeNull();
    expect(model.error).toEqual(LOCKED);
    expect(onError).toHaveBeenCalledWith(LOCKED);
    // Nothing was removed on screen.
    expect(ids(model)).toContain('gh');
  });

  it('a deleted account leaves the list at once', async () => {
    const model = await loaded();
    sendMessage.mockResolvedValueOnce({ ok: true, value: null });
    expect((await model.remove('gl'))?.id).toBe('gl');
    expect(sendMessage).toHaveBeenLastCalledWith('account.delete', { id: 'gl' });
    expect(ids(model)).toEqual(['bank', 'gh']);
  });

  it('moving shows the new order before the background confirms it', async () => {
    const model = await loaded();
    expect(model.canMove('gh', -1)).toBe(false); // right below the pinned account
    expect(model.canMove('gh', 1)).toBe(true);
    let confirm!: (v: unknown) => void;
    sendMessage.mockReturnValueOnce(new Promise((resolve) => (confirm = resolve)));
    const moving = model.move('gh', 1);
    expect(ids(model)).toEqual(['bank', 'gl', 'gh']);
    confirm({ ok: true, value: null });
    await moving;
    expect(sendMessage).toHaveBeenLastCalledWith('account.reorder', {
      ids: expect.arrayContaining(['gh', 'gl', 'bank']),
    });
  });
});

describe('AddAccountForm', () => {
  it('keeps the background’s refusal next to the form and is not busy afterwards', async () => {
    const accounts = await loaded();
    const form = new AddAccountForm(accounts);
    form.setMode('uri');
    form.uri = '  otpauth://totp/x?secret=JBSWY3DPEHPK3PXP  ';
    const invalid: WireError = { code: 'E_URI_INVALID', message: 'Bad link.' };
    sendMessage.mockResolvedValueOnce({ ok: false, error: invalid });
    expect(await form.submit()).toBeNull();
    expect(sendMessage).toHaveBeenLastCalledWith('account.add', {
      kind: 'uri',
      uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
    });
    expect(form.error).toEqual(invalid);
    expect(form.busy).toBe(false);

    sendMessage
      .mockResolvedValueOnce({ ok: true, value: { id: 'new', warnings: [] } })
      .mockResolvedValueOnce({ ok: true, value: LIST });
    expect(await form.submit()).toEqual({ id: 'new', warnings: [] });
    expect(form.error).toBeNull();
  });
});
