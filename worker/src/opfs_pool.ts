// The browser side of the storage pool (docs/STORAGE.md): one Web Lock decides the single writer,
// then the pool's OPFS files are opened as FileSystemSyncAccessHandles, before the engine, and
// put where the wasm VFS finds them (Module.tsOpfsPool, bindings/opfs_file.cpp).
import type { TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';

/** The Web Lock every tab's worker asks for before opening the pool. */
export const DB_LOCK_NAME = 'tracesift-database';
/** The OPFS folder of the pool. */
export const POOL_DIRECTORY = 'tracesift-pool';
/** Files in the pool: the database, its journal, and room for SQLite's other files. */
export const POOL_SIZE = 6;
/** The database's name inside the pool. */
export const POOL_DB_PATH = '/tracesift.db';
/**
 * How long a worker waits for the lock before saying another tab has the database.
 * Design note: a reloaded page's old worker lets go of the lock a moment after the new page asks
 * for it; waiting briefly keeps a reload from looking like a second tab.
 */
export const LOCK_GRACE_MS = 3000;
/**
 * The engine's storage settings in OPFS, chosen by measurement (docs/BENCHMARKS.md, "OPFS
 * storage"): each sync-handle call has a fixed cost (the pool gathers contiguous writes), and
 * at 1M spans every import batch rewrites much of the span-id and trace-id indexes, so a cache
 * that holds them and batches of 25,000 spans; the PERSIST journal needs the fewest calls per
 * commit and keeps each commit durable at synchronous=NORMAL (docs/STORAGE.md).
 */
export const OPFS_TUNING: Record<string, string | number> = {
  journal_mode: 'PERSIST',
  synchronous: 'NORMAL',
  page_size: 16384,
  cache_size_kib: 262144,
  import_batch_size: 25000,
};
/** How long opening a pool file is retried while a previous worker's handle is still closing. */
const HANDLE_RETRY_MS = 5000;

interface SyncHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
interface FileHandle {
  createSyncAccessHandle(): Promise<SyncHandle>;
}
interface DirectoryHandle {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options: { create: boolean }): Promise<FileHandle>;
}
interface LockManager {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}
interface StorageNavigator {
  storage?: { getDirectory?: () => Promise<DirectoryHandle> };
  locks?: LockManager;
}

/** An opened pool: its handles are registered with the module; release() gives everything back. */
export interface OpenedPool {
  /** The name of the VFS to open the database in. */
  vfs: string;
  /** Closes the handles and lets go of the lock. */
  release(): void;
}

/** Why the pool could not be opened. */
export type PoolFailure = { reason: 'locked'; message: string } | { reason: 'unavailable'; message: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when this context can hold an OPFS pool at all. */
export function opfsSupported(): boolean {
  const nav = (globalThis as unknown as { navigator?: StorageNavigator }).navigator;
  return typeof nav?.storage?.getDirectory === 'function' && typeof nav.locks?.request === 'function';
}

/**
 * Takes the database lock (waiting up to LOCK_GRACE_MS, or for as long as it takes with
 * `waitForLock`); resolves to a release function, or null when another tab holds it.
 */
async function takeLock(locks: LockManager, waitForLock: boolean): Promise<(() => void) | null> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const granted = new Promise<boolean>((resolve, reject) => {
    const controller = new AbortController();
    const timer = waitForLock ? undefined : setTimeout(() => controller.abort(), LOCK_GRACE_MS);
    locks
      .request(DB_LOCK_NAME, waitForLock ? {} : { signal: controller.signal }, async () => {
        clearTimeout(timer);
        resolve(true);
        await held;
      })
      .catch((e: unknown) => {
        if (e instanceof Error && e.name === 'AbortError') resolve(false);
        else reject(e);
      });
  });
  return (await granted) ? release : null;
}

/** Opens one pool file, retrying while an earlier worker's handle on it is still being closed. */
async function openHandle(directory: DirectoryHandle, name: string): Promise<SyncHandle> {
  const file = await directory.getFileHandle(name, { create: true });
  const deadline = Date.now() + HANDLE_RETRY_MS;
  for (;;) {
    try {
      return await file.createSyncAccessHandle();
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'NoModificationAllowedError' || Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

/** Takes the lock, opens the pool's handles and registers them with `module`. */
export async function openOpfsPool(
  module: TraceSiftModule,
  options: { waitForLock?: boolean } = {},
): Promise<OpenedPool | PoolFailure> {
  const nav = (globalThis as unknown as { navigator?: StorageNavigator }).navigator;
  if (!opfsSupported() || !nav?.storage?.getDirectory || !nav.locks) {
    return { reason: 'unavailable', message: 'this browser offers no origin-private file system here' };
  }
  const unlock = await takeLock(nav.locks, options.waitForLock === true);
  if (!unlock) {
    return {
      reason: 'locked',
      message:
        'tracesift is open in another tab of this browser. Only one tab can use the saved database at a time: ' +
        'close the other tab (this one opens the database as soon as it is free).',
    };
  }
  const handles: SyncHandle[] = [];
  const release = () => {
    for (const h of handles.splice(0)) {
      try {
        h.close();
      } catch {
        // already closed
      }
    }
    unlock();
  };
  try {
    const root = await nav.storage.getDirectory();
    const directory = await root.getDirectoryHandle(POOL_DIRECTORY, { create: true });
    for (let i = 0; i < POOL_SIZE; i++) handles.push(await openHandle(directory, `pool-${i}.bin`));
    (module as TraceSiftModule & { tsOpfsPool?: unknown }).tsOpfsPool = { handles, lastError: '' };
    const vfs = module.installOpfsPool(POOL_SIZE);
    return { vfs, release };
  } catch (e) {
    release();
    const error = TraceSiftError.from(e);
    return { reason: 'unavailable', message: `the origin-private file system could not be opened: ${error.message}` };
  }
}
