// Instantiates the wasm module under node, with the host file system mounted at /host so
// databases can live in ordinary files, and the lock other processes see on those files
// (file_lock.ts) installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import createTraceSiftModule, { type TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';
import { FileLocks } from './file_lock.js';

/** Where the host's root directory appears inside the module's file system. */
export const HOST_MOUNT = '/host';

/** Who opens databases in this process or thread, as other processes are told. */
export interface LockHolder {
  /** What it is doing, for a person ("tracesift import traces.jsonl"). */
  command: string;
  /** Unique per engine thread (file_lock.ts newLockToken); given when another thread must clean up after it. */
  token?: string;
}

let loaded: Promise<TraceSiftModule> | undefined;

/** The module, instantiated once per process (or thread); `holder` applies to the first call. */
export function loadNodeModule(holder?: LockHolder): Promise<TraceSiftModule> {
  loaded ??= instantiate(holder ?? { command: defaultCommand() });
  return loaded;
}

/** What this process is, for a lock's holder: "node script.mjs". */
export function defaultCommand(): string {
  const script = process.argv[1];
  return script ? `node ${basename(script)}` : 'node';
}

async function instantiate(holder: LockHolder): Promise<TraceSiftModule> {
  const wasmUrl = new URL('../../wasm/tracesift_engine.wasm', import.meta.url);
  // Design note: emscripten 3.1.6's ES module output still calls require() and reads __dirname
  // under node, and its fetch path misreads file URLs, so give it both and pass the bytes in.
  const g = globalThis as { require?: unknown; __dirname?: string };
  g.require ??= createRequire(import.meta.url);
  g.__dirname ??= dirname(fileURLToPath(wasmUrl));
  const module = await createTraceSiftModule({
    wasmBinary: readWasm(wasmUrl),
    print: () => {},
    printErr: () => {},
  });
  module.FS.mkdir(HOST_MOUNT);
  module.FS.mount(module.FS.filesystems.NODEFS, { root: '/' }, HOST_MOUNT);
  module.tsHostLock = new FileLocks(fromModulePath, holder.command, holder.token);
  module.installHostLock();
  return module;
}

/** The .wasm's bytes; a file that cannot be read rejects with "worker_failed" naming it. */
function readWasm(url: URL): Buffer {
  try {
    return readFileSync(url);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    const path = fileURLToPath(url);
    throw new TraceSiftError('worker_failed', `the engine's .wasm could not be read from ${path}: ${error.message}`, {
      asset: 'wasm',
      url: url.href,
      file: path,
      ...(error.code ? { os_code: error.code } : {}),
      hint: 'reinstall the tracesift package: its dist/wasm/tracesift_engine.wasm is missing or unreadable',
    });
  }
}

/** The module path of a host file path (relative paths resolve against the current directory). */
export function hostPath(path: string): string {
  if (path === ':memory:') return path;
  return HOST_MOUNT + resolve(path);
}

/** The host path of a module path ("/host/home/a.db" -> "/home/a.db"); other paths unchanged. */
export function fromModulePath(path: string): string {
  return path.startsWith(`${HOST_MOUNT}/`) ? path.slice(HOST_MOUNT.length) : path;
}
