// Records that cross the API: the span record and filter of SPEC.md, and import results.
import type { ImportFormat, SpanKind, SpanStatus } from './generated/constants.js';

export type { ErrorCode, ImportFormat, SpanKind, SpanStatus } from './generated/constants.js';

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One span, exactly as `tracesift spans` prints it. */
export interface Span {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  model: string | null;
  provider: string | null;
  environment: string | null;
  task: string | null;
  session_id: string | null;
  user_id: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  started_at: string;
  ended_at: string | null;
  input: Json;
  output: Json;
  attributes: { [key: string]: Json };
  error: string | null;
}

/** The filter object of SPEC.md: every given key must match. */
export interface Filter {
  model?: string;
  provider?: string;
  kind?: SpanKind;
  status?: SpanStatus | 'successful';
  environment?: string;
  task?: string;
  session_id?: string;
  trace_id?: string;
  user_id?: string;
  name_contains?: string;
  min_cost?: number;
  max_cost?: number;
  min_tokens?: number;
  max_tokens?: number;
  /** Duration (ended_at - started_at) bounds in milliseconds; spans without an end never match. */
  min_duration_ms?: number;
  max_duration_ms?: number;
  /** RFC 3339 or relative ("7d", "24h", "30m"). */
  since?: string;
  /** RFC 3339 or relative ("7d", "24h", "30m"). */
  until?: string;
}

/**
 * What to match: a filter object, or the query-string form for people
 * (`model:gpt-4o cost>0.01 -status:failed name:"summarize" since:7d`). A query that does not
 * parse rejects with code "invalid_filter" and `details.position` (1-based character).
 */
export type FilterSpec = Filter | string;

/** Counters of an import in progress. */
export interface ImportProgress {
  bytes: number;
  read: number;
  imported: number;
  updated: number;
  skipped: number;
  errors: number;
}

/** Progress reported while a file is imported, with the file's size. */
export interface ImportProgressEvent extends ImportProgress {
  totalBytes: number;
}

/** One rejected line. */
export interface ImportLineError {
  file: string;
  line: number;
  message: string;
}

/** The outcome of an import. */
export interface ImportReport {
  format: string;
  read: number;
  imported: number;
  updated: number;
  skipped: number;
  /** The first 1,000 rejected lines. */
  errors: ImportLineError[];
  /** All rejected lines. */
  error_count: number;
  bytes: number;
  cancelled: boolean;
}

/** Paging of a span listing. */
export interface Page {
  limit?: number;
  offset?: number;
}

/** Options of an import. */
export interface ImportOptions {
  format?: ImportFormat;
  /** The name errors refer to (default: the file's name). */
  fileName?: string;
  onProgress?: (progress: ImportProgressEvent) => void;
  signal?: AbortSignal;
}
