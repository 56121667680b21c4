import type { Policy } from '../../lib/core/policy/types';
import { DEFAULT_GENERAL_SETTINGS, type GeneralSettings } from '../../lib/core/settings/general';
import { sendMessage } from '../../lib/messaging';
import { applyDensity, applyTheme } from '../ui/applyTheme';
import { request } from '../ui/request';
import { FormAction } from '../ui/formAction.svelte';

/** The general settings and the organisation's policy, as the settings page shows them. */
export class SettingsModel extends FormAction {
  settings = $state<GeneralSettings>({ ...DEFAULT_GENERAL_SETTINGS });
  policy = $state<Policy>({});
  /** Managed values the background refused as invalid: the user should know they do not apply. */
  ignored = $state<string[]>([]);
  loaded = $state(false);

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
    return this.run(async () => {
      const result = await request(() => sendMessage('settings.set', patch));
      if (!result.ok) return result.error;
      this.settings = result.value;
      // Right away here; other open pages follow through storage.onChanged (applyTheme.ts).
      if (patch.theme !== undefined) applyTheme(result.value.theme);
      if (patch.density !== undefined) applyDensity(result.value.density);
      return null;
    });
  }
}
