import { TesseraError } from '../errors';
import type { RemoteProblemKind } from './types';

/**
 * The error for one kind of remote problem: E_UNSUPPORTED_VERSION, E_KDF_PARAMS and
 * E_VAULT_EXISTS where the shared error codes have one, else E_CORRUPT; the kind itself is in
 * `detail.problem`, so every kind is told apart without growing the shared code list.
 */
export function problemError(
  kind: RemoteProblemKind,
  message: string,
  detail: Record<string, string | number | boolean> = {},
): TesseraError {
  const code =
    kind === 'unsupported-version'
      ? 'E_UNSUPPORTED_VERSION'
      : kind === 'kdf-params'
        ? 'E_KDF_PARAMS'
        : kind === 'foreign'
          ? 'E_VAULT_EXISTS'
          : 'E_CORRUPT';
  return new TesseraError(code, message, { ...detail, problem: kind });
}
