/**
 * Time an object URL stays valid after the click that saves it. Firefox has failed such
 * downloads when the URL was revoked in the same task as the click, so revoking waits.
 */
export const REVOKE_DELAY_MS = 10_000;

/**
 * Saves a Blob as a file through the browser's download: it creates an object URL, clicks a
 * temporary `<a download>` link to it, and revokes the URL `REVOKE_DELAY_MS` later. Browsers
 * may still rename the file or ask the user where to save it.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
  }
}
