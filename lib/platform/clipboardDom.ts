/**
 * Runs in a document (Chrome's offscreen page, Firefox's background page): reads the clipboard
 * and empties it only when it still holds the code we put there, so we never wipe something
 * the user copied since. Reading needs the clipboardRead permission.
 */
export function clearClipboardIfHolds(code: string): boolean {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  let current = '';
  try {
    document.execCommand('paste');
    current = area.value;
  } finally {
    area.remove();
  }
  if (current !== code) return false;
  const wipe = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  document.addEventListener('copy', wipe);
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', wipe);
  }
  return true;
}
