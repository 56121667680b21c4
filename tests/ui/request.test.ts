import { describe, expect, it } from 'vitest';
import type { Result } from '../../lib/core/errors';
import { request } from '../../components/ui/request';

describe('request', () => {
  it('passes the background answer through, success or failure', async () => {
    const ok: Result<number> = { ok: true, value: 3 };
    const fail: Result<number> = { ok: false, error: { code: 'E_LOCKED', message: 'locked' } };
    expect(await request(() => Promise.resolve(ok))).toEqual(ok);
    expect(await request(() => Promise.resolve(fail))).toEqual(fail);
  });

  it('turns a rejected send (background not there) into an E_INTERNAL result', async () => {
    const result = await request<number>(() =>
      Promise.reject(new Error('Receiving end does not exist.')),
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'E_INTERNAL', message: 'Receiving end does not exist.' },
    });
  });

  it('turns an answer it cannot read into an E_INTERNAL result', async () => {
    for (const answer of [undefined, null, 'yes', { value: 1 }]) {
      const result = await request<number>(() =>
        Promise.resolve(answer as unknown as Result<number>),
      );
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('E_INTERNAL');
    }
  });
});
