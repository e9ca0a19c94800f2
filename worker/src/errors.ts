// The one error type of the API: a stable code (see ERROR_CODES), a message, and details.
import type { ErrorCode } from './generated/constants.js';
import type { ImportLineError, ImportProgress } from './types.js';

/** Extra facts about an error: the offending key, SQLite's result code, ... */
export interface ErrorDetails {
  field?: string;
  sqlite_code?: number;
  /** 1-based character of a query-text parse error. */
  position?: number;
  /** The file an import refused (`parse_error`) or that the system could not read or write (`io_error`). */
  file?: string;
  /** `io_error`: the system's error code (`ENOSPC`, `EACCES`, `EISDIR`, ...). */
  os_code?: string;
  /**
   * `parse_error` of an import: what the file is (`gzip`, `zip`, `zstd`, `binary`, `utf-16`, ...);
   * `gzip` also for a gzip file that is corrupt or cut short, with `offset`.
   */
  detected?: string;
  /**
   * `parse_error` of an import: where in the file (bytes from its start): the first byte that is
   * not text (`binary`), or the compressed byte where decompression failed (`gzip`).
   */
  offset?: number;
  /**
   * `parse_error` of a file that gave no span: its first rejected records (up to 10; `read` and
   * `error_count` count all).
   */
  errors?: ImportLineError[];
  /**
   * An import that failed part-way (a batch that could not be written, a gzip file that stopped
   * decompressing): the counts committed before it (those batches stay).
   */
  progress?: ImportProgress;
  /** `worker_failed` of a load: the file that did not load, the engine's worker script or its `.wasm`. */
  asset?: 'worker' | 'wasm';
  /** `worker_failed` of a load: the absolute URL of that file. */
  url?: string;
  /** `worker_failed` of a load: the HTTP status the URL answered (absent if it gave no answer). */
  status?: number;
  /** `worker_failed` of a load: the Content-Type the URL answered ("" when none). */
  content_type?: string;
  /** `worker_failed` of a load: why the URL gave no HTTP answer (a network or CORS error). */
  fetch_error?: string;
  /** `worker_failed` of a load: what to change (a bundler setting, the `workerUrl`/`wasmUrl` options). */
  hint?: string;
  [key: string]: unknown;
}

/**
 * Every code a TraceSiftError can have: the engine's (ERROR_CODES) and the client's own —
 * `worker_failed` (the worker or its .wasm could not start, or the worker died), `closed` (the
 * database was closed), `aborted` (an AbortSignal cancelled the call).
 */
export type TraceSiftErrorCode = ErrorCode | 'worker_failed' | 'closed' | 'aborted';

/** What crosses the worker boundary for an error. */
export interface ErrorPayload {
  code: TraceSiftErrorCode;
  message: string;
  details: ErrorDetails;
}

/** Every failure of tracesift's API rejects with this. */
export class TraceSiftError extends Error {
  readonly code: TraceSiftErrorCode;
  readonly details: ErrorDetails;

  constructor(code: TraceSiftErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'TraceSiftError';
    this.code = code;
    this.details = details;
  }

  /** The plain object that crosses postMessage. */
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error from its payload. */
  static fromPayload(p: ErrorPayload): TraceSiftError {
    return new TraceSiftError(p.code, p.message, p.details ?? {});
  }

  /** Converts anything thrown (the wasm module's errors included) into a TraceSiftError. */
  static from(e: unknown): TraceSiftError {
    if (e instanceof TraceSiftError) return e;
    if (e instanceof Error && e.name === 'TraceSiftError') {
      const raw = e as Error & { code?: ErrorPayload['code']; details?: ErrorDetails };
      return new TraceSiftError(raw.code ?? 'internal', e.message, raw.details ?? {});
    }
    const message = e instanceof Error ? e.message : String(e);
    return new TraceSiftError('internal', message);
  }
}
