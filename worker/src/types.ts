// Records that cross the API: the span record and filter of docs/CONTRACT.md, import results, span pages,
// facets, capture rules and datasets.
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

/** The filter object of docs/CONTRACT.md: every given key must match. */
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
  /** Bytes of text the engine has read (decompressed, for a gzip file). */
  bytes: number;
  read: number;
  imported: number;
  updated: number;
  skipped: number;
  errors: number;
  /** Datapoints added by capture rules as spans completed. */
  captured: number;
}

/** Progress reported while a file is imported, with the file's size. */
export interface ImportProgressEvent extends ImportProgress {
  /** Bytes of the file read so far: compressed bytes for a gzip file; `totalBytes` at the end. */
  bytes: number;
  /** The file's size in bytes (compressed, for a gzip file). */
  totalBytes: number;
}

/** One rejected line. */
export interface ImportLineError {
  file: string;
  line: number;
  /** `invalid_json`, `invalid_field` (a field's value is wrong), `invalid_record` or `too_large`. */
  code: string;
  /** The field the message names, with where in the record it is ("observations[2].startTime"), or null. */
  field: string | null;
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
  /** Bytes of text read (decompressed, for a gzip file). */
  bytes: number;
  cancelled: boolean;
  /** Datapoints added by capture rules as spans completed. */
  captured: number;
}

/**
 * One page of a listing (spans, a dataset's datapoints, a queue's items): `limit` records (default
 * 100, at most 10,000), after `cursor` (the `nextCursor` of the page before; null or absent: from
 * the start), the first `offset` of them skipped. Every listing pages this way and answers its page
 * with a `nextCursor`; a cursor of another listing rejects with "invalid_argument", field "cursor".
 */
export interface Page {
  /** Records to return (default 100; at most 10,000). */
  limit?: number;
  /** Records to skip first (default 0). */
  offset?: number;
  /** Where the previous page stopped (its `nextCursor`); null or absent: from the start. */
  cursor?: string | null;
}

/**
 * What a span listing is ordered by: `time` (started_at), `cost` (cost_usd), `tokens`
 * (input + output tokens) or `duration` (ended_at - started_at). Spans without the value sort last.
 */
export type SpanSort = 'time' | 'cost' | 'tokens' | 'duration';

/** Direction of a sort: `asc` (smallest first) or `desc` (largest first). */
export type SortOrder = 'asc' | 'desc';

/**
 * One page of a span listing (default: newest first, 100 spans). Pass a previous page's
 * `nextCursor` as `cursor` to continue after it: a cursor is only valid with the same filter, sort
 * and order, and a bad one rejects with code "invalid_argument" and `details.field` "cursor".
 */
export interface SpansQuery extends Page {
  /** Sort key (default "time"). */
  sort?: SpanSort;
  /** Sort direction (default "desc"). */
  order?: SortOrder;
}

/** A page of spans and where the next page starts. */
export interface SpansPage {
  spans: Span[];
  /** The `cursor` of the next page, or null when this page holds the last matching span. */
  nextCursor: string | null;
}

/** A page of a dataset's datapoints, oldest first, and where the next page starts. */
export interface DatapointsPage {
  datapoints: Datapoint[];
  /** The `cursor` of the next page, or null when this page holds the last datapoint. */
  nextCursor: string | null;
}

/** A page of a review queue's items in the order they were enqueued, and where the next starts. */
export interface ReviewItemsPage {
  items: ReviewItem[];
  /** The `cursor` of the next page, or null when this page holds the last item. */
  nextCursor: string | null;
}

/** One span of a trace, summarised: enough to draw the trace as a tree. */
export interface TraceSpanSummary {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  model: string | null;
  /** RFC 3339 UTC. */
  started_at: string;
  /** RFC 3339 UTC; null while running. */
  ended_at: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
}

/** One span with its full record and its trace, for a detail view. */
export interface SpanDetail {
  /** The full record (messages, attributes), exactly as listings return it. */
  span: Span;
  trace_id: string;
  /** Every span of the trace, this one included, by start time (the first 10,000). */
  trace: TraceSpanSummary[];
  /** Spans in the trace (more than `trace` holds past 10,000). */
  trace_total: number;
}

