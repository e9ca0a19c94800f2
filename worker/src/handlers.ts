// The worker's handler table: protocol messages -> the synchronous EngineApi (the `call`
// operations of operations.ts by name, the others by hand).
import type { TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import type { Handlers } from './dispatcher.js';
import { EngineApi } from './engine_api.js';
import { CALL_NAMES, type CallName } from './operations.js';
import { TraceSiftError } from './errors.js';
import { OPFS_TUNING, POOL_DB_PATH, type OpenedPool, type PoolFailure } from './opfs_pool.js';
import type { StorageInfo } from './types.js';

/** Opens the browser's storage pool (worker/src/opfs_pool.ts); only the browser worker has one. */
export type OpenPool = (
  module: TraceSiftModule,
  options: { waitForLock?: boolean },
) => Promise<OpenedPool | PoolFailure>;

/** The notice of a database that fell back to memory. */
const MEMORY_NOTICE = 'A temporary in-memory database is used instead: nothing will be saved.';

/**
 * The buffer of bytes the module returned, to transfer. The module returns a fresh Uint8Array
 * over its own buffer: that buffer goes whole; a view into a larger one is copied first.
 */
function transferable(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** How long an open database file waits for another holder by default (docs/STORAGE.md). */
export const FILE_LOCK_TIMEOUT_MS = 10_000;

/** The engine's lock_timeout_ms for a database file. */
function fileLockTimeout(waitForLock: boolean | undefined, lockTimeoutMs: number | undefined): number {
  if (waitForLock) return 2_000_000_000; // as long as it takes
  if (lockTimeoutMs === undefined) return FILE_LOCK_TIMEOUT_MS;
  if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new TraceSiftError(
      'invalid_argument',
      `lockTimeoutMs must be a number of milliseconds >= 0, got ${lockTimeoutMs}`,
      {
        field: 'lockTimeoutMs',
      },
    );
  }
  return Math.min(Math.round(lockTimeoutMs), 2_000_000_000);
}

/**
 * Builds the handlers over a lazily loaded module. One database is open at a time. `openPool`
 * gives `open({storage: 'opfs'})` the browser's saved database; without it (node) such an open
 * falls back to memory with a notice.
 */
export function createHandlers(loadModule: () => Promise<TraceSiftModule>, openPool?: OpenPool): Handlers {
  let api: EngineApi | null = null;
  let pool: OpenedPool | null = null;
  const live = (): EngineApi => {
    if (!api) throw new TraceSiftError('closed', 'no database is open; call open() first');
    return api;
  };
  const closeAll = () => {
    api?.close();
    api = null;
    pool?.release();
    pool = null;
  };
  /** Opens the saved database, or says why not (a notice), or throws "locked" for a second tab. */
  const openSaved = async (
    module: TraceSiftModule,
    waitForLock: boolean,
    tuning: Record<string, string | number> | undefined,
  ): Promise<string> => {
    const opened = openPool
      ? await openPool(module, { waitForLock })
      : { reason: 'unavailable' as const, message: 'this environment has no origin-private file system' };
    if ('reason' in opened) {
      if (opened.reason === 'locked') throw new TraceSiftError('locked', opened.message);
      return `The database cannot be saved in this browser: ${opened.message}.`;
    }
    try {
      api = new EngineApi(module, POOL_DB_PATH, { ...OPFS_TUNING, ...tuning, vfs: opened.vfs });
      pool = opened;
      return '';
    } catch (e) {
      opened.release();
      return `The saved database could not be opened: ${TraceSiftError.from(e).message}.`;
    }
  };
  // Each `call` operation of operations.ts: its arguments, in order, to EngineApi.invoke.
  const calls = Object.fromEntries(
    CALL_NAMES.map((name) => [name, (args: readonly unknown[]) => live().invoke(name, args)]),
  ) as unknown as { [K in CallName]: Handlers[K] };
  return {
    ...calls,
    async open({ path, storage, waitForLock, lockTimeoutMs, tuning }) {
      const module = await loadModule();
      closeAll();
      let info: StorageInfo;
      if (storage === 'opfs') {
        const notice = await openSaved(module, waitForLock === true, tuning);
        if (notice === '') {
          info = { storage: 'opfs', persistent: true };
        } else {
          api = new EngineApi(module, ':memory:', tuning);
          info = { storage: 'memory', persistent: false, notice: `${notice} ${MEMORY_NOTICE}` };
        }
      } else {
        // A file other processes may use too: every transaction takes its lock (file_lock.ts).
        const locking: Record<string, string | number> =
          path !== ':memory:' && module.tsHostLock
            ? { vfs: module.installHostLock(), lock_timeout_ms: fileLockTimeout(waitForLock, lockTimeoutMs) }
            : {};
        api = new EngineApi(module, path, { ...tuning, ...locking });
        info = path === ':memory:' ? { storage: 'memory', persistent: false } : { storage: 'file', persistent: true };
      }
      return { version: api!.version, storage: info };
    },
    spans: ({ filter, query }) => {
      const page = live().spansBytes(filter, query);
      return { bytes: transferable(page.bytes), nextCursor: page.nextCursor };
    },
    exportBegin: ({ name, format, options }) => live().exportBegin(name, format, options),
    exportNext: ({ handle }) => {
      const piece = live().exportNext(handle);
      return { ...piece, bytes: transferable(piece.bytes) };
    },
    exportClose: ({ handle }) => {
      live().exportClose(handle);
      return null;
    },
    listDatapoints: ({ name, page }) => {
      const rows = live().listDatapointsBytes(name, page);
      return { bytes: transferable(rows.bytes), nextCursor: rows.nextCursor };
    },
    importBegin: ({ fileName, format }) => ({ handle: live().importBegin(fileName, format) }),
    importChunk: ({ handle, bytes }) => live().importChunk(handle, new Uint8Array(bytes)),
    importFinish: ({ handle }) => live().importFinish(handle),
    importCancel: ({ handle }) => live().importCancel(handle),
    snapshotBegin: () => live().snapshotBegin(),
    snapshotNext: ({ handle, maxBytes }) => {
      const piece = live().snapshotNext(handle, maxBytes);
      return { bytes: transferable(piece.bytes), done: piece.done };
    },
    snapshotClose: ({ handle }) => {
      live().snapshotClose(handle);
      return null;
    },
    openDatabaseFile: ({ bytes }) => live().openDatabaseFile(new Uint8Array(bytes)),
    close: () => {
      closeAll();
      return null;
    },
  };
}
