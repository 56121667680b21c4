import { i18n } from '#i18n';

/**
 * Why Tessera asks for each permission in wxt.config.ts (README.md, "Permissions and why", says
 * the same at length). Literal keys so the catalogue test sees each one used.
 */
const REASONS: Record<string, () => string> = {
  storage: () => i18n.t('settings.about.reasons.storage'),
  unlimitedStorage: () => i18n.t('settings.about.reasons.unlimitedStorage'),
  alarms: () => i18n.t('settings.about.reasons.alarms'),
  clipboardWrite: () => i18n.t('settings.about.reasons.clipboardWrite'),
  clipboardRead: () => i18n.t('settings.about.reasons.clipboardRead'),
  offscreen: () => i18n.t('settings.about.reasons.offscreen'),
  favicon: () => i18n.t('settings.about.reasons.favicon'),
  contextMenus: () => i18n.t('settings.about.reasons.contextMenus'),
  webNavigation: () => i18n.t('settings.about.reasons.webNavigation'),
  activeTab: () => i18n.t('settings.about.reasons.activeTab'),
  scripting: () => i18n.t('settings.about.reasons.scripting'),
};

export const EXPLAINED_PERMISSIONS: readonly string[] = Object.keys(REASONS);

export interface PermissionRow {
  name: string;
  reason: string;
}

/** One row per permission the running manifest really has, in the manifest's order. */
export function permissionRows(permissions: readonly string[]): PermissionRow[] {
  return permissions.map((name) => ({
    name,
    reason: Object.hasOwn(REASONS, name) ? REASONS[name]!() : i18n.t('settings.about.notListed'),
  }));
}
