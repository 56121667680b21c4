/** "https://github.com:8443" → "github.com:8443"; what a person compares in the address bar. */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
