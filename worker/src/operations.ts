// Every operation of the API, declared once: its name, its signature (arguments and result), and
// its documentation. The name is the same everywhere: the engine's operation table
// (engine/operations/, `ops::snake_case_name`), the worker protocol, EngineApi (synchronous, in the
// worker and under node), the client (`TraceSift`, asynchronous) and docs/API.md.
//
// - `call` operations are answered by the engine's operation table: each argument crosses as
//   JSON text and the result comes back as JSON text. Their protocol messages, worker handlers,
//   EngineApi and client methods, the engine's table (scripts/gen_operations.mjs ->
//   operations.inc) and their API reference (scripts/api_docs.mjs) all come from this file.
// - `custom` operations move bytes or take several engine steps (importing, exporting, a page of
//   spans as JSONL, downloading or opening a database file): the client and EngineApi implement
//   them by hand; their reference comes from here too.
//
// The doc comment of each entry is its reference in docs/API.md (markdown; links to that page's
// anchors). HACKING.md, "Add an engine call", walks through adding one.
import type {
  BackfillResult,
  CaptureRule,
  DatapointsPage,
  Dataset,
  Deleted,
  DatasetDetails,
  DatasetInput,
  DatasetReport,
  DatasetRequest,
  DownloadProgress,
  EnqueueRequest,
  EnqueueResult,
  ExportedFile,
  ExportFormat,
  ExportOptions,
  Facets,
  FilterSpec,
  ImportOptions,
  ImportReport,
  Page,
  ReviewItem,
  ReviewItemsPage,
  ReviewItemDetails,
  ReviewItemState,
  ReviewProgress,
  ReviewQueue,
  ReviewQueueInput,
  RuleInput,
  RulePatch,
  RulePreview,
  SpanDetail,
  SpansPage,
  SpansQuery,
  SpanStats,
  StatsOptions,
} from './types.js';

/**
 * How one argument of a `call` operation is named when it cannot be sent: a value nested too deep
 * for JSON.stringify is refused as the engine refuses one nested deeper than 256 levels. `'filter'`:
 * code "invalid_filter"; `'value'`: a name, an id or a flag; else the value's name in the engine's
 * messages (`what`) and the error's field when the whole value is too deep (`field`).
 */
export type Param = 'filter' | 'value' | { readonly what: string; readonly field?: string };

/** A parameter named `what` in the engine's messages (Param). */
function arg(what: string, field?: string): Param {
  return field === undefined ? { what } : { what, field };
}

/** An operation answered by the engine's operation table; `F` is its synchronous signature. */
export interface CallOperation<F> {
  readonly kind: 'call';
  readonly params: readonly Param[];
  /** (type only) */
  readonly signature?: F;
}

/** An operation the client and EngineApi implement by hand; `F` is its synchronous signature. */
export interface CustomOperation<F> {
  readonly kind: 'custom';
  /** (type only) */
  readonly signature?: F;
}

type AnyFunction = (...args: never[]) => unknown;

/** One Param per element of the argument tuple `A`. */
type ParamList<A extends readonly unknown[]> = { [I in keyof A]: Param };

/** Declares a `call` operation: one Param per argument of `F`. */
function call<F extends AnyFunction>(params: ParamList<Required<Parameters<F>>>): CallOperation<F> {
  return { kind: 'call', params: params as readonly Param[] };
}

/** Declares a `custom` operation. */
function custom<F extends AnyFunction>(): CustomOperation<F> {
  return { kind: 'custom' };
}

