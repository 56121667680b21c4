/**
 * The options page's sections, one per capability. Import & export is the first; later
 * settings (autofill, backup) add an entry here and a branch in App.svelte.
 */
export interface OptionsSection {
  id: 'transfer';
  label: string;
  /** Needs an unlocked vault to show anything useful. */
  needsUnlock: boolean;
}

export const SECTIONS: readonly OptionsSection[] = [
  { id: 'transfer', label: 'Import & export', needsUnlock: true },
];

/** The section named in the address (#transfer), so a link or a reload lands on it. */
export function sectionFromHash(hash: string): OptionsSection {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
