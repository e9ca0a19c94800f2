// The synchronous engine API over the wasm module. It runs wherever the module runs: inside the
// Web Worker (behind the dispatcher) and in node (the CLI and the node tests). Its methods are the
// operations of worker/src/operations.ts by the same names as the async client's, so one test
// suite can exercise both: the `call` ones defined from the declarations, the `custom` ones here.
import type { TraceSiftModule, WasmEngine } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import {
  defineCalls,
  OPERATIONS,
  type CallName,
  type CallOperation,
  type OperationResult,
  type Param,
  type SyncCalls,
} from './operations.js';
import type {
  Datapoint,
  DatapointsPage,
  ExportFormat,
  ExportFormatOptions,
  ExportPiece,
  FilterSpec,
  ImportFormat,
  ImportProgress,
  ImportReport,
  Page,
  Span,
  SpansPage,
  SpansQuery,
} from './types.js';

/** Largest page of one span listing call. */
export const MAX_PAGE_SIZE = 10_000;

/** A page of a listing as the engine returns it: JSONL bytes and the next page's cursor. */
export interface ListingBytes {
  bytes: Uint8Array;
  /** The `cursor` of the next page, or null after the last matching span. */
  nextCursor: string | null;
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw TraceSiftError.from(e);
  }
}

/**
 * Checks a count that crosses to the engine (a limit or an offset).
 * Design note: the facade takes doubles and truncates them (1.5 -> 1), so the API refuses what is
 * not a non-negative safe integer itself rather than answer for a number nobody asked for.
 */
function countArg(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TraceSiftError('invalid_argument', `${field} must be a non-negative integer, got ${String(value)}`, {
      field,
    });
  }
  return value;
}

/** Calls the engine and parses the JSON text it returns. */
function callJson<T>(fn: () => string): T {
  return JSON.parse(call(fn)) as T;
}

/**
 * The JSON text of a value a caller passes to the engine. The engine refuses nesting deeper than
 * 256 levels (engine/json_depth.hpp); a value too deep for JSON.stringify itself gets the same
 * answer: `code`, with the message and field the engine would give (`what` as the engine names
 * the value: "rule", "dataset request", ...; "filter" for a filter).
 * Design note: JSON.stringify recurses once per level and throws a RangeError ("Maximum call stack
 * size exceeded") a few thousand levels down; that surfaced as code `internal`.
 */
function jsonArg(value: unknown, code: 'invalid_filter' | 'invalid_argument', what: string, field = ''): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw TraceSiftError.from(e);
    // The member of a top-level object that is too deep, as the engine names it.
    let key = '';
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        try {
          JSON.stringify(v);
        } catch {
          key = k;
          break;
        }
      }
    }
    const levels = 'nested deeper than 256 levels';
    if (what === 'filter') {
      throw key
        ? new TraceSiftError(code, `filter key '${key}': ${levels}`, { field: key })
        : new TraceSiftError(code, `the filter is ${levels}`);
    }
    throw key
      ? new TraceSiftError(code, `${what}: field '${key}' is ${levels}`, { field: key })
      : new TraceSiftError(code, `${what} is ${levels}`, field ? { field } : {});
  }
}

/** A filter's JSON text (jsonArg). */
function filterArg(filter: FilterSpec): string {
  return jsonArg(filter, 'invalid_filter', 'filter');
}

/** The JSON text of one argument of a `call` operation (jsonArg, named as its Param says). */
function paramText(param: Param, value: unknown): string {
  if (param === 'filter') return filterArg(value as FilterSpec);
  if (param === 'value') return jsonArg(value, 'invalid_argument', 'a value');
  return jsonArg(value, 'invalid_argument', param.what, param.field);
}

// The `call` operations of worker/src/operations.ts, as methods (EngineApi.invoke).
export interface EngineApi extends SyncCalls {}

/** One open database. */
export class EngineApi {
  readonly version: string;
  private engine: WasmEngine | null;

  /**
   * Opens `path` (":memory:" for an in-memory database) in `module`'s file system, or in the VFS
   * and with the storage settings of `options` (engine/engine.hpp EngineOptions).
   */
  constructor(module: TraceSiftModule, path: string, options?: Record<string, string | number>) {
    this.version = module.engineVersion();
    this.engine = call(() =>
      options === undefined
        ? new module.Engine(path)
        : new module.Engine(path, jsonArg(options, 'invalid_argument', 'engine options')),
    );
  }

  private get live(): WasmEngine {
    if (!this.engine) throw new TraceSiftError('closed', 'the database is closed');
    return this.engine;
  }

  /**
   * Calls a `call` operation of worker/src/operations.ts: each argument crosses as JSON text (""
   * when not given), the result comes back as JSON. EngineApi's method of each such operation
   * (`count`, `addRule`, ...) is this with its name.
   */
  invoke<K extends CallName>(name: K, args: readonly unknown[]): OperationResult<K> {
    const params = (OPERATIONS[name] as CallOperation<unknown>).params;
    const texts = params.map((param, i) => (args[i] === undefined ? '' : paramText(param, args[i])));
    return callJson<OperationResult<K>>(() => this.live.call(name, texts));
  }

