// The one protocol between the client (main thread) and the worker. Each message type maps to
// its arguments and result; the dispatcher and the client are both derived from this map.
import type { ErrorPayload } from './errors.js';
import type {
  BackfillResult,
  CaptureRule,
  Dataset,
  DatasetDetails,
  DatasetInput,
  DatasetReport,
  DatasetRequest,
  ExportFormat,
  ExportFormatOptions,
  ExportPiece,
  Facets,
  FilterSpec,
  ImportFormat,
  ImportProgress,
  ImportReport,
  EnqueueRequest,
  EnqueueResult,
  ReviewItem,
  ReviewItemDetails,
  ReviewItemState,
  ReviewProgress,
  ReviewQueue,
  ReviewQueueInput,
  RuleDeleted,
  RuleInput,
  RulePatch,
  RulePreview,
  SpanDetail,
  SpansQuery,
  StorageInfo,
  StorageOptions,
  SpanStats,
  StatsOptions,
} from './types.js';

/** Every request the worker answers: `args` in, `result` out. */
export interface Methods {
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
  /** Number of matching spans. */
  count: { args: { filter: FilterSpec }; result: number };
  /** One page of matching spans as JSONL bytes (transferred), and the next page's cursor. */
  spans: { args: { filter: FilterSpec; query: SpansQuery }; result: { bytes: ArrayBuffer; nextCursor: string | null } };
  /** Facet counts and value ranges of the matching spans. */
  facets: { args: { filter: FilterSpec }; result: Facets };
  /** One span by id with its full record and its trace's spans. */
  span: { args: { spanId: string }; result: SpanDetail };
  /** Volume, tokens, cost and failures of the matching spans over time, and by model. */
  stats: { args: { filter: FilterSpec; options: StatsOptions }; result: SpanStats };
  /** Creates a capture rule (and its dataset, as a collection, if missing). */
  addRule: { args: { rule: RuleInput }; result: CaptureRule };
  /** The rules of one dataset, or of all (`dataset` absent). */
  listRules: { args: { dataset?: string }; result: CaptureRule[] };
  /** Changes a rule. */
  updateRule: { args: { id: number; patch: RulePatch }; result: CaptureRule };
  /** Deletes a rule; its datapoints stay. */
  deleteRule: { args: { id: number }; result: RuleDeleted };
  /** Applies a rule to the spans already stored. */
  backfillRule: { args: { id: number }; result: BackfillResult };
  /** What a rule draft would capture from the stored spans; nothing is saved. */
  previewRule: { args: { rule: RuleInput }; result: RulePreview };
  /** What rule `id` changed by `patch` would capture from the stored spans; nothing is saved. */
  previewRuleUpdate: { args: { id: number; patch: RulePatch }; result: RulePreview };
  /** Creates an empty dataset. */
  createDataset: { args: { dataset: DatasetInput }; result: Dataset };
  /** Every dataset. */
  listDatasets: { args: Record<string, never>; result: Dataset[] };
  /** Saves an eval or training dataset from a filter. */
  saveDataset: { args: { request: DatasetRequest }; result: DatasetReport };
  /** The report saveDataset would give for the same request, writing nothing (a dry run). */
  previewDataset: { args: { request: DatasetRequest }; result: DatasetReport };
  /** A dataset with its recipe. */
  showDataset: { args: { name: string }; result: DatasetDetails };
  /** Renames a dataset. */
  renameDataset: { args: { name: string; newName: string }; result: Dataset };
  /** Deletes a dataset with its datapoints and rules. */
  deleteDataset: { args: { name: string }; result: { deleted: string; datapoints: number } };
  /** Starts exporting a dataset. */
  exportBegin: {
    args: { name: string; format: ExportFormat; options?: ExportFormatOptions };
    result: { handle: number; files: string[] };
  };
  /** The next piece of an export; its bytes are transferred. */
  exportNext: { args: { handle: number }; result: Omit<ExportPiece, 'bytes'> & { bytes: ArrayBuffer } };
  /** Abandons an export. */
  exportClose: { args: { handle: number }; result: null };
  /** Adds stored spans to a collection by hand. */
  addDatapoints: { args: { name: string; spanIds: string[] }; result: { added: number } };
  /** A dataset's datapoints, oldest first, as JSONL bytes (transferred). */
  datasetRows: { args: { name: string; limit: number; offset: number }; result: ArrayBuffer };
  /** Starts an import; chunks follow with the returned handle. */
  importBegin: { args: { fileName: string; format: ImportFormat }; result: { handle: number } };
  /** One chunk of file bytes (transferred). */
  importChunk: { args: { handle: number; bytes: ArrayBuffer }; result: ImportProgress };
  /** Ends an import. */
  importFinish: { args: { handle: number }; result: ImportReport };
  /** Abandons an import; committed batches stay. */
  importCancel: { args: { handle: number }; result: ImportReport };
  /** Creates a review queue (and its golden collection if missing). */
  reviewQueueCreate: { args: { queue: ReviewQueueInput }; result: ReviewQueue };
  /** Every review queue with its progress. */
  reviewQueues: { args: Record<string, never>; result: ReviewQueue[] };
  /** Deletes a review queue and its items; the golden dataset stays. */
  reviewQueueDelete: { args: { queue: string }; result: { deleted: string; items: number } };
  /** Adds a dataset's or a capture rule's datapoints to a queue (each once). */
  reviewEnqueue: { args: { request: EnqueueRequest }; result: EnqueueResult };
  /** The reviewer's claimed item, else the oldest free one, claimed; null when none is left. */
  reviewNext: { args: { queue: string; reviewer: string }; result: ReviewItemDetails | null };
  /** Claims one item. */
  reviewClaim: { args: { item: number; reviewer: string }; result: ReviewItem };
  /** Gives a claimed item back (pending; edits kept). */
  reviewRelease: { args: { item: number; reviewer: string }; result: ReviewItem };
  /** One item with its datapoint's content. */
  reviewShow: { args: { item: number }; result: ReviewItemDetails };
  /** Sets a claimed item's edited output (messages); the datapoint keeps its original. */
  reviewEdit: { args: { item: number; reviewer: string; output: unknown }; result: ReviewItem };
  /** Approves a claimed item into the golden dataset. */
  reviewApprove: { args: { item: number; reviewer: string; note?: string }; result: ReviewItem };
  /** Rejects a claimed item. */
  reviewReject: { args: { item: number; reviewer: string; reason?: string }; result: ReviewItem };
  /** Items of a queue in id order, optionally of one state. */
  reviewItems: {
    args: { queue: string; state?: ReviewItemState; limit: number; offset: number };
    result: ReviewItem[];
  };
  /** A queue's counts. */
  reviewProgress: { args: { queue: string }; result: ReviewProgress };
  /** Starts a consistent copy of the whole database file (the download). */
  snapshotBegin: { args: Record<string, never>; result: { handle: number; bytes: number } };
  /** The next piece of the copy; its bytes are transferred. */
  snapshotNext: { args: { handle: number; maxBytes: number }; result: { bytes: ArrayBuffer; done: boolean } };
  /** Abandons a copy. */
  snapshotClose: { args: { handle: number }; result: null };
  /** Replaces the database with a database file (bytes transferred); refused files change nothing. */
  restoreDatabase: { args: { bytes: ArrayBuffer }; result: { spans: number } };
  /** SQLite's integrity check of the whole database. */
  checkDatabase: { args: Record<string, never>; result: { ok: boolean; report: string } };
  databaseSize: { args: Record<string, never>; result: { bytes: number } };
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
