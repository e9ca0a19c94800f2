// The synchronous engine API over the wasm module. It runs wherever the module runs: inside the
// Web Worker (behind the dispatcher) and in node (the CLI and the node tests). Method names match
// the async client's, so one test suite can exercise both.
import type { TraceSiftModule, WasmEngine } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import type {
  BackfillResult,
  CaptureRule,
  Datapoint,
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
  Page,
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
  Span,
  SpansPage,
  SpanDetail,
  SpansQuery,
  SpanStats,
  StatsOptions,
} from './types.js';

/** Default page size of a span or datapoint listing. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page of one span listing call. */
export const MAX_PAGE_SIZE = 10_000;

/** A page of spans as the engine returns it: JSONL bytes and the next page's cursor. */
export interface SpansBytes {
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

  /** Number of spans matching `filter` (an object, or query text: the engine parses both). */
  count(filter: FilterSpec = {}): number {
    return call(() => this.live.count(filterArg(filter)));
  }

  /** One page of matching spans as JSONL bytes (default: newest first, 100 spans). */
  spansBytes(filter: FilterSpec = {}, query: SpansQuery = {}): SpansBytes {
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

  /** Facet counts and value ranges of the spans matching `filter`. */
  facets(filter: FilterSpec = {}): Facets {
    return callJson<Facets>(() => this.live.facets(filterArg(filter)));
  }

  /**
   * One span by id: its full record (messages, attributes) and every span of its trace summarised
   * in start order, for a detail view. Code "not_found" (field "span_id") if it is not stored.
   */
  span(spanId: string): SpanDetail {
    return callJson<SpanDetail>(() => this.live.span(spanId));
  }
  /**
   * Volume, tokens, cost and failures of the spans matching `filter` in time buckets (chosen
   * automatically, or `options.bucket`), and with `options.by_model` the same split by model.
   */
  stats(filter: FilterSpec = {}, options: StatsOptions = {}): SpanStats {
    return callJson<SpanStats>(() =>
      this.live.stats(filterArg(filter), jsonArg(options, 'invalid_argument', 'stats request')),
    );
  }
  /** Creates a capture rule; a dataset that does not exist is created as a collection. */
  addRule(rule: RuleInput): CaptureRule {
    return callJson<CaptureRule>(() => this.live.ruleAdd(jsonArg(rule, 'invalid_argument', 'rule')));
  }

  /** The capture rules of `dataset` (code "not_found" if there is none), or of every dataset. */
  listRules(dataset?: string): CaptureRule[] {
    return callJson<CaptureRule[]>(() => this.live.ruleList(dataset ?? ''));
  }

  /** Changes the given fields of rule `id`; returns the rule as it now is. */
  updateRule(id: number, patch: RulePatch): CaptureRule {
    return callJson<CaptureRule>(() => this.live.ruleUpdate(id, jsonArg(patch, 'invalid_argument', 'rule')));
  }

  /** Deletes rule `id`; the datapoints it captured stay. */
  deleteRule(id: number): RuleDeleted {
    return callJson<RuleDeleted>(() => this.live.ruleDelete(id));
  }

  /** Applies rule `id` to the spans already stored (spans it captured before are not repeated). */
  backfillRule(id: number): BackfillResult {
    return callJson<BackfillResult>(() => this.live.ruleBackfill(id));
  }

  /**
   * What a rule draft (as addRule takes it, with the same validation errors) would capture from
   * the spans already stored: finished spans matching, and exactly how many the sample keeps.
   * Nothing is saved.
   */
  previewRule(rule: RuleInput): RulePreview {
    return callJson<RulePreview>(() => this.live.rulePreview(jsonArg(rule, 'invalid_argument', 'rule')));
  }
  /** What rule `id` changed by `patch` (as updateRule takes it) would capture; nothing is saved. */
  previewRuleUpdate(id: number, patch: RulePatch): RulePreview {
    return callJson<RulePreview>(() => this.live.rulePreviewUpdate(id, jsonArg(patch, 'invalid_argument', 'rule')));
  }
  /** Creates an empty dataset. */
  createDataset(dataset: DatasetInput): Dataset {
    return callJson<Dataset>(() => this.live.datasetCreate(jsonArg(dataset, 'invalid_argument', 'dataset')));
  }

  /** Saves an eval or training dataset from a filtered slice, leakage excluded; returns the report. */
  saveDataset(request: DatasetRequest): DatasetReport {
    return callJson<DatasetReport>(() =>
      this.live.datasetSave(jsonArg(request, 'invalid_argument', 'dataset request')),
    );
  }

  /**
   * The report saveDataset would return for the same request — candidates, exclusions by reason,
   * rows, overlap, warnings, recipe — writing nothing. Fails as the save would (100% overlap:
   * code "conflict", field "exclude").
   */
  previewDataset(request: DatasetRequest): DatasetReport {
    return callJson<DatasetReport>(() =>
      this.live.datasetPreview(jsonArg(request, 'invalid_argument', 'dataset request')),
    );
  }
  /** A dataset with its recipe. */
  showDataset(name: string): DatasetDetails {
    return callJson<DatasetDetails>(() => this.live.datasetShow(name));
  }

  /** Renames a dataset. */
  renameDataset(name: string, newName: string): Dataset {
    return callJson<Dataset>(() => this.live.datasetRename(name, newName));
  }

  /** Deletes a dataset with its datapoints and rules. */
  deleteDataset(name: string): { deleted: string; datapoints: number } {
    return callJson<{ deleted: string; datapoints: number }>(() => this.live.datasetDelete(name));
  }

  /** Adds stored spans to a collection by hand; returns how many were new to it. */
  addDatapoints(name: string, spanIds: string[]): { added: number } {
    return callJson<{ added: number }>(() =>
      this.live.datasetAdd(name, jsonArg(spanIds, 'invalid_argument', 'span_ids', 'span_ids')),
    );
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

  /** Every dataset. */
  listDatasets(): Dataset[] {
    return callJson<Dataset[]>(() => this.live.datasetList());
  }

  /** A dataset's datapoints as JSONL bytes, oldest first (default: 100 from offset 0). */
  datasetRowsBytes(name: string, page: Page = {}): Uint8Array {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const offset = page.offset ?? 0;
    return call(() => this.live.datasetRows(name, countArg(limit, 'limit'), countArg(offset, 'offset')));
  }

  /** A dataset's datapoints, oldest first (default: 100 from offset 0). */
  datasetRows(name: string, page: Page = {}): Datapoint[] {
    return parseJsonl<Datapoint>(this.datasetRowsBytes(name, page));
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

  // --- review queue (docs/REVIEW.md) ---

  /** Creates a review queue; its golden dataset is created as a collection if missing. */
  reviewQueueCreate(queue: ReviewQueueInput): ReviewQueue {
    return callJson<ReviewQueue>(() =>
      this.live.reviewQueueCreate(jsonArg(queue, 'invalid_argument', 'a review queue')),
    );
  }

  /** Every review queue with its progress, by name. */
  reviewQueues(): ReviewQueue[] {
    return callJson<ReviewQueue[]>(() => this.live.reviewQueueList());
  }

  /** Deletes a review queue and its items; the golden dataset stays. */
  reviewQueueDelete(queue: string): { deleted: string; items: number } {
    return callJson<{ deleted: string; items: number }>(() => this.live.reviewQueueDelete(queue));
  }

  /** Adds a dataset's or a capture rule's datapoints to a queue; a datapoint already queued is not added again. */
  reviewEnqueue(request: EnqueueRequest): EnqueueResult {
    return callJson<EnqueueResult>(() =>
      this.live.reviewEnqueue(jsonArg(request, 'invalid_argument', 'an enqueue request')),
    );
  }

  /** The reviewer's claimed item, else the oldest pending (or lease-expired) one, claimed; null when none is left. */
  reviewNext(queue: string, reviewer: string): ReviewItemDetails | null {
    return callJson<ReviewItemDetails | null>(() => this.live.reviewNext(queue, reviewer));
  }

  /** Claims one item for a reviewer. */
  reviewClaim(item: number, reviewer: string): ReviewItem {
    return callJson<ReviewItem>(() => this.live.reviewClaim(item, reviewer));
  }

  /** Gives the reviewer's claimed item back to the queue (pending again; edits kept). */
  reviewRelease(item: number, reviewer: string): ReviewItem {
    return callJson<ReviewItem>(() => this.live.reviewRelease(item, reviewer));
  }

  /** One item with its datapoint's original content. */
  reviewShow(item: number): ReviewItemDetails {
    return callJson<ReviewItemDetails>(() => this.live.reviewShow(item));
  }

  /** Sets the edited output (a messages array) of the reviewer's claimed item; the datapoint keeps its original. */
  reviewEdit(item: number, reviewer: string, output: unknown): ReviewItem {
    if (output === undefined)
      throw new TraceSiftError('invalid_argument', 'output must be a messages array', { field: 'output' });
    return callJson<ReviewItem>(() =>
      this.live.reviewEdit(item, reviewer, jsonArg(output, 'invalid_argument', 'output', 'output')),
    );
  }

  /** Approves the reviewer's claimed item: its datapoint (with the edited output) is copied into the golden dataset. */
  reviewApprove(item: number, reviewer: string, note?: string): ReviewItem {
    return callJson<ReviewItem>(() => this.live.reviewApprove(item, reviewer, note ?? ''));
  }

  /** Rejects the reviewer's claimed item, with an optional reason. */
  reviewReject(item: number, reviewer: string, reason?: string): ReviewItem {
    return callJson<ReviewItem>(() => this.live.reviewReject(item, reviewer, reason ?? ''));
  }

  /** Items of a queue in id order, optionally of one state (default: 100 from offset 0). */
  reviewItems(queue: string, options: Page & { state?: ReviewItemState | undefined } = {}): ReviewItem[] {
    const limit = countArg(options.limit ?? DEFAULT_PAGE_SIZE, 'limit');
    const offset = countArg(options.offset ?? 0, 'offset');
    return callJson<ReviewItem[]>(() => this.live.reviewItems(queue, options.state ?? '', limit, offset));
  }

  /** A queue's counts: pending, claimed, approved, rejected, total. */
  reviewProgress(queue: string): ReviewProgress {
    return callJson<ReviewProgress>(() => this.live.reviewProgress(queue));
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
  restore(bytes: Uint8Array | ArrayBuffer): { spans: number } {
    return { spans: call(() => this.live.restore(bytes)) };
  }

  /** SQLite's integrity check: ok, or the problems found (one a line). */
  checkDatabase(): { ok: boolean; report: string } {
    const report = call(() => this.live.integrityCheck());
    return { ok: report === 'ok', report };
  }

  /** Size of the database file in bytes (free pages included). */
  databaseSize(): { bytes: number } {
    return { bytes: call(() => this.live.databaseBytes()) };
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
