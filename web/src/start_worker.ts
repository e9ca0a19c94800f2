// Starts the engine's Web Worker for open(): the package's own worker (where the page's bundler
// put it) or the one at `workerUrl`, and, when a worker fails before it answers, finds out why:
// the client asks for the script's URL itself and reports what the server answered.
import { TraceSiftError } from '../../worker/src/errors.js';
import { answered, loadFailure, probe } from '../../worker/src/load_failure.js';

/** A started worker and the absolute URL of its script (unknown for a worker the caller made). */
export interface StartedWorker {
  worker: Worker;
  url?: string;
}

/** `url` made absolute against the page (or worker) the client runs in. */
export function absoluteUrl(url: string | URL, field: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(String(url), base).href;
  } catch {
    throw new TraceSiftError('invalid_argument', `${field} must be a URL, got ${JSON.stringify(String(url))}`, {
      field,
    });
  }
}

/** The worker of `workerUrl`, else the package's worker entry. */
export function startWorker(workerUrl?: string | URL): StartedWorker {
  if (workerUrl !== undefined) {
    const url = absoluteUrl(workerUrl, 'workerUrl');
    return { worker: new Worker(url, { type: 'module' }), url };
  }
  return bundledWorker();
}

/**
 * The package's worker entry. Design note: bundlers find the worker by the text
 * `new Worker(new URL('…', import.meta.url))` and rewrite the URL in place (Vite, webpack 5), so
 * the statement stays as they expect; the global Worker is wrapped for that one synchronous
 * statement to learn which URL the rewritten code asks for, for a failure's diagnosis.
 */
function bundledWorker(): StartedWorker {
  const scope = globalThis as { Worker: typeof Worker };
  const Native = scope.Worker;
  let url: string | undefined;
  scope.Worker = function (script: string | URL, options?: WorkerOptions) {
    // (only recorded: what the worker is started with is the bundler's URL as it is)
    try {
      url = absoluteUrl(script, 'worker');
    } catch {
      url = String(script);
    }
    return new Native(script, options);
  } as unknown as typeof Worker;
  try {
    return { worker: new Worker(new URL('../../worker/src/worker.js', import.meta.url), { type: 'module' }), url };
  } finally {
    scope.Worker = Native;
  }
}

/**
 * Why a worker failed before it answered: `reason` is what its error event said (often nothing).
 * Without the script's URL, only that; with it, what the URL answers (a 404, a page served in its
 * place, a script that is there and failed) and what to change.
 */
export async function workerFailure(reason: string, url?: string): Promise<TraceSiftError> {
  if (url === undefined)
    return new TraceSiftError('worker_failed', `the engine worker failed: ${reason || 'unknown error'}`);
  const served = await probe(url);
  const script = served.status !== undefined && served.status < 400 && /javascript/i.test(served.content_type ?? '');
  const what = script
    ? `the engine worker at ${url} failed to start: ${reason || 'the browser gave no reason'}`
    : `the engine worker could not start: its script ${url} ${answered(served)}`;
  return loadFailure('worker', url, served, what, import.meta.url);
}
