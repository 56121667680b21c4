import { describe, expect, it } from 'vitest';
import {
  RECOVERY_KEY_FILE_NAME,
  recoveryKeyFileText,
} from '../../components/vault/recoveryKeyFile';

describe('recovery key file', () => {
  it('holds the key on a line of its own, with what it is and when it was made', () => {
    const key = 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ';
    const text = recoveryKeyFileText(key, new Date('2024-05-06T07:08:09.000Z'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Tessera recovery key');
    expect(lines).toContain(key);
    expect(text).toContain('Created: 2024-05-06T07:08:09.000Z');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is saved as a plain text file', () => {
    expect(RECOVERY_KEY_FILE_NAME).toMatch(/^[a-z0-9-]+\.txt$/);
  });
});
