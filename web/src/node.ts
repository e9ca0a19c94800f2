// The package entry under node (the "node" export condition): the same API as index.ts, with the
// engine in a worker_threads Worker and databases in ordinary files.
import { resolve } from 'node:path';
import { newLockToken } from '../../worker/src/file_lock.js';
import { open as openWith, type OpenOptions, type TraceSift } from './client.js';
import { TraceSiftError } from '../../worker/src/errors.js';
import { NodeThreadWorker } from './node_thread.js';

export * from './index.js';

/**
 * Starts the engine in a worker thread and opens a database: ":memory:" (default) or a file path
 * (relative to the current directory; created if missing). Resolves to the same `TraceSift` as in
 * the browser. Several processes and `open` calls may use one file (docs/STORAGE.md).
 */
export function open(options: OpenOptions = {}): Promise<TraceSift> {
  for (const field of ['workerUrl', 'wasmUrl'] as const) {
    if (options[field] !== undefined) {
      const message = `${field} is a browser option: under node the engine loads the package's own files`;
      return Promise.reject(new TraceSiftError('invalid_argument', message, { field }));
    }
  }
  const path = options.path === undefined || options.path === ':memory:' ? ':memory:' : resolve(options.path);
  const entry = new URL('../../worker/src/node_worker.js', import.meta.url);
  return openWith({
    ...options,
    path,
    worker:
      options.worker ??
      (() =>
        new NodeThreadWorker(
          entry,
          path === ':memory:' ? {} : { database: path, lockToken: newLockToken() },
        ) as unknown as Worker),
  });
}