/** Every operation, in the order of the API reference. */
export const OPERATIONS = {
  /**
   * Imports a trace file: any `Blob` (a `File` from an input or a drop, `fs.openAsBlob(path)` under
   * node), or the file's bytes (a `Uint8Array`, a node `Buffer`, an `ArrayBuffer`; wrapped in a Blob).
   * A path string is refused with `invalid_argument` and a hint (`fs.openAsBlob(path)` under node, a
   * File in the browser), as is anything else. The format is detected unless `options.format` names
   * one of `IMPORT_FORMATS` (docs/FORMAT.md); `options.fileName` names the file in reports and errors
   * (default: the File's name, else `"input"`). The file is read in chunks of `IMPORT_CHUNK_BYTES`
   * (4 MiB) transferred to the worker; the next chunk is read while the worker parses the current
   * one. A gzip-compressed file (first bytes `1f 8b`, whatever its name; members joined with `cat`
   * included) is decompressed as it is read with `DecompressionStream` (docs/FORMAT.md, "Compressed
   * files"); a corrupt or truncated one rejects with one `parse_error` naming the file and the
   * compressed byte (`details.detected: "gzip"`, `details.offset`, and `details.progress`: the counts
   * the batches before it committed, which stay). Rejected lines do not fail the import: they are
   * counted in the [`ImportReport`](#importreport) (`errors`, `error_count`). A file that gives no span
   * rejects with `parse_error` (docs/FORMAT.md, "Files that give nothing"): empty; compressed otherwise
   * (zip, zstd, ...: not supported yet) or binary (`details.detected`); or no record recognised or
   * every record rejected (`details.errors`: the first 10 rejected records). A batch that fails while
   * writing rejects with its error and `details.progress`, the counts committed before it.
   * Progress: `options.onProgress` receives an [`ImportProgressEvent`](#importprogressevent) after
   * each chunk: `bytes` of the file read of `totalBytes` (compressed bytes for a gzip file; the last
   * event of a file says all of it). Cancel: aborting `options.signal` rejects with `aborted` (its `details.report` is the
   * import's report; batches committed before stay).
   */
  importFile: custom<(file: Blob | Uint8Array | ArrayBuffer, options?: ImportOptions) => ImportReport>(),
  /**
   * Number of spans matching a [`FilterSpec`](#filterspec): a filter object (`{ model: 'gpt-4o',
   * min_cost: 0.01 }`) or query text (`'model:gpt-4o cost>0.01 -status:failed'`, docs/QUERY.md).
   * Rejects with `invalid_filter` naming the key (`details.field`) or the character
   * (`details.position`).
   */
  count: call<(filter?: FilterSpec) => number>(['filter']),
  /**
   * One page of matching spans (default: newest first, 100 spans, at most 10,000) and `nextCursor`:
   * pass it as `query.cursor`, with the same filter, sort and order, for the next page.
   * [`SpansQuery`](#spansquery) sorts by `time`, `cost`, `tokens` or `duration`.
   */
  spans: custom<(filter?: FilterSpec, query?: SpansQuery) => SpansPage>(),
  /**
   * Value counts of model, provider, environment, task, kind and status, and the ranges of cost,
   * tokens and start time, over the matching spans ([`Facets`](#facets)).
   */
  facets: call<(filter?: FilterSpec) => Facets>(['filter']),
  /**
   * Chart series of the matching spans ([`SpanStats`](#spanstats)): per time bucket, the spans that
   * started in it, their input and output tokens, cost and failures; with `options.by_model`, the same
   * for the top `options.top_models` models (default 5) and the rest summed as `other`. The bucket size
   * is `options.bucket` ("5m", "1h", "1d", ...) or chosen from the matching time range for about 50
   * to 200 buckets. `invalid_argument` (field `bucket`) for a size that does not parse or would need
   * more than 10,000 buckets. One scan of the in-memory fact table (docs/QUERY.md).
   */
  stats: call<(filter?: FilterSpec, options?: StatsOptions) => SpanStats>(['filter', arg('stats request')]),
  /**
   * One span for a detail view ([`SpanDetail`](#spandetail)): its full record (messages, attributes)
   * and every span of its trace summarised (ids, parent ids, names, kinds, status, times, model,
   * tokens, cost) in start order — enough to draw the trace as a tree. `not_found` (field `span_id`)
   * when no span has that id.
   */
  span: call<(spanId: string) => SpanDetail>(['value']),
  /**
   * Adds a capture rule: from now on, spans that complete and match `rule.filter` are sampled at
   * `rule.sample_rate` and copied into `rule.dataset` (created as a collection if missing). Rejects
   * with `conflict` if the dataset already has a rule of that name, `invalid_filter`,
   * `invalid_argument` (a rate outside 0..1).
   */
  addRule: call<(rule: RuleInput) => CaptureRule>([arg('rule')]),
  /**
   * The rules of one dataset (`not_found` if it does not exist), or of every dataset.
   */
  listRules: call<(dataset?: string) => CaptureRule[]>(['value']),
  /**
   * Changes the given fields of a rule; resolves to the rule as it now is (`not_found` for an unknown
   * id).
   */
  updateRule: call<(id: number, patch: RulePatch) => CaptureRule>(['value', arg('rule')]),
  /**
   * Deletes a rule; the datapoints it captured stay.
   */
  deleteRule: call<(id: number) => Deleted>(['value']),
  /**
   * Applies a rule to the spans already stored; a span it captured before is not captured again.
   */
  backfillRule: call<(id: number) => BackfillResult>(['value']),
  /**
   * What a rule draft would do over the spans already stored, saving nothing: the finished spans its
   * filters match and exactly how many of those its sample keeps (sampling is a pure function of seed
   * and span id, so this is the count a backfill of the added rule captures, not an estimate) — the
   * "would match N of the stored spans, M captured at this rate" of a rule editor. Takes what
   * `addRule` takes and rejects as it would (`invalid_argument`, `invalid_filter`, `conflict` for a
   * taken name), but a dataset that does not exist is not created.
   */
  previewRule: call<(rule: RuleInput) => RulePreview>([arg('rule')]),
  /**
   * The same for an existing rule with the changes `patch` would make (`updateRule`'s arguments and
   * errors, `not_found` for an unknown id); the rule itself does not change.
   */
  previewRuleUpdate: call<(id: number, patch: RulePatch) => RulePreview>(['value', arg('rule')]),
  /**
   * Creates an empty collection (for captures and hand-picked spans). `conflict` if the name is taken.
   */
  createDataset: call<(dataset: DatasetInput) => Dataset>([arg('dataset')]),
  /**
   * Saves an eval or training dataset from the completed spans matching `request.filter`, ranked by
   * a seeded hash and capped; a training dataset names the eval dataset to `exclude` and leaves out
   * spans that would leak into it (docs/DATASETS.md). Resolves to the [`DatasetReport`](#datasetreport)
   * with the recipe saved beside the rows. Rejects with `conflict` (name taken, or every candidate
   * overlaps the eval set: nothing is saved), `not_found` (no such eval dataset), `invalid_argument`
   * (no completed span matches: the dataset would be empty; `exclude` names a dataset that is not an
   * eval dataset), `invalid_filter`.
   */
  saveDataset: call<(request: DatasetRequest) => DatasetReport>([arg('dataset request')]),
  /**
   * A dry run of [`saveDataset`](#tssavedatasetrequest): the same request, the same planner, resolving
   * to the [`DatasetReport`](#datasetreport) the save would give (candidates, exclusions by reason,
   * rows, `overlap_ratio`, warnings, the recipe) while writing nothing — what a "save training
   * dataset" form shows before the user commits. Rejects exactly as the save would, including
   * `conflict` (field `exclude`) when every candidate overlaps the eval dataset.
   */
  previewDataset: call<(request: DatasetRequest) => DatasetReport>([arg('dataset request')]),
  /**
   * A dataset with its recipe (null for a collection).
   */
  showDataset: call<(name: string) => DatasetDetails>(['value']),
  /**
   * Every dataset.
   */
  listDatasets: call<() => Dataset[]>([]),
  /**
   * The training datasets whose recipe excludes the eval dataset `name` (by name; none: `[]`):
   * what deleting or replacing it would leave without the eval set they were kept apart from.
   * `not_found` when no dataset has that name.
   */
  listDatasetsExcluding: call<(name: string) => Dataset[]>(['value']),
  /**
   * A page of a dataset's datapoints, oldest first ([`Page`](#page): 100 by default, at most
   * 10,000), and the `nextCursor` that continues after it (null after the last).
   */
  listDatapoints: custom<(name: string, page?: Page) => DatapointsPage>(),
  /**
   * Renames a dataset; rows, recipe and rules stay.
   */
  renameDataset: call<(name: string, newName: string) => Dataset>(['value', 'value']),
  /**
   * Deletes a dataset with its datapoints and capture rules.
   */
  deleteDataset: call<(name: string) => Deleted>(['value']),
  /**
   * Copies stored spans into a collection by hand (source `"manual"`); resolves to how many were new
   * to it.
   */
  addDatapoints: call<(name: string, spanIds: string[]) => { added: number }>(['value', arg('span_ids', 'span_ids')]),
  /**
   * Exports a dataset as `jsonl`, `openai-chat`, `csv` or `hf` (docs/EXPORT.md). `options.csvFormulas`
   * (`'escape'`, the default, or `'raw'`) says how a csv text cell that starts like a spreadsheet
   * formula is written (docs/EXPORT.md, "csv"). The worker streams
   * the files a few MiB at a time; each file becomes a `Blob` as its pieces arrive, and the recipe file
   * is always among them (`NAME.jsonl` and `NAME.recipe.json` for jsonl; `train.jsonl`, `README.md`, ... for
   * hf). Progress: `options.onProgress` receives an [`ExportProgress`](#exportprogress) `{ file, rows,
   * rejected, reasoningDropped, toolCallsWithoutTools }` after each piece (the last one, with `file`
   * `""`, has the totals: what the recipe file's `rows`, `rejected.count`, `reasoning_dropped.count`
   * and `tool_calls_without_tools.count` say; the last two are 0 for `jsonl` and `csv`). Cancel: aborting `options.signal` rejects with `aborted`
   * and releases the export in the worker.
   */
  exportDataset: custom<(name: string, format: ExportFormat, options?: ExportOptions) => ExportedFile[]>(),
  /**
   * Creates a review queue (docs/REVIEW.md); its golden dataset is created as a collection if missing
   * (`invalid_argument`, field `golden`, when it is an eval or training dataset; `conflict` for a name
   * taken).
   */
  createReviewQueue: call<(queue: ReviewQueueInput) => ReviewQueue>([arg('a review queue')]),
  /**
   * Every review queue with its progress, by name.
   */
  listReviewQueues: call<() => ReviewQueue[]>([]),
  /**
   * Deletes a queue and its items; the golden dataset stays.
   */
  deleteReviewQueue: call<(queue: string) => Deleted>(['value']),
  /**
   * Adds a dataset's or a capture rule's datapoints to a queue, oldest first; a datapoint already in
   * the queue is not added again, and `limit` caps the new items.
   */
  addReviewItems: call<(request: EnqueueRequest) => EnqueueResult>([arg('an enqueue request')]),
  /**
   * The item the reviewer holds, else the oldest pending (or lease-expired) item, claimed for them;
   * `null` when nothing is left.
   */
  claimNextReviewItem: call<(queue: string, reviewer: string) => ReviewItemDetails | null>(['value', 'value']),
  /**
   * Claims one item: pending, the reviewer's own, or another's whose lease ran out; otherwise
   * `conflict`.
   */
  claimReviewItem: call<(item: number, reviewer: string) => ReviewItem>(['value', 'value']),
  /**
   * Gives the reviewer's claimed item back (pending again; its edit stays).
   */
  releaseReviewItem: call<(item: number, reviewer: string) => ReviewItem>(['value', 'value']),
  /**
   * One item with its datapoint's original content and the output approval would give.
   */
  showReviewItem: call<(item: number) => ReviewItemDetails>(['value']),
  /**
   * Sets the edited output (a messages array; `invalid_argument`, field `output`, otherwise) of the
   * reviewer's claimed item. The datapoint keeps its original.
   */
  editReviewItem: call<(item: number, reviewer: string, output: unknown) => ReviewItem>([
    'value',
    'value',
    arg('output', 'output'),
  ]),
  /**
   * Completes the reviewer's claimed item as approved: its datapoint, with the edited output if any, is
   * copied into the golden dataset (source `"review"`, keeping `source_span_id`).
   */
  approveReviewItem: call<(item: number, reviewer: string, note?: string) => ReviewItem>(['value', 'value', 'value']),
  /**
   * Completes the reviewer's claimed item as rejected, keeping the reason as its `note`.
   */
  rejectReviewItem: call<(item: number, reviewer: string, reason?: string) => ReviewItem>(['value', 'value', 'value']),
  /**
   * A page of a queue's items in the order they were enqueued, optionally of one `state`
   * ([`Page`](#page): 100 by default, at most 10,000), and the `nextCursor` that continues after it.
   */
  listReviewItems: call<(queue: string, options?: Page & { state?: ReviewItemState }) => ReviewItemsPage>([
    'value',
    arg('review items request'),
  ]),
  /**
   * A queue's counts: pending, claimed, approved, rejected, total.
   */
  showReviewProgress: call<(queue: string) => ReviewProgress>(['value']),
  /**
   * A consistent copy of the whole database as a `.sqlite` file (a Blob), pulled from the worker
   * `DOWNLOAD_PIECE_BYTES` at a time, with progress. A write to the database while it is copied fails
   * the copy with `conflict`; start it again.
   */
  downloadDatabase: custom<(options?: { onProgress?: (p: DownloadProgress) => void }) => Blob>(),
  /**
   * Replaces the whole database with a tracesift database file (e.g. one from `downloadDatabase`) and
   * resolves to the number of spans now stored. A file that is not a sound tracesift database is
   * refused with `not_a_database` (or `schema_too_new`) and nothing changes; an import, export or
   * download still running makes it `conflict`.
   */
  openDatabaseFile: custom<(file: Blob) => { spans: number }>(),
  /**
   * SQLite's `PRAGMA integrity_check` of the whole database: `ok`, or the problems found, one a line.
   */
  checkDatabase: call<() => { ok: boolean; report: string }>([]),
  /**
   * Size of the database file in bytes: SQLite's page count times its page size, free pages included,
   * so it equals the size of the file `downloadDatabase` returns. The app's header shows it.
   */
  databaseSize: call<() => { bytes: number }>([]),
  /**
   * Closes the database and stops the worker. Calls that are still running (an import between chunks,
   * an export between pieces) and every later call reject with `closed`. Closing twice, or after the
   * worker failed, resolves.
   */
  close: custom<() => void>(),
};

