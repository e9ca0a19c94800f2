// Saving exported files: each Blob becomes a temporary blob: URL (the page's own origin; nothing
// is sent anywhere) clicked through a hidden <a download>, and the URL is revoked shortly after.

/** How long a blob: URL outlives its click, so the browser has started reading it. */
export const REVOKE_AFTER_MS = 10_000;

/**
 * Time between two downloads.
 *
 * Design note: Chromium silently drops anchor downloads started faster than about ten a second
 * (measured headless: bursts of four files, back to back, lost two of every twelve; spaced 100 ms
 * apart, three of forty-eight; 200 ms apart, none of forty-eight). Spacing them keeps every file
 * of an export, even when exports follow each other quickly.
 */
export const DOWNLOAD_SPACING_MS = 250;

/**
 * The name a file of `dataset`'s export is saved under. Files already named after the dataset
 * (`support.jsonl`, `support.recipe.json`) keep their name; the files of an `hf` folder
 * (`train.jsonl`, `README.md`, `recipe.json`) get the dataset as a prefix (`support-train.jsonl`),
 * since a browser saves files, not folders.
 */
export function downloadName(dataset: string, file: string): string {
  return file.startsWith(`${dataset}.`) ? file : `${dataset}-${file}`;
}

/** Starts one browser download per file, DOWNLOAD_SPACING_MS apart; resolves after the last. */
export async function downloadFiles(files: readonly { name: string; blob: Blob }[]): Promise<void> {
  for (const [index, { name, blob }] of files.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, DOWNLOAD_SPACING_MS));
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
