export const FIREFOX_CANDIDATES: readonly string[];
export function findFirefox(): string | null;
