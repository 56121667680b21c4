import type { WireError } from '../../lib/core/errors';
import type { Policy } from '../../lib/core/policy/types';
import { DEFAULT_GENERAL_SETTINGS, type GeneralSettings } from '../../lib/core/settings/general';
import { sendMessage } from '../../lib/messaging';
import { applyDensity, applyTheme } from '../ui/applyTheme';
import { request } from '../ui/request';

/** The general settings and the organisation's policy, as the settings page shows them. */
export class SettingsModel {
  settings = $state<GeneralSettings>({ ...DEFAULT_GENERAL_SETTINGS });
  policy = $state<Policy>({});
  /** Managed values the background refused as invalid: the user should know they do not apply. */
  ignored = $state<string[]>([]);
  loaded = $state(false);
  /** The last failed read or write, shown next to the controls. */
  error = $state<WireError | null>(null);
  busy = $state(false);

  async load(): Promise<void> {
    const [settings, policy] = await Promise.all([
      request(() => sendMessage('settings.get')),
      request(() => sendMessage('policy.get')),
    ]);
    if (settings.ok) this.settings = settings.value;
    else this.error = settings.error;
    // Without an answer there is nothing to show; the background enforces the policy anyway.
    if (policy.ok) {
      this.policy = policy.value.policy;
      this.ignored = policy.value.ignored;
    }
    this.loaded = true;
  }

  /** Stores the fields; on refusal (E_POLICY, background gone) the shown values stay as stored. */
  async set(patch: Partial<GeneralSettings>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    const result = await request(() => sendMessage('settings.set', patch));
    this.busy = false;
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    this.settings = result.value;
    // Right away here; other open pages follow through storage.onChanged (applyTheme.ts).
    if (patch.theme !== undefined) applyTheme(result.value.theme);
    if (patch.density !== undefined) applyDensity(result.value.density);
    return true;
  }
}
