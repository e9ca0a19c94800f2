// Why the engine could not load, in words and facts: which file (the worker script or the .wasm),
// its URL, what the server answered for it (HTTP status, content type), and what to change.
import { TraceSiftError } from './errors.js';

/** The two files the browser loads to start the engine. */
export type LoadAsset = 'worker' | 'wasm';

/** What a request for an asset's URL answered: an HTTP status and content type, or a network error. */
export interface Served {
  status?: number;
  content_type?: string;
  fetch_error?: string;
}

/** Asks for `url` (as the browser did) and keeps the status and content type; the body is dropped. */
export async function probe(url: string): Promise<Served> {
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    void response.body?.cancel().catch(() => undefined);
    return { status: response.status, content_type: response.headers.get('content-type') ?? '' };
  } catch (e) {
    return { fetch_error: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether `moduleUrl` (a script's import.meta.url) is a copy Vite's dev server pre-bundled. */
export function preBundledByVite(moduleUrl: string): boolean {
  return moduleUrl.includes('/node_modules/.vite/');
}

/** What the host can change so that `asset` loads; `moduleUrl` is the import.meta.url of the code that asked for it. */
export function loadHint(asset: LoadAsset, moduleUrl: string): string {
  if (preBundledByVite(moduleUrl)) {
    return (
      "Vite's dev server pre-bundled tracesift, which separates the client from its worker and .wasm: " +
      "add `optimizeDeps: { exclude: ['tracesift'] }` to vite.config.js and restart it"
    );
  }
  return asset === 'worker'
    ? 'serve the package\'s worker (the "tracesift/worker" entry, dist/worker/src/ with the files it imports) ' +
        "from the page's origin (bundlers that follow `new Worker(new URL(..., import.meta.url))` do), " +
        'or pass open({ workerUrl }) with the URL where it is served'
    : 'serve the package\'s .wasm (the "tracesift/wasm" entry) at that URL, as application/wasm ' +
        '(bundlers that follow `new URL(..., import.meta.url)` do), or pass open({ wasmUrl }) with the URL where it is served';
}

/** How a response reads in a message: "answered HTTP 404 (text/html)", "gave no answer (...)". */
export function answered(served: Served): string {
  if (served.fetch_error !== undefined) return `gave no answer (${served.fetch_error})`;
  return `answered HTTP ${served.status} (${served.content_type || 'no content type'})`;
}

/** The `worker_failed` error of an asset that did not load: `what` says what went wrong. */
export function loadFailure(
  asset: LoadAsset,
  url: string,
  served: Served,
  what: string,
  moduleUrl: string,
): TraceSiftError {
  const hint = loadHint(asset, moduleUrl);
  return new TraceSiftError('worker_failed', `${what}. ${hint}`, { asset, url, ...served, hint });
}
