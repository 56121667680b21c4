import { describe, expect, it } from 'vitest';
import { sameNameDifferentSecret } from '../../../lib/core/vault/conflicts';
import type { Account } from '../../../lib/core/vault/types';

function account(id: string, issuer: string, label: string, secret: number[]): Account {
  return {
    id,
    issuer,
    label,
    otp: {
      type: 'totp',
      secret: Uint8Array.from(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
    updatedAt: 1,
    sites: [],
    pinned: false,
    order: 0,
  };
}

describe('sameNameDifferentSecret', () => {
  const a = account('a', 'GitHub', 'alice', [1, 2, 3]);
  const b = account('b', ' github ', 'Alice', [9, 9, 9]);
  const c = account('c', 'GitHub', 'alice', [1, 2, 3]);
  const d = account('d', 'GitHub', 'bob', [7]);

  it('finds accounts with the same issuer and name but another secret', () => {
    expect(sameNameDifferentSecret([a, b, c, d], 'a')).toEqual(['b']);
    expect(sameNameDifferentSecret([a, b, c, d], 'b')).toEqual(['a', 'c']);
  });

  it('is empty for an account alone, an exact copy, or an unknown id', () => {
    expect(sameNameDifferentSecret([a, d], 'd')).toEqual([]);
    expect(sameNameDifferentSecret([a, c], 'a')).toEqual([]);
    expect(sameNameDifferentSecret([a, b], 'zzz')).toEqual([]);
  });
});
