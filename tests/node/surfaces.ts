// The two surfaces of the same operations: the synchronous EngineApi (worker, node) and the async
// client (TraceSift over a Connection to an in-process worker). Both are seen here as one async
// interface, so one suite runs against each.
import { readFileSync } from 'node:fs';
import { EngineApi } from '../../dist/worker/src/engine_api.js';
import { loadNodeModule } from '../../dist/worker/src/load_node.js';
import { CALL_NAMES } from '../../dist/worker/src/operations.js';
import type { TraceSift } from '../../dist/web/src/client.js';
import type { ImportReport } from '../../dist/worker/src/types.js';
import { openInProcess, type InProcessWorker } from './in_process_worker.js';

/**
 * The methods EngineApi and TraceSift share, by the same names: every `call` operation of
 * worker/src/operations.ts, and the custom ones both implement.
 */
export const SHARED_METHODS = [...CALL_NAMES, 'spans', 'listDatapoints'] as const;

type Shared = Pick<TraceSift, (typeof SHARED_METHODS)[number]>;

/** One open in-memory database, through either surface. */
export interface Surface extends Shared {
  /** Imports JSONL text (as bytes in chunks, or as a Blob through the client). */
  importText(text: string): Promise<ImportReport>;
  /** Imports a file on disk. */
  importFile(path: string): Promise<ImportReport>;
  close(): Promise<void>;
  /** The in-process worker behind the client (absent for EngineApi). */
  worker?: InProcessWorker;
}

/** A way to open a Surface. */
export interface SurfaceKind {
  name: string;
  open(): Promise<Surface>;
}

function importBytes(api: EngineApi, bytes: Uint8Array, chunk: number): ImportReport {
  const handle = api.importBegin('mem.jsonl');
  for (let i = 0; i < bytes.length; i += chunk) api.importChunk(handle, bytes.subarray(i, i + chunk));
  return api.importFinish(handle);
}

async function openSync(): Promise<Surface> {
  const api = new EngineApi(await loadNodeModule(), ':memory:');
  // Sync results and throws become resolved and rejected promises, as the client's are.
  const shared = Object.fromEntries(
    SHARED_METHODS.map((m) => [
      m,
      (...args: unknown[]) => {
        try {
          return Promise.resolve((api[m] as (...a: unknown[]) => unknown)(...args));
        } catch (e) {
          return Promise.reject(e);
        }
      },
    ]),
  ) as unknown as Shared;
  return {
    ...shared,
    importText: async (text) => importBytes(api, new TextEncoder().encode(text), 4096),
    importFile: async (path) => importBytes(api, readFileSync(path), 1 << 20),
    close: async () => api.close(),
  };
}

async function openClient(): Promise<Surface> {
  const { ts, worker } = await openInProcess();
  const shared = Object.fromEntries(SHARED_METHODS.map((m) => [m, ts[m].bind(ts)])) as unknown as Shared;
  return {
    ...shared,
    importText: (text) => ts.importFile(new Blob([text]), { fileName: 'mem.jsonl' }),
    importFile: (path) => ts.importFile(new Blob([readFileSync(path)]), { fileName: path }),
    close: () => ts.close(),
    worker,
  };
}

/** Both surfaces, for describe.each. */
export const SURFACES: SurfaceKind[] = [
  { name: 'EngineApi (sync)', open: openSync },
  { name: 'client over a Connection', open: openClient },
];
