// The one error type of the API: a stable code (see ERROR_CODES), a message, and details.
import type { ErrorCode } from './generated/constants.js';

/** Extra facts about an error: the offending key, SQLite's result code, ... */
export interface ErrorDetails {
  field?: string;
  sqlite_code?: number;
  /** 1-based character of a query-text parse error. */
  position?: number;
  [key: string]: unknown;
}

/** What crosses the worker boundary for an error. */
export interface ErrorPayload {
  code: ErrorCode | 'worker_failed' | 'closed' | 'aborted';
  message: string;
  details: ErrorDetails;
}

/** Every failure of tracesift's API rejects with this. */
export class TraceSiftError extends Error {
  readonly code: ErrorPayload['code'];
  readonly details: ErrorDetails;

  constructor(code: ErrorPayload['code'], message: string, details: ErrorDetails = {}) {
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
