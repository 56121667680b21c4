import { describe, expect, it } from 'vitest';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { SYNC_LIMITS } from '../../../lib/core/backup/syncArea';
import { FIXTURE, PASS, Profile, byId, fixtureAccounts, hasFixture, makeVault } from './helpers';

if (!hasFixture) console.warn(`backup capacity test skipped: ${FIXTURE} is absent`);

describe.skipIf(!hasFixture)('capacity (../shared/fixtures/capacity/accounts-2000.json)', () => {
  it('the first 1,500 accounts back up into an empty sync area within quota and restore exactly', async () => {
    const vault = await makeVault();
    const area = new MemorySyncArea();
    const p = new Profile(vault, area);
    const accounts = fixtureAccounts(1500);
    await p.put(accounts);
    const out = await p.push();
    expect(out.ok, out.error?.message).toBe(true);

    const used = await area.getBytesInUse(null);
    expect(used).toBeLessThanOrEqual(SYNC_LIMITS.quotaBytes);
    const items = area.peek();
    expect(Object.keys(items).length).toBeLessThanOrEqual(SYNC_LIMITS.maxItems);
    expect(out.status.bytesInUse).toBe(used);

    // A new profile: restore by passphrase, every field exact (secret bytes, counters, sites…).
    const restored = await BackupEngine.restore(area, { passphrase: PASS });
    expect(restored.problems).toEqual([]);
    expect(byId(restored.accounts)).toEqual(byId(accounts));
    // And nothing readable at rest: no issuer, label or secret appears in sync storage.
    // (Strings of 8+ characters: shorter ones turn up by chance in 100 KB of dense text.)
    const text = JSON.stringify(items);
    for (const a of accounts.slice(0, 100)) {
      if (a.label.length >= 8) expect(text).not.toContain(a.label);
      if (a.issuer.length >= 8) expect(text).not.toContain(a.issuer);
      if (a.sites[0]) expect(text).not.toContain(a.sites[0]);
    }
  }, 120_000);
});
