// Backup benchmark: how many accounts of the capacity fixture fit browser sync storage, what
// one edit costs in sync writes, and how long backing up and restoring 500 accounts takes.
// `node bench/backup/run.mjs` prints a table; `benchBackup()` returns the figures.
// The baseline (same run) is the obvious design: one sync item per account holding the vault's
// own sealed record (JSON + base64), as other extensions do.
// The compression trial: the same engine, layout and codec bundled a second time with the shard
// payload swapped for deflatePayload.ts (fflate deflate-raw with a preset dictionary made from
// the text model's priming text), so its capacity is measured exactly like the shipped coder's.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { payloadCodeSizes } from './codeSize.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const fixturePath = path.resolve(
  repoRoot,
  '..',
  'shared',
  'fixtures',
  'capacity',
  'accounts-2000.json',
);

/** Replaces every import of the shard payload module by the fflate trial. */
const deflateTrialPlugin = {
  name: 'deflate-payload-trial',
  resolveId(source, importer) {
    if (importer && /[\\/]lib[\\/]core[\\/]backup[\\/]/.test(importer)) {
      if (/(^|\/)shardPayload(\.ts)?$/.test(source)) return path.join(here, 'deflatePayload.ts');
    }
    return null;
  },
};

/** The engine with the fflate payload: always rolldown, whose plugin swaps the module. */
async function bundleTrialCore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-backup-trial-'));
  const outfile = path.join(dir, 'core.mjs');
  const { build } = await import('rolldown');
  await build({
    input: path.join(here, 'entry.ts'),
    platform: 'node',
    cwd: repoRoot,
    logLevel: 'silent',
    plugins: [deflateTrialPlugin],
    output: { file: outfile, format: 'esm' },
  });
  const mod = await import(pathToFileURL(outfile).href);
  return { mod, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles lib/core for plain Node: esbuild when installed, else rolldown (what Vite 8 ships). */
async function bundleCore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-backup-'));
  const outfile = path.join(dir, 'core.mjs');
  const entryPoints = [path.join(here, 'entry.ts')];
  let esbuild = null;
  try {
    esbuild = await import('esbuild');
  } catch {
    esbuild = null;
  }
  if (esbuild) {
    await esbuild.build({
      entryPoints,
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
    });
  } else {
    const { build } = await import('rolldown');
    await build({
      input: entryPoints[0],
      platform: 'node',
      cwd: repoRoot,
      logLevel: 'silent',
      output: { file: outfile, format: 'esm' },
    });
  }
  const mod = await import(pathToFileURL(outfile).href);
  return {
    mod,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    bundler: esbuild ? 'esbuild' : 'rolldown',
  };
}

function sameAccount(a, b) {
  return (
    a.id === b.id &&
    a.updatedAt === b.updatedAt &&
    a.issuer === b.issuer &&
    a.label === b.label &&
    a.pinned === b.pinned &&
    a.order === b.order &&
    (a.subdomains === true) === (b.subdomains === true) &&
    (a.autoFill === true) === (b.autoFill === true) &&
    a.otp.type === b.otp.type &&
    a.otp.algorithm === b.otp.algorithm &&
    a.otp.digits === b.otp.digits &&
    a.otp.period === b.otp.period &&
    a.otp.counter === b.otp.counter &&
    a.otp.secret.length === b.otp.secret.length &&
    a.otp.secret.every((x, i) => x === b.otp.secret[i]) &&
    a.sites.length === b.sites.length &&
    a.sites.every((s, i) => s === b.sites[i])
  );
}

/** True when the backup in `area` decodes whole and holds exactly the first n of `accounts`. */
async function holdsExactly(core, area, masterKey, accounts, n) {
  const snap = await core.decodeRemote(area.peek(), masterKey);
  const live = new Map(snap.entries.filter((e) => e.deleted === 0).map((e) => [e.id, e.account]));
  return (
    snap.state === 'ok' &&
    live.size === n &&
    accounts.slice(0, n).every((a) => {
      const b = live.get(a.id);
      return b !== undefined && sameAccount(a, b);
    })
  );
}

/**
 * The largest prefix of the fixture that one engine backs up and restores exactly, and the bytes
 * it takes there and at 1,500 accounts.
 */
