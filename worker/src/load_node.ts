// Instantiates the wasm module under node, with the host file system mounted at /host so
// databases can live in ordinary files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import createTraceSiftModule, { type TraceSiftModule } from '../../wasm/tracesift_engine.mjs';

/** Where the host's root directory appears inside the module's file system. */
export const HOST_MOUNT = '/host';

let loaded: Promise<TraceSiftModule> | undefined;

/** The module, instantiated once per process. */
export function loadNodeModule(): Promise<TraceSiftModule> {
  loaded ??= instantiate();
  return loaded;
}

async function instantiate(): Promise<TraceSiftModule> {
  const wasmUrl = new URL('../../wasm/tracesift_engine.wasm', import.meta.url);
  // Design note: emscripten 3.1.6's ES module output still calls require() and reads __dirname
  // under node, and its fetch path misreads file URLs, so give it both and pass the bytes in.
  const g = globalThis as { require?: unknown; __dirname?: string };
  g.require ??= createRequire(import.meta.url);
  g.__dirname ??= dirname(fileURLToPath(wasmUrl));
  const module = await createTraceSiftModule({
    wasmBinary: readFileSync(wasmUrl),
    print: () => {},
    printErr: () => {},
  });
  module.FS.mkdir(HOST_MOUNT);
  module.FS.mount(module.FS.filesystems.NODEFS, { root: '/' }, HOST_MOUNT);
  return module;
}

/** The module path of a host file path (relative paths resolve against the current directory). */
export function hostPath(path: string): string {
  if (path === ':memory:') return path;
  return HOST_MOUNT + resolve(path);
}
