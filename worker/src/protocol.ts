// The one protocol between the client (main thread) and the worker. Each message type maps to
// its arguments and result; the dispatcher and the client are both derived from this map. A `call`
// operation of worker/src/operations.ts is the message of its name with its arguments in order.
import type { ErrorPayload } from './errors.js';
import type { CallName, OperationArgs, OperationResult } from './operations.js';
import type {
  ExportFormat,
  ExportFormatOptions,
  ExportPiece,
  FilterSpec,
  ImportFormat,
  ImportProgress,
  ImportReport,
  Page,
  SpansQuery,
  StorageInfo,
  StorageOptions,
} from './types.js';

/**
 * The requests of the `custom` operations (worker/src/operations.ts) and of the worker itself:
 * `args` in, `result` out.
 */
export interface CustomMethods {
  /**
   * Opens the database: ":memory:" or a path in the module's file system, or with
   * `storage: 'opfs'` the saved database in the browser (falling back to memory with a notice).
   * `tuning` overrides the engine's storage settings (benchmarks: journal_mode, page_size, ...).
   * `wasmUrl` (absolute; browser worker only) is where the first open loads the .wasm from.
   */
  open: {
    args: { path: string; tuning?: Record<string, string | number>; wasmUrl?: string } & StorageOptions;
    result: { version: string; storage: StorageInfo };
  };
  /** One page of matching spans as JSONL bytes (transferred), and the next page's cursor. */
  spans: { args: { filter: FilterSpec; query: SpansQuery }; result: { bytes: ArrayBuffer; nextCursor: string | null } };
  /** Starts exporting a dataset. */
  exportBegin: {
    args: { name: string; format: ExportFormat; options?: ExportFormatOptions };
    result: { handle: number; files: string[] };
  };
  /** The next piece of an export; its bytes are transferred. */
  exportNext: { args: { handle: number }; result: Omit<ExportPiece, 'bytes'> & { bytes: ArrayBuffer } };
  /** Abandons an export. */
  exportClose: { args: { handle: number }; result: null };
  /** A dataset's datapoints, oldest first, as JSONL bytes (transferred). */
  listDatapoints: { args: { name: string; page: Page }; result: { bytes: ArrayBuffer; nextCursor: string | null } };
  /** Starts an import; chunks follow with the returned handle. */
  importBegin: { args: { fileName: string; format: ImportFormat }; result: { handle: number } };
  /** One chunk of file bytes (transferred). */
  importChunk: { args: { handle: number; bytes: ArrayBuffer }; result: ImportProgress };
  /** Ends an import. */
  importFinish: { args: { handle: number }; result: ImportReport };
  /** Abandons an import; committed batches stay. */
  importCancel: { args: { handle: number }; result: ImportReport };
  /** Starts a consistent copy of the whole database file (the download). */
  snapshotBegin: { args: Record<string, never>; result: { handle: number; bytes: number } };
  /** The next piece of the copy; its bytes are transferred. */
  snapshotNext: { args: { handle: number; maxBytes: number }; result: { bytes: ArrayBuffer; done: boolean } };
  /** Abandons a copy. */
  snapshotClose: { args: { handle: number }; result: null };
  /** Replaces the database with a database file (bytes transferred); refused files change nothing. */
  openDatabaseFile: { args: { bytes: ArrayBuffer }; result: { spans: number } };
  /** Closes the database. */
  close: { args: Record<string, never>; result: null };
}

/** A `call` operation's request: its arguments in order, its result (worker/src/operations.ts). */
export type CallMethods = { [K in CallName]: { args: OperationArgs<K>; result: OperationResult<K> } };

/** Every request the worker answers: `args` in, `result` out. */
export type Methods = CustomMethods & CallMethods;

/** A message type. */
export type Method = keyof Methods;
/** Arguments of a message type. */
export type Args<M extends Method> = Methods[M]['args'];
/** Result of a message type. */
export type Result<M extends Method> = Methods[M]['result'];

/** Client -> worker. */
export interface RequestEnvelope<M extends Method = Method> {
  id: number;
  type: M;
  args: Args<M>;
}

/** Worker -> client. `id` 0 is reserved for the worker's own fatal errors. */
export type ResponseEnvelope =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorPayload };

/** The ArrayBuffers of a value that should be transferred rather than copied. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) return [value];
  if (value && typeof value === 'object' && 'bytes' in value) {
    const bytes = (value as { bytes: unknown }).bytes;
    if (bytes instanceof ArrayBuffer) return [bytes];
  }
  return [];
}