async function measureCapacity(core, rows, masterKey, keySlots) {
  const accounts = core.capacityAccounts(rows);
  const sealed = [];
  for (const a of accounts) sealed.push(await core.sealAccount(masterKey, a, 0));
  const engine = (area) =>
    new core.BackupEngine({ area, masterKey, keySlots, keySlotsAt: core.T0, now: () => core.T0 });
  const tryN = async (n) => {
    const area = new core.MemorySyncArea({ now: () => core.T0 });
    const out = await engine(area).push(sealed.slice(0, n));
    if (!out.ok) return { ok: false, area };
    return { ok: await holdsExactly(core, area, masterKey, accounts, n), area };
  };
  let lo = 0;
  let hi = accounts.length;
  if ((await tryN(hi)).ok) lo = hi;
  else {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await tryN(mid)).ok) lo = mid;
      else hi = mid;
    }
  }
  const at = await tryN(lo);
  const bytes = await at.area.getBytesInUse(null);
  const at1500 = lo >= 1500 ? await tryN(1500) : null;
  // Time to back up and to read back 500 (decode only: no key slot, no KDF).
  const area500 = new core.MemorySyncArea({ now: () => core.T0 });
  let t = performance.now();
  await engine(area500).push(sealed.slice(0, 500));
  const backup500Ms = performance.now() - t;
  t = performance.now();
  await core.decodeRemote(area500.peek(), masterKey);
  const decode500Ms = performance.now() - t;
  return {
    capacity: lo,
    bytes,
    items: Object.keys(at.area.peek()).length,
    bytesPerAccount: Math.round((bytes / lo) * 10) / 10,
    bytes1500: at1500 ? await at1500.area.getBytesInUse(null) : null,
    backup500Ms: Math.round(backup500Ms),
    decode500Ms: Math.round(decode500Ms),
  };
}

