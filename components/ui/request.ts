import type { Result, WireError } from '../../lib/core/errors';

/**
 * Runs one protocol call and always yields a Result. sendMessage itself rejects when the
 * background is not there yet (service worker starting, extension reloading) or its handler
 * threw; the UI should show a sentence for that too rather than an unhandled rejection.
 */
export async function request<T>(send: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await send();
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, error: unreachable('The background sent an answer Tessera cannot read.') };
  } catch (e) {
    return { ok: false, error: unreachable(e instanceof Error ? e.message : String(e)) };
  }
}

function unreachable(message: string): WireError {
  return { code: 'E_INTERNAL', message };
}
