import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from './core/errors';
import type { OtpWarning } from './core/otp/types';
import type { AutoLock } from './core/vault/autolock';
import type { AccountInput, AccountPatch, UnlockInput } from './core/vault/inputs';
import type { AccountView } from './core/vault/view';

export type { AutoLock, AccountView, AccountInput, AccountPatch, UnlockInput };

export type VaultState = 'none' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  autoLock: AutoLock;
}

/**
 * The one protocol between every context and the background. Each route is checked by the
 * router against who may call it (see entrypoints/background/router.ts).
 */
export interface ProtocolMap {
  'vault.status'(): Result<VaultStatus>;
  'vault.create'(data: { passphrase: string; confirm?: string }): Result<{ recoveryKey: string }>;
  'vault.unlock'(data: UnlockInput): Result<VaultStatus>;
  'vault.lock'(): Result<VaultStatus>;
  'vault.setAutoLock'(data: AutoLock): Result<VaultStatus>;
  'vault.list'(): Result<AccountView[]>;
  'account.add'(data: AccountInput): Result<{ id: string; warnings: OtpWarning[] }>;
  'account.addMany'(data: { uris: string[] }): Result<{ added: number }>;
  'account.update'(data: { id: string; patch: AccountPatch }): Result<AccountView>;
  'account.delete'(data: { id: string }): Result<null>;
  'account.undelete'(data: { id: string }): Result<null>;
  'account.reorder'(data: { ids: string[] }): Result<null>;
  'account.hotpNext'(data: { id: string }): Result<AccountView>;
  /** After a copy: clear the clipboard in 30 s if it still holds this code (popup may be closed). */
  'clipboard.scheduleClear'(data: { code: string }): Result<null>;
}

export type RouteName = keyof ProtocolMap;

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
