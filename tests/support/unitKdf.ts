// Every unit test file starts here (vitest.config.ts setupFiles). Vault, backup and transfer
// tests create many passphrase slots whose cost is not what they test; each is made at the
// cheapest cost production accepts (19 MiB, t=2) instead of 64 MiB, t=3. The floor stays
// production's, so every refusal test still meets the real bounds. Tests of the defaults
// themselves (kdf.test.ts, slots.test.ts, e2eKdf.test.ts) put PRODUCTION_KDF back first.
import { PRODUCTION_KDF, useKdfSetting } from '../../lib/core/crypto/kdfSetting';

useKdfSetting({
  cost: { alg: 'argon2id', memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 },
  floor: PRODUCTION_KDF.floor,
});
