// Hand-written types of the emscripten module built from bindings/engine_bindings.cpp
// (embind 3.1.6 cannot emit them). Keep in step with EMSCRIPTEN_BINDINGS there.

/** One open database inside the wasm module. Methods throw an Error named "TraceSiftError". */
export interface WasmEngine {
  count(filterJson: string): number;
  /**
   * One page of matching spans. `pageJson`: {"sort"?: "time"|"cost"|"tokens"|"duration",
   * "order"?: "asc"|"desc", "limit"?: number (default 100, max 10000), "offset"?: number,
   * "cursor"?: string (from a previous page's nextCursor; same filter and sort)}.
   * `nextCursor` is "" when there are no more rows.
   */
  spans(filterJson: string, pageJson: string): { rows: Uint8Array; nextCursor: string };
  /** Facet counts and ranges for the filter, as JSON text (see docs/QUERY.md). */
  facets(filterJson: string): string;
  /** One span by id: {"span": record, "trace_id", "trace": [summary...], "trace_total"} JSON text. */
  span(spanId: string): string;
  /** Time series of the matching spans: `requestJson` {"bucket"?,"by_model"?,"top_models"?}; JSON text (docs/QUERY.md). */
  stats(filterJson: string, requestJson: string): string;
  /** Creates a capture rule: {"dataset","name","filters","sample_rate","seed"?}; returns the rule JSON. */
  ruleAdd(ruleJson: string): string;
  /** The rules of one dataset ("" = all), as a JSON array. */
  ruleList(dataset: string): string;
  /** Changes a rule: any of {"name","filters","sample_rate","seed"}; returns the rule JSON. */
  ruleUpdate(id: number, patchJson: string): string;
  /** Deletes a rule, keeping its datapoints; returns {"deleted","kept_datapoints"}. */
  ruleDelete(id: number): string;
  /** Applies a rule to the stored spans; returns {"rule_id","matched","sampled","captured"}. */
  ruleBackfill(id: number): string;
  /** What a rule draft (as ruleAdd takes) would capture, writing nothing: {"spans","matched","sampled","running","sample_rate","seed"}. */
  rulePreview(ruleJson: string): string;
  /** What rule `id` with a patch (as ruleUpdate takes) would capture, writing nothing; same JSON. */
  rulePreviewUpdate(id: number, patchJson: string): string;
  /** Creates an empty dataset {"name","type":"collection"}; returns the dataset JSON. */
  datasetCreate(datasetJson: string): string;
  /** Every dataset as a JSON array of {"dataset","type","rows","rules","created_at"}. */
  datasetList(): string;
  /** A dataset's datapoints as JSONL bytes, oldest first. */
  datasetRows(name: string, limit: number, offset: number): Uint8Array;
  /**
   * Saves an eval or training dataset from a filter: {"name","type":"eval"|"training","filter"?,
   * "exclude"?,"limit"?,"seed"?,"leakage"?}; returns the report JSON {"dataset","type","rows",
   * "candidates","excluded":{...},"overlap_ratio","warnings","recipe"} (docs/DATASETS.md).
   */
  datasetSave(requestJson: string): string;
  /** The report datasetSave would return for the same request (same errors), writing nothing. */
  datasetPreview(requestJson: string): string;
  /** A dataset with its recipe: {"dataset","type","rows","rules","created_at","recipe"}. */
  datasetShow(name: string): string;
  /** Renames a dataset; returns it as JSON. */
  datasetRename(name: string, newName: string): string;
  /** Deletes a dataset with its datapoints and rules; returns {"deleted","datapoints"}. */
  datasetDelete(name: string): string;
  /** Adds stored spans (JSON array of span ids) to a collection by hand; returns {"added"}. */
  datasetAdd(name: string, spanIdsJson: string): string;
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
  /** Creates a review queue {"name","golden","lease_seconds"?}; returns the queue JSON. */
  reviewQueueCreate(requestJson: string): string;
  /** Every review queue with its progress, as a JSON array. */
  reviewQueueList(): string;
  /** Deletes a review queue and its items; returns {"deleted","items"}. */
  reviewQueueDelete(queue: string): string;
  /** Enqueues {"queue","dataset"|"rule_id","limit"?}; returns {"queue","matched","enqueued","already"}. */
  reviewEnqueue(requestJson: string): string;
  /** Claims the next item for a reviewer; returns the item with its content as JSON, or "null". */
  reviewNext(queue: string, reviewer: string): string;
  /** Claims one item; returns the item JSON. */
  reviewClaim(item: number, reviewer: string): string;
  /** Gives a claimed item back (pending); returns the item JSON. */
  reviewRelease(item: number, reviewer: string): string;
  /** One item with its datapoint's content, as JSON. */
  reviewShow(item: number): string;
  /** Sets a claimed item's edited output (messages JSON); returns the item JSON. */
  reviewEdit(item: number, reviewer: string, outputJson: string): string;
  /** Approves a claimed item into the golden dataset ("" = no note); returns the item JSON. */
  reviewApprove(item: number, reviewer: string, note: string): string;
  /** Rejects a claimed item ("" = no reason); returns the item JSON. */
  reviewReject(item: number, reviewer: string, reason: string): string;
  /** Items of a queue ("" = every state), as a JSON array. */
  reviewItems(queue: string, state: string, limit: number, offset: number): string;
  /** A queue's counts: {"pending","claimed","approved","rejected","total"}. */
  reviewProgress(queue: string): string;
  /** Starts a consistent copy of the whole database file; returns {"handle","bytes"} JSON. */
  snapshotBegin(): string;
  /** The next piece (about `maxBytes`) of a copy; the handle is released when `done`. */
  snapshotNext(handle: number, maxBytes: number): { bytes: Uint8Array; done: boolean };
  /** Abandons a copy. */
  snapshotClose(handle: number): void;
  /** Replaces the database with a database file; returns the number of spans now stored. */
  restore(bytes: Uint8Array | ArrayBuffer): number;
  /** PRAGMA integrity_check: "ok", or the problems found, one a line. */
  integrityCheck(): string;
  /** Size of the database file in bytes. */
  databaseBytes(): number;
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
