/**
 * "Save an updated emergency kit to Downloads after changes (at most once a day)": when to save.
 *
 * A vault change only marks the kit due (`dirtySince`); a save happens at the first check at
 * least a day after the last save. Building the kit needs the vault's key slots and sealed
 * records, which the background has only while Tessera is unlocked, so a due kit stays due
 * until a check finds it unlocked.
 */
export const KIT_AUTOSAVE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Where the kit goes, under the browser's Downloads folder; each save replaces the last. */
export const KIT_AUTOSAVE_PATH = 'Tessera/tessera-emergency-kit.html';

export interface KitAutoSaveState {
  enabled: boolean;
  lastSavedAt: number | null;
  dirtySince: number | null;
}

/** What Settings shows. permissionLost: on, but the user took `downloads` back since. */
export interface KitAutoSaveView {
  enabled: boolean;
  permissionLost: boolean;
  lastSavedAt: number | null;
}

export const KIT_AUTOSAVE_OFF: KitAutoSaveState = {
  enabled: false,
  lastSavedAt: null,
  dirtySince: null,
};

export type KitAutoSaveDecision =
  { kind: 'idle' } | { kind: 'save' } | { kind: 'wait'; until: number };

function time(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Whatever was stored (or nothing) as a state; anything unreadable is off. */
export function normalizeKitAutoSave(raw: unknown): KitAutoSaveState {
  if (typeof raw !== 'object' || raw === null) return { ...KIT_AUTOSAVE_OFF };
  const r = raw as Record<string, unknown>;
  return {
    enabled: r.enabled === true,
    lastSavedAt: time(r.lastSavedAt),
    dirtySince: time(r.dirtySince),
  };
}

/** Turning it on saves at the next check: the kit on disk may be older than the vault. */
export function kitAutoSaveEnabled(state: KitAutoSaveState, now: number): KitAutoSaveState {
  return { ...state, enabled: true, dirtySince: state.dirtySince ?? now };
}

/** Turning it off forgets what is due; files already saved stay where they are. */
export function kitAutoSaveDisabled(state: KitAutoSaveState): KitAutoSaveState {
  return { ...state, enabled: false, dirtySince: null };
}

export function kitChanged(state: KitAutoSaveState, now: number): KitAutoSaveState {
  if (!state.enabled || state.dirtySince !== null) return state;
  return { ...state, dirtySince: now };
}

export function decideKitSave(state: KitAutoSaveState, now: number): KitAutoSaveDecision {
  if (!state.enabled || state.dirtySince === null) return { kind: 'idle' };
  // A clock set back makes lastSavedAt lie in the future; waiting a day from it could be forever.
  if (state.lastSavedAt === null || state.lastSavedAt > now) return { kind: 'save' };
  const until = state.lastSavedAt + KIT_AUTOSAVE_INTERVAL_MS;
  return now >= until ? { kind: 'save' } : { kind: 'wait', until };
}

/**
 * After a save that started at `startedAt`: a change seen after that start is not in the file,
 * so it stays due.
 */
export function kitSaved(state: KitAutoSaveState, startedAt: number): KitAutoSaveState {
  const stillDue = state.dirtySince !== null && state.dirtySince > startedAt;
  return { ...state, lastSavedAt: startedAt, dirtySince: stillDue ? state.dirtySince : null };
}
