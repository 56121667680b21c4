import type { BrowserContext, Worker } from '@playwright/test';

export const repoRoot: string;
export const E2E_EXTENSION_DIR: string;
export const PRODUCTION_EXTENSION_DIR: string;
export const EXPECTED_EXTENSION_ID: string;
export const HOST_RESOLVER_RULES: string;
export function chromiumArgs(extensionDir: string | null): string[];
export function requireChrome(): string;
export const MERGED_FEATURES_LAUNCHER: string;
export function chromiumLaunch(env?: Record<string, string | undefined>): {
  executablePath: string;
  env: Record<string, string>;
};
export function makeProfileDir(prefix?: string): string;
export function launchChromium(options: {
  extensionDir: string | null;
  profileDir: string;
  headless?: boolean;
  extraArgs?: string[];
  viewport?: { width: number; height: number } | null;
  /** UI language of the browser, e.g. 'it'; default: the environment's (English on CI). */
  locale?: string;
}): Promise<BrowserContext>;
export function localeArgs(locale: string): string[];
export function localeEnv(locale: string): Record<string, string>;
export function waitForServiceWorker(context: BrowserContext, timeout?: number): Promise<Worker>;
export function extensionIdOf(worker: Worker): string;
export function stopExtensionWorker(context: BrowserContext, extensionId: string): Promise<void>;
