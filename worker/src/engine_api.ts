// The synchronous engine API over the wasm module. It runs wherever the module runs: inside the
// Web Worker (behind the dispatcher) and in node (the CLI and the node tests). Method names match
// the async client's, so one test suite can exercise both.
import type { TraceSiftModule, WasmEngine } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import type { FilterSpec, ImportFormat, ImportProgress, ImportReport, Page, Span } from './types.js';

/** Default and maximum page size of a span listing. */
export const DEFAULT_PAGE_SIZE = 100;

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw TraceSiftError.from(e);
  }
}

/** One open database. */
export class EngineApi {
  readonly version: string;
  private engine: WasmEngine | null;

  /** Opens `path` (":memory:" for an in-memory database) in `module`'s file system. */
  constructor(module: TraceSiftModule, path: string) {
    this.version = module.engineVersion();
    this.engine = call(() => new module.Engine(path));
  }

  private get live(): WasmEngine {
    if (!this.engine) throw new TraceSiftError('closed', 'the database is closed');
    return this.engine;
  }

  /** Number of spans matching `filter` (an object, or query text: the engine parses both). */
  count(filter: FilterSpec = {}): number {
    return call(() => this.live.count(JSON.stringify(filter)));
  }

  /** Matching spans as JSONL bytes, newest first. */
  spansBytes(filter: FilterSpec = {}, page: Page = {}): Uint8Array {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const offset = page.offset ?? 0;
    return call(() => this.live.spans(JSON.stringify(filter), limit, offset));
  }

  /** Matching spans, newest first. */
  spans(filter: FilterSpec = {}, page: Page = {}): Span[] {
    return parseJsonl<Span>(this.spansBytes(filter, page));
  }

  /** Starts an import; returns its handle. */
  importBegin(fileName: string, format: ImportFormat = 'auto'): number {
    return call(() => this.live.importBegin(fileName, format));
  }

  /** Feeds one chunk of bytes to an import. */
  importChunk(handle: number, bytes: Uint8Array | ArrayBuffer): ImportProgress {
    return JSON.parse(call(() => this.live.importFeed(handle, bytes))) as ImportProgress;
  }

  /** Ends an import and returns its report. */
  importFinish(handle: number): ImportReport {
    return JSON.parse(call(() => this.live.importFinish(handle))) as ImportReport;
  }

  /** Cancels an import (committed batches stay) and returns its report. */
  importCancel(handle: number): ImportReport {
    return JSON.parse(call(() => this.live.importCancel(handle))) as ImportReport;
  }

  /** Closes the database. Idempotent. */
  close(): void {
    if (!this.engine) return;
    const engine = this.engine;
    this.engine = null;
    engine.close();
    engine.delete();
  }
}