/** The span fields that have facet counts. */
export type FacetField = 'model' | 'provider' | 'environment' | 'task' | 'kind' | 'status';

/** One value of a facet and how many spans have it (`value` null: spans without one). */
export interface FacetValue {
  value: string | null;
  count: number;
}

/** The smallest and largest value of a field among the matching spans. */
export interface Range<T> {
  min: T;
  max: T;
}

/**
 * What the matching spans hold, for filter pickers. Each facet's counts ignore that facet's own
 * condition (so a model dropdown still offers the other models), sorted by count, largest first;
 * `total` and `ranges` use the whole filter.
 */
export interface Facets {
  /** Spans matching the whole filter. */
  total: number;
  facets: Record<FacetField, FacetValue[]>;
  /** Each range is null when no matching span has the field. */
  ranges: {
    cost_usd: Range<number> | null;
    /** Input + output tokens. */
    tokens: Range<number> | null;
    /** RFC 3339 UTC. */
    started_at: Range<string> | null;
  };
}

/** What a time series is asked for (docs/QUERY.md, "Time series"). */
export interface StatsOptions {
  /**
   * Bucket size: a number and a unit s, m, h, d or w ("5m", "1h", "1d"), or "auto" (default):
   * chosen from the matching spans' time range to give about 50 to 200 buckets.
   */
  bucket?: string;
  /** Also split by model (default false). */
  by_model?: boolean;
  /** Models named in the split, by span count, 0 to 100 (default 5); the rest are summed as `other`. */
  top_models?: number;
}

/** Sums over the spans started in one bucket (or a whole series). */
export interface StatsPoint {
  spans: number;
  /** Missing token counts count as 0. */
  input_tokens: number;
  output_tokens: number;
  /** Spans without a cost add nothing. */
  cost_usd: number;
  /** Spans with status "failed". */
  failed: number;
}

/** One bucket of the overall series: its start (RFC 3339 UTC) and sums. */
export interface StatsBucket extends StatsPoint {
  start: string;
}

/** One model's series; its buckets line up with SpanStats.buckets. */
export interface ModelStats {
  /** null: spans without a model. */
  model: string | null;
  total: StatsPoint;
  buckets: StatsPoint[];
}

/** The models after the top ones, summed. */
export interface OtherModelStats {
  /** How many models it sums. */
  models: number;
  total: StatsPoint;
  buckets: StatsPoint[];
}

/**
 * Volume, tokens, cost and failures of the matching spans over time, for charts. Buckets are
 * dense (empty ones included) from the first matching span's bucket to the last's, aligned to
 * multiples of the bucket size since the Unix epoch (1h buckets start on the hour, 1d at UTC
 * midnight). With nothing matching, `buckets` is empty and `from`/`to` are null.
 */
export interface SpanStats {
  /** The bucket size used ("30s", "1h", ...); null when nothing matched and none was given. */
  bucket: string | null;
  bucket_seconds: number | null;
  /** Start of the first bucket, RFC 3339 UTC. */
  from: string | null;
  /** End of the last bucket (exclusive). */
  to: string | null;
  total: StatsPoint;
  buckets: StatsBucket[];
  /** With `by_model`: the top models by span count (ties by name, no model first). */
  models?: ModelStats[];
  /** With `by_model`: the other models summed, or null when the top ones are all. */
  other?: OtherModelStats | null;
}

/**
 * A capture rule of docs/CONTRACT.md: spans matching `filter` that complete (status becomes `completed` or
 * `failed`) are sampled at `sample_rate` and copied into `dataset` as datapoints.
 */
export interface CaptureRule {
  id: number;
  /** The collection the datapoints go to. */
  dataset: string;
  /** Unique within its dataset. */
  name: string;
  filter: FilterSpec;
  /** 0 keeps no span, 1 keeps every matching span. */
  sample_rate: number;
  /** Sampling is a pure function of (seed, span id): the same seed keeps the same spans. */
  seed: number;
  /** RFC 3339 UTC. */
  created_at: string;
  /** Datapoints this rule has added so far. */
  captured: number;
}

