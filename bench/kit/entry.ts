import { buildKitTemplate } from '../../kit/build';
import { openKit } from '../../kit/accounts';
import {
  DEFAULT_ARGON2ID,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
} from '../../lib/core/crypto';
import { writeKitHtml } from '../../lib/core/kit/kitFile';
import { KIT_STRING_FIELDS, type KitStrings } from '../../lib/core/kit/strings';
import { parseOtpauthUri } from '../../lib/core/otp';
import { writeTesseraBackup } from '../../lib/core/transfer';
import { sealAccount } from '../../lib/core/vault/records';

export { openKit };

/** A kit of `uris` sealed with the default (production) Argon2id cost, as Settings makes it. */
export async function makeKit(kitDir: string, uris: readonly string[], passphrase: string) {
  const template = await buildKitTemplate(kitDir);
  const masterKey = createMasterKey();
  const recoveryKey = generateRecoveryKey();
  const slots = [
    await createPassphraseSlot(masterKey, passphrase, DEFAULT_ARGON2ID),
    await createRecoverySlot(masterKey, recoveryKey),
  ];
  const records = await Promise.all(
    uris.map((u, i) =>
      sealAccount(masterKey, {
        ...parseOtpauthUri(u).account,
        id: `bench-${i}`,
        updatedAt: 1_700_000_000_000 + i,
        sites: [],
        pinned: false,
        order: i,
      }),
    ),
  );
  const backup = writeTesseraBackup({ slots, records, createdAt: Date.now() });
  const strings = Object.fromEntries(
    KIT_STRING_FIELDS.map((k) => [k, k === 'lang' ? 'en' : k]),
  ) as unknown as KitStrings;
  const html = writeKitHtml(template, { backup, strings, plainExport: true });
  return { html, backup, recoveryKey, scriptBytes: template.script.length };
}
