// Hand-written types of the emscripten module built from bindings/engine_bindings.cpp
// (embind 3.1.6 cannot emit them). Keep in step with EMSCRIPTEN_BINDINGS there.

/** One open database inside the wasm module. Methods throw an Error named "TraceSiftError". */
export interface WasmEngine {
  count(filterJson: string): number;
  spans(filterJson: string, limit: number, offset: number): Uint8Array;
  importBegin(fileName: string, format: string): number;
  importFeed(handle: number, bytes: Uint8Array | ArrayBuffer): string;
  importFinish(handle: number): string;
  importCancel(handle: number): string;
  close(): void;
  delete(): void;
}

/** The emscripten file system, as much of it as the node loader uses. */
export interface WasmFS {
  mkdir(path: string): void;
  mount(type: unknown, opts: { root: string }, mountpoint: string): void;
  filesystems: { NODEFS: unknown; MEMFS: unknown };
}

/** The instantiated module. */
export interface TraceSiftModule {
  Engine: new (path: string) => WasmEngine;
  engineVersion(): string;
  FS: WasmFS;
}

/** Options emscripten understands when instantiating. */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare function createTraceSiftModule(options?: ModuleOptions): Promise<TraceSiftModule>;
export default createTraceSiftModule;