/** A new capture rule. A dataset that does not exist is created as a "collection". */
export interface RuleInput {
  dataset: string;
  name: string;
  /** A filter object or query text. */
  filter: FilterSpec;
  /** 0.0 .. 1.0. */
  sample_rate: number;
  /** Integer seed of the sampling (default: chosen by the engine). */
  seed?: number;
}

/** Changes to a capture rule: only the given fields change. */
export interface RulePatch {
  name?: string;
  filter?: FilterSpec;
  sample_rate?: number;
  seed?: number;
}

/**
 * What a delete did (every delete answers this shape): what it deleted, the records removed with
 * it, and those that stay. A dataset: its name, its datapoints removed. A capture rule: its id, the
 * datapoints it captured kept. A review queue: its name, its items removed (approved rows stay in
 * the golden dataset).
 */
export interface Deleted {
  /** The name (a dataset, a review queue) or id (a capture rule) deleted. */
  deleted: string | number;
  /** Records deleted with it. */
  removed: number;
  /** Records it held that stay. */
  kept: number;
}

/** The outcome of applying a rule to the spans already stored. */
export interface BackfillResult {
  rule_id: number;
  /** Completed or failed spans matching the rule's filter. */
  matched: number;
  /** Of those, the ones the sample kept. */
  sampled: number;
  /** New datapoints (sampled spans the rule had not captured before). */
  captured: number;
}

/**
 * What a capture rule would do over the spans already stored, without saving anything: the
 * numbers behind "would match N of the stored spans, about M captured at this rate". Sampling is
 * a pure function of (seed, span id), so `sampled` is exact: it is what backfillRule of the same
 * rule captures (spans it had captured before aside).
 */
export interface RulePreview {
  /** Spans stored. */
  spans: number;
  /** Finished (completed or failed) spans matching the filter. */
  matched: number;
  /** Of those, the ones the sample keeps. */
  sampled: number;
  /** Spans matching the filter that are still running: evaluated when they finish. */
  running: number;
  /** The rate used. */
  sample_rate: number;
  /** The seed used (for a draft without one, the seed addRule would give it). */
  seed: number;
}

/**
 * Kind of a dataset: "collection" (captured and hand-picked datapoints), or "eval" / "training"
 * (snapshots saved from a filtered slice, see DatasetRequest).
 */
export type DatasetType = 'collection' | 'eval' | 'training';

/** A new, empty dataset (only collections are created empty). */
export interface DatasetInput {
  name: string;
  type: 'collection';
}

/** A dataset as listed. */
export interface Dataset {
  /** Its name, unique in the database. */
  name: string;
  type: DatasetType;
  /** Datapoints it holds. */
  rows: number;
  /** Capture rules that target it. */
  rules: number;
  /** RFC 3339 UTC. */
  created_at: string;
}

/** One row of a dataset: a copy of a span's input and output. */
export interface Datapoint {
  id: number;
  dataset: string;
  /** The span it was copied from (null when it did not come from a span). */
  span_id: string | null;
  /**
   * Where it came from: "span_export" (a capture rule), "filter" (saved with an eval or training
   * dataset), "manual" (picked by hand) or "review" (approved in a review queue).
   */
  source: 'span_export' | 'filter' | 'manual' | 'review';
  source_span_id: string | null;
  /** The capture rule that added it (kept after the rule is deleted), or null. */
  rule_id: number | null;
  input: Json;
  output: Json;
  /** RFC 3339 UTC. */
  created_at: string;
}

/** Options of an import. */
export interface ImportOptions {
  format?: ImportFormat;
  /** The name errors refer to (default: the file's name). */
  fileName?: string;
  onProgress?: (progress: ImportProgressEvent) => void;
  signal?: AbortSignal;
}

/** Leakage checks of a training dataset against its eval dataset (all on by default). */
export interface LeakageChecks {
  same_span?: boolean;
  same_input?: boolean;
  same_group?: boolean;
  near_duplicate?: boolean;
  /** Near-duplicate Jaccard threshold, above 0 and at most 1 (default 0.8). */
  jaccard?: number;
}

