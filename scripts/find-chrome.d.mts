export const CHROME_CANDIDATES: readonly string[];
export function findChrome(): string | null;
