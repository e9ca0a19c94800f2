// The package entry under node (the "node" export condition): the same API as index.ts, with the
// engine in a worker_threads Worker and databases in ordinary files.
import { resolve } from 'node:path';
import { open as openWith, type OpenOptions, type TraceSift } from './client.js';
import { NodeThreadWorker } from './node_thread.js';

export * from './index.js';

/**
 * Starts the engine in a worker thread and opens a database: ":memory:" (default) or a file path
 * (relative to the current directory; created if missing). Resolves to the same `TraceSift` as in
 * the browser.
 */
export function open(options: OpenOptions = {}): Promise<TraceSift> {
  const path = options.path ?? ':memory:';
  const entry = new URL('../../worker/src/node_worker.js', import.meta.url);
  return openWith({
    ...options,
    path: path === ':memory:' ? path : resolve(path),
    worker: options.worker ?? (() => new NodeThreadWorker(entry) as unknown as Worker),
  });
}