export async function benchBackup() {
  if (!existsSync(fixturePath)) {
    console.log(`backup bench skipped: ${fixturePath} is absent`);
    return { rows: [], results: {} };
  }
  const { mod: core, cleanup, bundler } = await bundleCore();
  try {
    const rows = JSON.parse(readFileSync(fixturePath, 'utf8'));
    const accounts = core.capacityAccounts(rows);
    const masterKey = core.createMasterKey();
    const recoveryKey = core.generateRecoveryKey();
    const slots = [
      await core.createPassphraseSlot(masterKey, 'bench passphrase', core.DEFAULT_ARGON2ID),
      await core.createRecoverySlot(masterKey, recoveryKey),
    ];
    const sealed = [];
    for (const a of accounts) sealed.push(await core.sealAccount(masterKey, a, 0));

    const engineFor = (area, profile) =>
      new core.BackupEngine({
        area,
        masterKey,
        keySlots: slots,
        keySlotsAt: core.T0,
        now: () => core.T0,
        ...(profile ? { profile } : {}),
      });

    /** Roster entries of other browsers, as they would be after a few months of use. */
    const otherEntries = async (count) => {
      const items = {};
      for (let i = 0; i < count; i++) {
        const id = (0xb0 + i).toString(16).padStart(16, '0');
        items[core.rosterKey(id)] = await core.sealRosterEntry(masterKey, {
          id,
          name: `Firefox on Windows ${i + 2}`,
          mergedAt: core.T0 - 86_400_000,
          accounts: 1500,
          ack: '0123456789abcdef',
          watermark: core.T0 - 90 * 86_400_000,
          away: false,
          at: core.T0 - 86_400_000,
        });
      }
      return items;
    };

    /**
     * Backs up the first n into an empty area (or one holding `browsers - 1` other browsers'
     * roster entries, this browser adding its own); true when it fits and decodes exactly.
     */
    const tryN = async (n, browsers = 0) => {
      const area = new core.MemorySyncArea({ now: () => core.T0 });
      if (browsers > 1) await area.set(await otherEntries(browsers - 1));
      const profile = browsers > 0 ? { id: 'a0a0a0a0a0a0a0a0', name: 'Chrome on Linux' } : null;
      const out = await engineFor(area, profile).push(sealed.slice(0, n));
      if (!out.ok) return { ok: false, out, area };
      return { ok: await holdsExactly(core, area, masterKey, accounts, n), out, area };
    };

    // Largest N that fits (binary search; fitting is monotone in N for a prefix of the list).
    const capacityWith = async (browsers) => {
      let lo = 0;
      let hi = accounts.length;
      if ((await tryN(hi, browsers)).ok) return hi;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if ((await tryN(mid, browsers)).ok) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    const capacity = await capacityWith(0);
    const capacityRoster2 = await capacityWith(2);
    const capacityRoster5 = await capacityWith(5);
    const fits1500Roster5 = (await tryN(1500, 5)).ok;

    // Pruning: 1,500 accounts in 5 browsers, 100 deleted; tombstones before and after every
    // browser has merged the deletions.
    const pruneArea = new core.MemorySyncArea({ now: () => core.T0 });
    const browsers = Array.from({ length: 5 }, (_, i) => ({
      engine: engineFor(pruneArea.otherProfile({ now: () => core.T0 }), {
        id: (0xc0 + i).toString(16).padStart(16, '0'),
        name: `Browser ${i + 1}`,
      }),
      local: sealed.slice(0, 1500),
    }));
    const round = async () => {
      for (const b of browsers) {
        const out = await b.engine.push(b.local, { removals: 'apply' });
        if (!out.ok) throw new Error(`pruning bench: push failed (${out.status.state})`);
        const byId = new Map(b.local.map((r) => [r.id, r]));
        for (const r of out.toWriteLocal) byId.set(r.id, r);
        b.local = [...byId.values()];
      }
    };
    await round();
    const first = browsers[0];
    first.local = first.local.slice();
    for (let i = 0; i < 100; i++) {
      const a = accounts[i];
      first.local[i] = await core.sealAccount(masterKey, { ...a, updatedAt: core.T0 + 1_000 }, 1);
    }
    await round();
    const tombstonesOf = async () =>
      (await core.decodeRemote(pruneArea.peek(), masterKey)).entries.filter((e) => e.deleted === 1)
        .length;
    const tombstonesBeforePrune = await tombstonesOf();
    const bytesBeforePrune = await pruneArea.getBytesInUse(null);
    await round();
    await round();
    const tombstonesAfterPrune = await tombstonesOf();
    const bytesAfterPrune = await pruneArea.getBytesInUse(null);
    const atCapacity = await tryN(capacity);
    const bytesAtCapacity = await atCapacity.area.getBytesInUse(null);
    const at1500 = capacity >= 1500 ? await tryN(1500) : null;
    const bytes1500 = at1500 ? await at1500.area.getBytesInUse(null) : null;

    // Baseline: one item per account, the vault's sealed record as JSON.
    let baseline = 0;
    let baselineBytes = 0;
    for (const r of sealed) {
      const size = core.itemBytes(`a:${r.id}`, r);
      if (
        baselineBytes + size > core.SYNC_LIMITS.quotaBytes ||
        baseline + 1 > core.SYNC_LIMITS.maxItems
      )
        break;
      baselineBytes += size;
      baseline++;
    }

    // Time to back up and to restore 500 (restore by recovery key: everything but Argon2id).
    const area500 = new core.MemorySyncArea({ now: () => core.T0 });
    let t = performance.now();
    const out500 = await engineFor(area500).push(sealed.slice(0, 500));
    const backup500Ms = performance.now() - t;
    if (!out500.ok) throw new Error('backing up 500 accounts failed');
    t = performance.now();
    const restored = await core.BackupEngine.restore(area500, { recoveryKey });
    const restore500Ms = performance.now() - t;
    if (restored.accounts.length !== 500) throw new Error('restore of 500 accounts incomplete');
    t = performance.now();
    await core.BackupEngine.restore(area500, { passphrase: 'bench passphrase' });
    const restore500PassphraseMs = performance.now() - t;

    // One edit: rename one account and push again.
    const editArea = new core.MemorySyncArea({ now: () => core.T0 });
    const editEngine = engineFor(editArea);
    const base = sealed.slice(0, 1000);
    await editEngine.push(base);
    const edited = { ...accounts[123], label: 'renamed@example.com', updatedAt: core.T0 + 10_000 };
    const local = base.slice();
    local[123] = await core.sealAccount(masterKey, edited, 0);
    const itemsBefore = editArea.itemWrites;
    const opsBefore = editArea.writeOperations;
    t = performance.now();
    const editOut = await editEngine.push(local);
    const editMs = performance.now() - t;
    if (!editOut.ok) throw new Error('pushing one edit failed');
    const writesPerEdit = editArea.itemWrites - itemsBefore;
    const operationsPerEdit = editArea.writeOperations - opsBefore;

    // The compression trial, on the same fixture: range coder (shipped) against fflate.
    const trialCore = await bundleTrialCore();
    let compressionTrial;
    try {
      const [rangeCoder, fflate] = [
        await measureCapacity(core, rows, masterKey, slots),
        await measureCapacity(trialCore.mod, rows, masterKey, slots),
      ];
      compressionTrial = {
        rangeCoder,
        fflate,
        capacityRatio: Math.round((fflate.capacity / rangeCoder.capacity) * 1000) / 1000,
        code: await payloadCodeSizes(),
        rule: 'fflate wins when its capacity is within 5 % of the range coder',
      };
      compressionTrial.winner = compressionTrial.capacityRatio >= 0.95 ? 'fflate' : 'range coder';
    } finally {
      trialCore.cleanup();
    }
    const ct = compressionTrial;
    const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

    const results = {
      compressionTrial,
      syncCapacityAccounts: capacity,
      syncCapacityAccountsRoster2: capacityRoster2,
      syncCapacityAccountsRoster5: capacityRoster5,
      tombstonesBeforePrune,
      tombstonesAfterPrune,
      bytesPerAccount: Math.round((bytesAtCapacity / capacity) * 10) / 10,
      writesPerEdit,
      backup500Ms: Math.round(backup500Ms),
      restore500Ms: Math.round(restore500Ms),
    };
    const table = [
      ['bundler', bundler],
      ['capacity: accounts that fit and restore exactly', `${capacity} of ${accounts.length}`],
      ['capacity with 2 browsers in the roster', `${capacityRoster2} of ${accounts.length}`],
      [
        'capacity with 5 browsers in the roster',
        `${capacityRoster5} of ${accounts.length} (1,500 fit: ${fits1500Roster5 ? 'yes' : 'NO'})`,
      ],
      [
        'pruning: 100 deletions, 1,500 accounts, 5 browsers',
        `${tombstonesBeforePrune} tombstones (${bytesBeforePrune} B) → ${tombstonesAfterPrune} (${bytesAfterPrune} B) once all merged`,
      ],
      ['baseline: one sealed JSON item per account', `${baseline}`],
      ['capacity ratio (ours / baseline)', `${(capacity / baseline).toFixed(2)}×`],
      [
        'bytes per account at capacity',
        `${results.bytesPerAccount} (${bytesAtCapacity} B in ${Object.keys(atCapacity.area.peek()).length} items)`,
      ],
      [
        'bytes per account at 1,500',
        bytes1500
          ? `${(bytes1500 / 1500).toFixed(1)} (${bytes1500} B, ${((100 * bytes1500) / core.SYNC_LIMITS.quotaBytes).toFixed(1)} % of quota)`
          : 'n/a',
      ],
      ['baseline bytes per account', `${(baselineBytes / baseline).toFixed(1)}`],
      [
        'sync item writes for one edit (1,000 accounts)',
        `${writesPerEdit} (${operationsPerEdit} write operation${operationsPerEdit === 1 ? '' : 's'}, ${Math.round(editMs)} ms)`,
      ],
      ['back up 500 into an empty area', `${results.backup500Ms} ms`],
      ['restore 500 (recovery key)', `${results.restore500Ms} ms`],
      ['restore 500 (passphrase, Argon2id 64 MiB t=3)', `${Math.round(restore500PassphraseMs)} ms`],
      [
        'trial: capacity, range coder (kept) vs fflate deflate-raw + dictionary',
        `${ct.rangeCoder.capacity} vs ${ct.fflate.capacity} (fflate ${Math.round(ct.capacityRatio * 1000) / 10} %)`,
      ],
      [
        'trial: bytes per account at capacity',
        `${ct.rangeCoder.bytesPerAccount} vs ${ct.fflate.bytesPerAccount}`,
      ],
      [
        'trial: bytes at 1,500 accounts',
        ct.fflate.bytes1500 === null
          ? `${ct.rangeCoder.bytes1500} vs does not fit`
          : `${ct.rangeCoder.bytes1500} vs ${ct.fflate.bytes1500}`,
      ],
      [
        'trial: payload code, min+gzip',
        `${kib(ct.code.rangeCoder.gzipBytes)} vs ${kib(ct.code.fflate.gzipBytes)}`,
      ],
      [
        'trial: back up / decode 500',
        `${ct.rangeCoder.backup500Ms} / ${ct.rangeCoder.decode500Ms} ms vs ${ct.fflate.backup500Ms} / ${ct.fflate.decode500Ms} ms`,
      ],
      ['trial: decision (fflate if within 5 % of capacity)', ct.winner],
    ].map(([metric, value]) => ({ metric, value }));
    return { rows: table, results };
  } finally {
    cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { rows, results } = await benchBackup();
  if (rows.length > 0) console.table(rows);
  console.log(JSON.stringify(results));
}
