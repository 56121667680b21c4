// The popup's opening answer (vault.open) with the message layer mocked: the status and the
// first rows arrive together, each taken once, and a locked vault or an error falls back to the
// ordinary calls.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accountView } from './accountView';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('../../lib/messaging', () => ({ sendMessage }));

import { AccountsModel } from '../../components/codes/accountsModel.svelte';
import { VaultModel } from '../../components/vault/vaultModel.svelte';
import { FIRST_ROWS, prefetchOpening } from '../../components/vault/vaultOpening';

const UNLOCKED = { state: 'unlocked', autoLock: { kind: 'never' } };
const LOCKED = { state: 'locked', autoLock: { kind: 'never' } };
const HEAD = [
  accountView({ id: 'a', issuer: 'A', label: 'one', tags: ['work'] }),
  accountView({ id: 'b', issuer: 'B', label: 'two' }),
];
const ALL = [...HEAD, accountView({ id: 'c', issuer: 'C', label: 'three', tags: ['home'] })];

beforeEach(() => sendMessage.mockReset());

describe('the popup’s opening answer', () => {
  it('gives the status and the first rows in one call; the rest of the list follows', async () => {
    sendMessage.mockResolvedValueOnce({
      ok: true,
      value: { status: UNLOCKED, accounts: HEAD, total: 3 },
    });
    prefetchOpening();
    expect(sendMessage).toHaveBeenCalledWith('vault.open', { first: FIRST_ROWS });

    const vault = new VaultModel();
    await vault.refresh();
    expect(vault.screen).toBe('unlocked');

    const accounts = new AccountsModel(vi.fn());
    await accounts.refresh();
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(accounts.accounts.map((a) => a.id)).toEqual(['a', 'b']);
    // The list keeps room for the row still to come, except under a search or a tag.
    expect(accounts.pending).toBe(1);
    expect(accounts.rowsToCome).toBe(1);
    accounts.query = 'one';
    expect(accounts.rowsToCome).toBe(0);
    accounts.query = '';
    // No reordering until every account is known: the new order must name them all.
    expect(accounts.canMove('a', 1)).toBe(false);
    await accounts.move('a', 1);
    expect(sendMessage).toHaveBeenCalledTimes(1);

    sendMessage.mockResolvedValueOnce({ ok: true, value: ALL });
    await accounts.refresh();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.list');
    expect(accounts.accounts.map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect(accounts.pending).toBe(0);
    expect(accounts.rowsToCome).toBe(0);
    expect(accounts.canMove('a', 1)).toBe(true);

    // Taken once: later refreshes ask the background again.
    sendMessage.mockResolvedValueOnce({ ok: true, value: LOCKED });
    await vault.refresh();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.status');
    expect(vault.screen).toBe('locked');
  });

  it('a locked vault gives no rows: the list is asked for once it is open', async () => {
    sendMessage.mockResolvedValueOnce({
      ok: true,
      value: { status: LOCKED, accounts: null, total: 0 },
    });
    prefetchOpening();
    const vault = new VaultModel();
    await vault.refresh();
    expect(vault.screen).toBe('locked');

    const accounts = new AccountsModel(vi.fn());
    sendMessage.mockResolvedValueOnce({ ok: true, value: ALL });
    await accounts.refresh();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.list');
    expect(accounts.accounts).toHaveLength(3);
    expect(accounts.pending).toBe(0);
  });

  it('an opening that failed falls back to vault.status', async () => {
    sendMessage.mockRejectedValueOnce(new Error('Could not establish connection.'));
    prefetchOpening();
    const vault = new VaultModel();
    sendMessage.mockResolvedValueOnce({ ok: true, value: UNLOCKED });
    await vault.refresh();
    expect(sendMessage).toHaveBeenLastCalledWith('vault.status');
    expect(vault.screen).toBe('unlocked');
  });
});
