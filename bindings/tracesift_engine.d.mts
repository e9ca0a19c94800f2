// Hand-written types of the emscripten module built from bindings/engine_bindings.cpp
// (embind 3.1.6 cannot emit them). Keep in step with EMSCRIPTEN_BINDINGS there.

/** One open database inside the wasm module. Methods throw an Error named "TraceSiftError". */
export interface WasmEngine {
  /**
   * Calls a declared operation (worker/src/operations.ts, `call` kind) with each argument as JSON
   * text ("" = not given); returns the result as JSON text.
   */
  call(name: string, args: string[]): string;
  /**
   * One page of matching spans. `pageJson`: {"sort"?: "time"|"cost"|"tokens"|"duration",
   * "order"?: "asc"|"desc", "limit"?: number (default 100, max 10000), "offset"?: number,
   * "cursor"?: string (from a previous page's nextCursor; same filter and sort)}.
   * `nextCursor` is "" when there are no more rows.
   */
  spans(filterJson: string, pageJson: string): { rows: Uint8Array; nextCursor: string };
  /**
   * A page of a dataset's datapoints as JSONL bytes, oldest first. `pageJson`: {"limit"?, "offset"?,
   * "cursor"?}; `nextCursor` is "" after the last.
   */
  listDatapoints(name: string, pageJson: string): { rows: Uint8Array; nextCursor: string };
  /** Starts exporting a dataset (jsonl, openai-chat, hf, csv) with options JSON ({"csv_formulas"}); returns {"handle","files"} JSON. */
  exportBegin(name: string, format: string, optionsJson: string): string;
  /** The next piece of an export; the handle is released when `done`. */
  exportNext(handle: number): {
    file: string;
    bytes: Uint8Array;
    fileDone: boolean;
    done: boolean;
    rows: number;
    rejected: number;
    reasoningDropped: number;
    toolCallsWithoutTools: number;
  };
  /** Abandons an export. */
  exportClose(handle: number): void;
  /** Starts a consistent copy of the whole database file; returns {"handle","bytes"} JSON. */
  snapshotBegin(): string;
  /** The next piece (about `maxBytes`) of a copy; the handle is released when `done`. */
  snapshotNext(handle: number, maxBytes: number): { bytes: Uint8Array; done: boolean };
  /** Abandons a copy. */
  snapshotClose(handle: number): void;
  /** Replaces the database with a database file; returns the number of spans now stored. */
  openDatabaseFile(bytes: Uint8Array | ArrayBuffer): number;
  importBegin(fileName: string, format: string): number;
  importChunk(handle: number, bytes: Uint8Array | ArrayBuffer): string;
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
  /**
   * Opens a database. `optionsJson`: {"vfs"?, "journal_mode"?, "synchronous"?, "page_size"?,
   * "cache_size_kib"?, "import_batch_size"?, "lock_timeout_ms"?} (engine/engine.hpp EngineOptions).
   */
  Engine: new (path: string, optionsJson?: string) => WasmEngine;
  engineVersion(): string;
  /** Registers the VFS over the sync access handles in `tsOpfsPool.handles`; returns its name. */
  installOpfsPool(handles: number): string;
  /** Registers the VFS whose database files are locked through `tsHostLock`; returns its name. */
  installHostLock(): string;
  /** The host's lock on database files (worker/src/file_lock.ts), set before installHostLock. */
  tsHostLock?: HostLockHooks;
  FS: WasmFS;
}

/** What the module's locking VFS calls (paths are the module's own, e.g. "/host/home/a.db"). */
export interface HostLockHooks {
  /** Takes the lock on the database at `path`; false when another holder has it. */
  tryLock(path: string): boolean;
  /** Lets go of it. */
  unlock(path: string): void;
  /** Who holds it, for a person, or "". */
  holder(path: string): string;
  /** Waits `ms` milliseconds. */
  sleep(ms: number): void;
  /** Why the last tryLock threw. */
  lastError?: string;
}

/** Options emscripten understands when instantiating. */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  /** Instantiates the module itself: calls `receive` once instantiated; returns {} (asynchronous). */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare function createTraceSiftModule(options?: ModuleOptions): Promise<TraceSiftModule>;
export default createTraceSiftModule;