  /** One page of matching spans as JSONL bytes (default: newest first, 100 spans). */
  spansBytes(filter: FilterSpec = {}, query: SpansQuery = {}): ListingBytes {
    // Design note: the query crosses as given (undefined keys drop out), so the engine applies
    // its own defaults and names any key or value it refuses.
    const page = call(() => this.live.spans(filterArg(filter), jsonArg(query, 'invalid_argument', 'page request')));
    return { bytes: page.rows, nextCursor: page.nextCursor === '' ? null : page.nextCursor };
  }

  /** One page of matching spans (default: newest first, 100 spans) and the next page's cursor. */
  spans(filter: FilterSpec = {}, query: SpansQuery = {}): SpansPage {
    const page = this.spansBytes(filter, query);
    return { spans: parseJsonl<Span>(page.bytes), nextCursor: page.nextCursor };
  }

  /** Starts exporting a dataset; returns its handle and the files it will write, in order. */
  exportBegin(
    name: string,
    format: ExportFormat,
    options: ExportFormatOptions = {},
  ): { handle: number; files: string[] } {
    const { csvFormulas } = options;
    if (csvFormulas !== undefined && csvFormulas !== 'escape' && csvFormulas !== 'raw') {
      throw new TraceSiftError(
        'invalid_argument',
        `csvFormulas must be 'escape' or 'raw', got ${String(csvFormulas)}`,
        {
          field: 'csvFormulas',
        },
      );
    }
    const engineOptions = csvFormulas === undefined ? {} : { csv_formulas: csvFormulas };
    return callJson<{ handle: number; files: string[] }>(() =>
      this.live.exportBegin(name, format, JSON.stringify(engineOptions)),
    );
  }

  /** The next piece of an export (the handle is released once `done`). */
  exportNext(handle: number): ExportPiece {
    return call(() => this.live.exportNext(handle));
  }

  /** Abandons an export. */
  exportClose(handle: number): void {
    call(() => this.live.exportClose(handle));
  }

  /** A page of a dataset's datapoints as JSONL bytes, oldest first (default: the first 100). */
  listDatapointsBytes(name: string, page: Page = {}): ListingBytes {
    const rows = call(() => this.live.listDatapoints(name, jsonArg(page, 'invalid_argument', 'page')));
    return { bytes: rows.rows, nextCursor: rows.nextCursor === '' ? null : rows.nextCursor };
  }

  /** A page of a dataset's datapoints, oldest first (default: the first 100). */
  listDatapoints(name: string, page: Page = {}): DatapointsPage {
    const rows = this.listDatapointsBytes(name, page);
    return { datapoints: parseJsonl<Datapoint>(rows.bytes), nextCursor: rows.nextCursor };
  }

  /** Starts an import; returns its handle. */
  importBegin(fileName: string, format: ImportFormat = 'auto'): number {
    return call(() => this.live.importBegin(fileName, format));
  }

  /** Feeds one chunk of bytes to an import. */
  importChunk(handle: number, bytes: Uint8Array | ArrayBuffer): ImportProgress {
    return JSON.parse(call(() => this.live.importChunk(handle, bytes))) as ImportProgress;
  }

  /** Ends an import and returns its report. */
  importFinish(handle: number): ImportReport {
    return JSON.parse(call(() => this.live.importFinish(handle))) as ImportReport;
  }

  /** Cancels an import (committed batches stay) and returns its report. */
  importCancel(handle: number): ImportReport {
    return JSON.parse(call(() => this.live.importCancel(handle))) as ImportReport;
  }

  /** Starts a consistent copy of the whole database file; returns its handle and size. */
  snapshotBegin(): { handle: number; bytes: number } {
    return callJson<{ handle: number; bytes: number }>(() => this.live.snapshotBegin());
  }

  /** The next piece of a copy (about `maxBytes`); the handle is released once `done`. */
  snapshotNext(handle: number, maxBytes: number): { bytes: Uint8Array; done: boolean } {
    return call(() => this.live.snapshotNext(handle, countArg(maxBytes, 'maxBytes')));
  }

  /** Abandons a copy. */
  snapshotClose(handle: number): void {
    call(() => this.live.snapshotClose(handle));
  }

  /**
   * Replaces the whole database with a database file. A file that is not a sound tracesift
   * database is refused (code "not_a_database" or "schema_too_new") and nothing changes.
   */
  openDatabaseFile(bytes: Uint8Array | ArrayBuffer): { spans: number } {
    return { spans: call(() => this.live.openDatabaseFile(bytes)) };
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

defineCalls(EngineApi.prototype, (api: EngineApi, name, args) => api.invoke(name, args));