/** A request to save an eval or training dataset from a filtered slice (docs/DATASETS.md). */
export interface DatasetRequest {
  name: string;
  type: 'eval' | 'training';
  /** Which spans: a filter object or query text (only completed spans enter). */
  filter?: FilterSpec;
  /** Training: the eval dataset whose rows it must not share. */
  exclude?: string;
  /** At most this many rows (eval: 10,000 at most; training: 1,000,000). */
  limit?: number;
  /** Ranks the rows (default 0): the same data and seed give the same dataset. */
  seed?: number;
  leakage?: LeakageChecks;
}

/** Spans left out of a training dataset, by the first check that caught them. */
export interface Exclusions {
  same_span: number;
  same_input: number;
  same_group: number;
  near_duplicate: number;
  total: number;
}

/** What saving a dataset did; `recipe` is saved with it. */
export interface DatasetReport {
  /** The dataset's name. */
  name: string;
  type: 'eval' | 'training';
  rows: number;
  /** Completed spans matching the filter. */
  candidates: number;
  excluded: Exclusions;
  /** excluded.total / candidates. */
  overlap_ratio: number;
  /** E.g. overlap above 25%: the slice is probably too narrow. */
  warnings: string[];
  recipe: Recipe;
}

/** How a dataset was made (docs/DATASETS.md); null for collections. */
export interface Recipe {
  type: 'eval' | 'training';
  filter: FilterSpec;
  seed: number;
  cap: number;
  limit: number | null;
  exclude: string | null;
  leakage?: Required<LeakageChecks>;
  counts: { candidates: number; excluded: Omit<Exclusions, 'total'>; rows: number; overlap_ratio: number };
  engine_version: string;
  created_at: string;
  /** 16 hex digits: a hash of the rows' span ids, inputs and outputs in order. */
  rows_hash: string;
}

/** A dataset with its recipe. */
export interface DatasetDetails extends Dataset {
  recipe: Recipe | null;
}

/** Export formats (docs/EXPORT.md). */
export type ExportFormat = 'jsonl' | 'openai-chat' | 'hf' | 'csv';

/** One piece of an export: the next bytes of one of its files. */
export interface ExportPiece {
  file: string;
  bytes: Uint8Array;
  /** No more bytes follow for this file. */
  fileDone: boolean;
  /** The export is complete (its handle is released); this last piece carries no file. */
  done: boolean;
  /** Rows written so far, over all files. */
  rows: number;
  /** Rows that could not be converted so far (listed in the recipe file). */
  rejected: number;
  /**
   * openai-chat, hf: rows written with their reasoning parts left out so far (the format has no
   * place for reasoning; listed in the recipe file). 0 for jsonl and csv, which keep them.
   */
  reasoningDropped: number;
  /** openai-chat, hf: rows written with tool calls but no tool definitions so far (listed in the recipe file). */
  toolCallsWithoutTools: number;
}

/** A file of a finished export. */
export interface ExportedFile {
  name: string;
  blob: Blob;
}

/**
 * How the csv export writes a text cell that starts like a spreadsheet formula (`=`, `+`, `-`,
 * `@`, a tab or a CR): `escape` (the default) puts a `'` in front, `raw` writes it as it is.
 */
export type CsvFormulas = 'escape' | 'raw';

/** What an export writes beyond its format (docs/EXPORT.md). */
export interface ExportFormatOptions {
  /** csv: formula-looking text cells (default `escape`). */
  csvFormulas?: CsvFormulas;
}

/** An export's counts so far, over all its files (the last call has the totals). */
export type ExportProgress = Pick<
  ExportPiece,
  'file' | 'rows' | 'rejected' | 'reasoningDropped' | 'toolCallsWithoutTools'
>;

