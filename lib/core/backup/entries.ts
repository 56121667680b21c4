import { utf8Encode } from '../crypto';
import type { Account } from '../vault/types';
import type { BackupEntry, BackupRecord } from './types';

/**
 * A digest of everything an account holds (first 128 bits of SHA-256 over a canonical JSON
 * form). Profiles compare it to tell two versions with the same time apart (see merge.ts) and
 * to skip rewriting shards whose content did not change. It never leaves the process.
 */
export async function accountDigest(a: Account): Promise<string> {
  const canonical = JSON.stringify([
    'tessera/account/v1',
    a.id,
    a.updatedAt,
    a.issuer,
    a.label,
    a.otp.type,
    Array.from(a.otp.secret, (b) => b.toString(16).padStart(2, '0')).join(''),
    a.otp.algorithm,
    a.otp.digits,
    a.otp.period,
    a.otp.counter,
    a.sites,
    a.pinned,
    a.order,
    a.subdomains === true,
    a.autoFill === true,
    // Only when present, so untagged accounts keep the digest they had before tags existed.
    ...(a.tags !== undefined || a.icon !== undefined ? [a.tags ?? [], a.icon ?? null] : []),
    // The same for recovery codes and notes.
    ...(a.recoveryCodes !== undefined || a.notes !== undefined
      ? ['recovery', a.recoveryCodes ?? [], a.notes ?? null]
      : []),
  ]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8Encode(canonical));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

export async function toEntry(r: BackupRecord): Promise<BackupEntry> {
  if (r.deleted === 1) return { id: r.id, updatedAt: r.updatedAt, deleted: 1, digest: '' };
  return { ...r, digest: await accountDigest(r.account) };
}

/** The content signature of a set of entries: equal signatures mean equal shard payloads. */
export function signatureOf(entries: readonly BackupEntry[]): string {
  return entries
    .map((e) => `${e.id}\u0000${e.updatedAt}\u0000${e.deleted}\u0000${e.digest}`)
    .sort()
    .join('\u0001');
}
