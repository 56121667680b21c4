import { i18n } from '#i18n';
import { TesseraError } from '../../lib/core/errors';
import {
  badRequest as bad,
  MAX,
  object,
  optionalText,
  text,
} from '../../lib/core/messaging/validate';
import { checkExport } from '../../lib/core/policy/parse';
import { decodeBase64 } from '../../lib/core/otp';
import { IMPORT_LIMITS, importFile, type ImportResult } from '../../lib/core/transfer';
import { buildExport } from '../../lib/core/transfer/exportFiles';
import { PendingImports } from '../../lib/core/transfer/pending';
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/core/transfer/protocol';
import type { VaultService } from '../../lib/core/vault/service';
import { describePlan, type ImportChoice } from '../../lib/core/vault/transferPlan';
import type { RouteName } from '../../lib/messaging';
import { readPolicy } from '../../lib/platform/policy';
import { guessThrottle } from '../../lib/platform/throttleStore';
import type { RouteDef } from './router';

export interface TransferServices {
  vault: VaultService;
}

// The kit auto-save's routes live with it (kitAutoSave.ts).
type TransferRoute = Exclude<
  Extract<RouteName, `transfer.${string}`>,
  'transfer.kitAutoSave' | 'transfer.kitAutoSaveSet'
>;
export type TransferRouteTable = { [K in TransferRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

interface PendingImport {
  result: ImportResult;
  /** What the preview showed, so apply refuses if the vault changed meanwhile. */
  expected: NonNullable<ImportChoice['expected']>;
}

/**
 * Parsed files between preview and confirmation, in this service worker's memory only: they
 * hold secrets in the clear, so they are never stored and never sent to the page.
 */
const pending = new PendingImports<PendingImport>();

/** The file as the parsers take it: pasted text as is, picked files as their bytes. */
function fileContent(d: Record<string, unknown>): string | Uint8Array {
  // Base64 is 4/3 of the bytes; anything longer is over the size limit importFile enforces.
  const max = Math.ceil((IMPORT_LIMITS.maxBytes * 4) / 3) + 4;
  if (typeof d.content === 'string' && d.content.length > max) {
    // The popup shows this message as it is; the default locale is the browser's UI language.
    const limit = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'megabyte' }).format(
      IMPORT_LIMITS.maxBytes / (1024 * 1024),
    );
    throw new TesseraError('E_IMPORT_TOO_LARGE', i18n.t('transfer.import.fileTooLarge', [limit]), {
      reason: 'fileTooLarge',
      max: IMPORT_LIMITS.maxBytes,
    });
  }
  const content = text(d.content, 'file content', max);
  if (d.encoding === 'text') return content;
  if (d.encoding !== 'base64') throw bad('The file encoding must be text or base64.');
  try {
    return decodeBase64(content);
  } catch {
    throw bad('The file could not be read.');
  }
}

async function requireUnlocked(vault: VaultService): Promise<void> {
  if ((await vault.state()) === 'unlocked') return;
  // Locking means nothing readable stays behind; parsed files are no exception.
  pending.clear();
  throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
}

export function transferRoutes({ vault }: TransferServices): TransferRouteTable {
  return {
    'transfer.preview': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const fileName = text(d.fileName ?? '', 'file name', 512);
        const password = optionalText(d.password, 'password', MAX.passphrase);
        const input = fileContent(d);
        await requireUnlocked(vault);
        const result = await importFile(input, password ? { password } : {});
        const plan = vault.planImport(result.accounts);
        const { id, expiresAt } = pending.put({
          result,
          expected: { add: plan.add.length, matchIds: plan.matches.map((m) => m.existing.id) },
        });
        return describePlan({ planId: id, fileName, expiresAt, result, plan });
      },
    },
    'transfer.apply': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const planId = text(d.planId, 'preview id', MAX.id);
        const ids = d.updateNames ?? [];
        if (!Array.isArray(ids) || ids.length > IMPORT_LIMITS.maxEntries) {
          throw bad('Expected a list of account ids.');
        }
        const updateNames = ids.map((id) => text(id, 'account id', MAX.id));
        await requireUnlocked(vault);
        const item = pending.get(planId);
        const result = await vault.applyImport(item.result.accounts, {
          updateNames,
          keepSites: item.result.format === 'tessera-backup',
          expected: item.expected,
        });
        pending.delete(planId);
        return result;
      },
    },
    'transfer.export': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const passphrase = text(d.passphrase, 'passphrase', MAX.passphrase);
        const format = d.format as ExportFormat;
        if (!EXPORT_FORMATS.includes(format)) throw bad('Unknown export format.');
        // Before the passphrase check: a refused format should not cost an Argon2id run.
        checkExport(format, (await readPolicy()).policy);
        const source = await guessThrottle.attempt(() => vault.exportAccounts(passphrase));
        return buildExport(format, { ...source, now: Date.now() });
      },
    },
  };
}
