/**
 * Saves text as a file the way a web page does (Blob + <a download>): no `downloads`
 * permission is needed, and the browser asks where to save when the user set it up so.
 */
export function saveTextFile(fileName: string, mimeType: string, content: string): void {
  const blob = new Blob([content], { type: `${mimeType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  // Firefox starts downloads only for links that are in the document.
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL only needs to live until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