/** Options of an export in the browser. */
export interface ExportOptions extends ExportFormatOptions {
  /**
   * Called after each piece with the counts so far (ExportPiece's): rows written, rows rejected,
   * and for openai-chat and hf the rows written without their reasoning parts and those with tool
   * calls but no tool definitions.
   */
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

/** Creating a review queue (docs/REVIEW.md). */
export interface ReviewQueueInput {
  /** Unique queue name. */
  name: string;
  /** The collection approved datapoints are copied into; created if missing. */
  golden: string;
  /** How long a claim lasts before another reviewer may take it (default 1800). */
  lease_seconds?: number;
}

/** A queue's items by state and outcome. */
export interface ReviewProgress {
  pending: number;
  claimed: number;
  approved: number;
  rejected: number;
  total: number;
}

/** A review queue. */
export interface ReviewQueue {
  /** Its name, unique in the database. */
  name: string;
  /** The golden collection approvals go to. */
  golden: string;
  lease_seconds: number;
  created_at: string;
  progress: ReviewProgress;
}

/** Adding datapoints to a queue: from a dataset or from a capture rule's captures (exactly one). */
export interface EnqueueRequest {
  queue: string;
  dataset?: string;
  rule_id?: number;
  /** At most this many new items, oldest datapoints first (0 or absent: all). */
  limit?: number;
}

/** What an enqueue did: datapoints selected, items added, selected ones already queued. */
export interface EnqueueResult {
  queue: string;
  matched: number;
  enqueued: number;
  already: number;
}

/** Where a review item is: pending -> claimed -> completed (release puts it back to pending). */
export type ReviewItemState = 'pending' | 'claimed' | 'completed';

/** One datapoint in one review queue. */
export interface ReviewItem {
  id: number;
  queue: string;
  datapoint_id: number;
  state: ReviewItemState;
  outcome: 'approved' | 'rejected' | null;
  /** Who holds the claim (or completed it). */
  reviewer: string | null;
  enqueued_at: string;
  claimed_at: string | null;
  completed_at: string | null;
  /** True when the reviewer edited the output. */
  edited: boolean;
  edited_at: string | null;
  /** The approval note or the rejection reason. */
  note: string | null;
  /** The copy in the golden dataset, once approved. */
  golden_datapoint_id: number | null;
}

/** An item with what a reviewer needs to judge it. */
export interface ReviewItemDetails extends ReviewItem {
  /** The reviewer's output (messages), or null when not edited. */
  edited_output: unknown;
  /** The output the golden copy would get: the edited one, else the original. */
  output: unknown;
  /** The datapoint as it was taken; its output is the original, never changed by an edit. */
  datapoint: {
    id: number;
    dataset: string;
    source: string;
    source_span_id: string | null;
    rule_id: number | null;
    input: unknown;
    output: unknown;
    metadata: Record<string, unknown>;
  };
}

/** Where the database lives (docs/STORAGE.md): the browser's OPFS, memory, or a file (node). */
export type StorageKind = 'opfs' | 'memory' | 'file';

/** What `open` asked for: the saved database in the browser, or a private in-memory one. */
export interface StorageOptions {
  /** 'opfs': the database in the origin-private file system, kept across reloads; else `path`. */
  storage?: 'opfs';
  /**
   * When another tab has the saved database, or (under node) another process or `open` holds the
   * database file: wait until it lets go (true), or fail with code "locked" (false, default; a tab
   * fails at once, a file after `lockTimeoutMs`).
   */
  waitForLock?: boolean;
  /**
   * Under node, how long a call waits for another process that holds the database file before it
   * fails with code "locked" naming the holder (default 10,000 ms). Every transaction takes the
   * file's lock; docs/STORAGE.md.
   */
  lockTimeoutMs?: number;
}

/** Where the opened database lives. */
export interface StorageInfo {
  /** 'opfs' when the database is saved in the browser, 'memory' when it goes with the page. */
  storage: StorageKind;
  /** True when the data survives reloads and browser restarts. */
  persistent: boolean;
  /** Why the database is not where it was asked to be (e.g. OPFS missing in a private window). */
  notice?: string;
}

/** Progress of a database download. */
export interface DownloadProgress {
  bytes: number;
  totalBytes: number;
}
