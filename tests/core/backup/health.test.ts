import { describe, expect, it } from 'vitest';
import { ALONE_MS, NOT_COMPLETED_MS, backupHealth } from '../../../lib/core/backup/health';

const DAY = 24 * 60 * 60_000;
const NOW = Date.UTC(2026, 11, 6, 12);

const base = {
  enabled: true,
  now: NOW,
  lastSuccessAt: NOW - 60_000,
  since: NOW - 90 * DAY,
  othersMergedAt: NOW - DAY,
};

describe('backup health', () => {
  it('all is well: recent backup, another browser merged recently', () => {
    expect(backupHealth(base)).toEqual({ warnings: [], daysSinceBackup: 0 });
  });

  it('backup off says only that (nothing else can be judged)', () => {
    expect(backupHealth({ ...base, enabled: false, lastSuccessAt: null }).warnings).toEqual([
      'off',
    ]);
  });

  it('not completed: warns at exactly 7 days, not a millisecond before', () => {
    expect(backupHealth({ ...base, lastSuccessAt: NOW - NOT_COMPLETED_MS + 1 }).warnings).toEqual(
      [],
    );
    const at = backupHealth({ ...base, lastSuccessAt: NOW - NOT_COMPLETED_MS });
    expect(at.warnings).toEqual(['not-completed']);
    expect(at.daysSinceBackup).toBe(7);
  });

  it('never completed: counted from when backing up started', () => {
    expect(
      backupHealth({ ...base, lastSuccessAt: null, since: NOW - NOT_COMPLETED_MS + 1 }).warnings,
    ).toEqual([]);
    expect(
      backupHealth({ ...base, lastSuccessAt: null, since: NOW - NOT_COMPLETED_MS }).warnings,
    ).toContain('not-completed');
    expect(backupHealth({ ...base, lastSuccessAt: null, since: null }).warnings).toEqual([]);
  });

  it('alone: no other browser merged for 30 days (boundary included)', () => {
    expect(backupHealth({ ...base, othersMergedAt: NOW - ALONE_MS + 1 }).warnings).toEqual([]);
    expect(backupHealth({ ...base, othersMergedAt: NOW - ALONE_MS }).warnings).toEqual(['alone']);
  });

  it('alone: a single browser is warned once it has backed up alone for 30 days', () => {
    expect(
      backupHealth({ ...base, othersMergedAt: null, since: NOW - ALONE_MS + 1 }).warnings,
    ).toEqual([]);
    expect(backupHealth({ ...base, othersMergedAt: null, since: NOW - ALONE_MS }).warnings).toEqual(
      ['alone'],
    );
  });

  it('a browser that joined recently is not alone yet, even if the others are old', () => {
    expect(
      backupHealth({ ...base, othersMergedAt: NOW - 400 * DAY, since: NOW - 2 * DAY }).warnings,
    ).toEqual([]);
  });

  it('both warnings at once, the overdue backup first', () => {
    expect(
      backupHealth({
        ...base,
        lastSuccessAt: NOW - 10 * DAY,
        othersMergedAt: NOW - 31 * DAY,
      }).warnings,
    ).toEqual(['not-completed', 'alone']);
  });
});
