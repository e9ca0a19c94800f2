// The one protocol between the client (main thread) and the worker. Each message type maps to
// its arguments and result; the dispatcher and the client are both derived from this map.
import type { ErrorPayload } from './errors.js';
import type { FilterSpec, ImportFormat, ImportProgress, ImportReport } from './types.js';

/** Every request the worker answers: `args` in, `result` out. */
export interface Methods {
  /** Opens the database (":memory:" or a path in the module's file system). */
  open: { args: { path: string }; result: { version: string } };
  /** Number of matching spans. */
  count: { args: { filter: FilterSpec }; result: number };
  /** Matching spans as JSONL bytes (transferred). */
  spans: { args: { filter: FilterSpec; limit: number; offset: number }; result: ArrayBuffer };
  /** Starts an import; chunks follow with the returned handle. */
  importBegin: { args: { fileName: string; format: ImportFormat }; result: { handle: number } };
  /** One chunk of file bytes (transferred). */
  importChunk: { args: { handle: number; bytes: ArrayBuffer }; result: ImportProgress };
  /** Ends an import. */
  importFinish: { args: { handle: number }; result: ImportReport };
  /** Abandons an import; committed batches stay. */
  importCancel: { args: { handle: number }; result: ImportReport };
  /** Closes the database. */
  close: { args: Record<string, never>; result: null };
}

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
