import { MIN_PASSPHRASE_LENGTH } from '../crypto/passphrase';
import { TesseraError } from '../errors';
import type { ExportFormat } from '../transfer/protocol';
import type { AutoLock } from '../vault/autolock';
import type { Policy, PolicyKey, PolicyView } from './types';

/** The ranges public/managed_schema.json declares; Firefox does not check them, so we do. */
export const POLICY_RANGES = {
  minPassphraseLength: { min: MIN_PASSPHRASE_LENGTH, max: 128 },
  maxAutoLockMinutes: { min: 1, max: 24 * 60 },
} as const;

const INTEGER_KEYS = ['minPassphraseLength', 'maxAutoLockMinutes'] as const;
const BOOLEAN_KEYS = ['disablePlainTextExport', 'disableSyncBackup'] as const;

export const POLICY_KEYS: readonly PolicyKey[] = [...INTEGER_KEYS, ...BOOLEAN_KEYS];

/** No policy deployed: the user decides everything. */
export function emptyPolicyView(): PolicyView {
  return { policy: {}, ignored: [] };
}

/** Why the organisation's policy refused a request; the UI maps each to a sentence. */
export type PolicyReason =
  'passphraseTooShort' | 'autoLockTooLong' | 'plainTextExport' | 'syncBackupDisabled';

/**
 * Reads what the browser's managed storage holds. Chrome drops values its schema refuses, but
 * Firefox (policies.json) hands over anything an admin typed, so every value is checked here:
 * a wrong one is ignored (the user keeps the choice) and listed, never guessed at. Keys
 * Tessera does not know are listed too, so a misspelt key is visible instead of silently idle.
 */
export function parsePolicy(raw: unknown): PolicyView {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return emptyPolicyView();
  }
  const source = raw as Record<string, unknown>;
  const policy: Policy = {};
  const ignored: string[] = [];
  for (const key of Object.keys(source).sort()) {
    const value = source[key];
    if (isIntegerKey(key)) {
      const { min, max } = POLICY_RANGES[key];
      if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
        policy[key] = value;
      } else {
        ignored.push(key);
      }
    } else if (isBooleanKey(key)) {
      if (typeof value === 'boolean') policy[key] = value;
      else ignored.push(key);
    } else {
      ignored.push(key);
    }
  }
  return { policy, ignored };
}

function isIntegerKey(key: string): key is (typeof INTEGER_KEYS)[number] {
  return (INTEGER_KEYS as readonly string[]).includes(key);
}

function isBooleanKey(key: string): key is (typeof BOOLEAN_KEYS)[number] {
  return (BOOLEAN_KEYS as readonly string[]).includes(key);
}

function refuse(message: string, reason: PolicyReason, extra: Record<string, number> = {}): never {
  throw new TesseraError('E_POLICY', message, { reason, ...extra });
}

/** The shortest new passphrase allowed: the policy's minimum, never below Tessera's own. */
export function minPassphraseLength(policy: Policy): number {
  return Math.max(MIN_PASSPHRASE_LENGTH, policy.minPassphraseLength ?? 0);
}

/**
 * For new passphrases only (create, change): existing ones keep unlocking, or a policy pushed
 * later would lock people out of their codes. Counted like checkNewPassphrase: code points
 * after NFC.
 */
export function checkPassphraseLength(passphrase: string, policy: Policy): void {
  const min = policy.minPassphraseLength;
  if (min === undefined) return;
  if ([...passphrase.normalize('NFC')].length < min) {
    refuse(
      `Your organisation requires a passphrase of at least ${min} characters.`,
      'passphraseTooShort',
      { min },
    );
  }
}

/**
 * The auto-lock in force. With a maximum, only idle locking within it fits: "never" and
 * "when the browser closes" may keep the vault open for days, so they become the maximum.
 */
export function effectiveAutoLock(choice: AutoLock, policy: Policy): AutoLock {
  const max = policy.maxAutoLockMinutes;
  if (max === undefined) return choice;
  if (choice.mode !== 'idle') return { mode: 'idle', minutes: max };
  return choice.minutes > max ? { mode: 'idle', minutes: max } : choice;
}

export function autoLockAllowed(choice: AutoLock, policy: Policy): boolean {
  const max = policy.maxAutoLockMinutes;
  return max === undefined || (choice.mode === 'idle' && choice.minutes <= max);
}

export function checkAutoLock(choice: AutoLock, policy: Policy): void {
  if (autoLockAllowed(choice, policy)) return;
  const max = policy.maxAutoLockMinutes ?? 0;
  refuse(
    `Your organisation requires Tessera to lock after at most ${max} idle minutes.`,
    'autoLockTooLong',
    { max },
  );
}

/** Only the encrypted Tessera file keeps secrets protected once they leave the browser. */
export function exportAllowed(format: ExportFormat, policy: Policy): boolean {
  return policy.disablePlainTextExport !== true || format === 'tessera';
}

export function checkExport(format: ExportFormat, policy: Policy): void {
  if (exportAllowed(format, policy)) return;
  refuse(
    'Your organisation allows only the encrypted Tessera file as an export.',
    'plainTextExport',
  );
}

export function syncBackupAllowed(policy: Policy): boolean {
  return policy.disableSyncBackup !== true;
}

/** Turning backup off is always allowed; on only when the policy does not forbid it. */
export function checkSyncBackup(enable: boolean, policy: Policy): void {
  if (!enable || syncBackupAllowed(policy)) return;
  refuse('Your organisation has turned off backup to sync storage.', 'syncBackupDisabled');
}