type Operations = typeof OPERATIONS;
/** The name of an operation. */
export type OperationName = keyof Operations;
/** The name of a `call` operation. */
export type CallName = {
  [K in OperationName]: Operations[K] extends CallOperation<AnyFunction> ? K : never;
}[OperationName];
/** The synchronous signature of an operation. */
export type Signature<K extends OperationName> =
  Operations[K] extends CallOperation<infer F extends AnyFunction>
    ? F
    : Operations[K] extends CustomOperation<infer F extends AnyFunction>
      ? F
      : never;
/** The arguments of an operation. */
export type OperationArgs<K extends OperationName> = Parameters<Signature<K>>;
/** The result of an operation. */
export type OperationResult<K extends OperationName> = ReturnType<Signature<K>>;

/** The `call` operations as EngineApi has them: synchronous. */
export type SyncCalls = { [K in CallName]: Signature<K> };
/** The `call` operations as the client has them: each resolves to the result. */
export type AsyncCalls = { [K in CallName]: (...args: OperationArgs<K>) => Promise<OperationResult<K>> };

/** The names of the `call` operations. */
export const CALL_NAMES = (Object.keys(OPERATIONS) as OperationName[]).filter(
  (name): name is CallName => OPERATIONS[name].kind === 'call',
);

/**
 * Gives `target` (a class's prototype) one method per `call` operation, each calling
 * `invoke(name, args)` on its instance.
 */
export function defineCalls(target: object, invoke: (self: never, name: CallName, args: unknown[]) => unknown): void {
  for (const name of CALL_NAMES) {
    Object.defineProperty(target, name, {
      value: function (this: never, ...args: unknown[]) {
        return invoke(this, name, args);
      },
      writable: true,
      configurable: true,
    });
  }
}
