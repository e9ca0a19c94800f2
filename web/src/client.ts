// The promise-based client: the same operations as the worker's EngineApi, asynchronously.
import { TraceSiftError } from '../../worker/src/errors.js';
import { isGzip } from '../../worker/src/gzip.js';
import { parseJsonl } from '../../worker/src/jsonl.js';
import type {
  BackfillResult,
  CaptureRule,
  Datapoint,
  Dataset,
  DatasetDetails,
  DatasetInput,
  DatasetReport,
  DatasetRequest,
  ExportedFile,
  ExportFormat,
  ExportOptions,
  Facets,
  FilterSpec,
  ImportOptions,
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
  StorageInfo,
  StorageOptions,
  DownloadProgress,
  SpanStats,
  StatsOptions,
} from '../../worker/src/types.js';
import { Connection } from './connection.js';
import { absoluteUrl, startWorker, workerFailure, type StartedWorker } from './start_worker.js';
import { gunzipBlob } from './gunzip.js';

/** Bytes read from a Blob per chunk sent to the worker. */
export const IMPORT_CHUNK_BYTES = 4 << 20;

/** Bytes of the database file asked of the worker per piece of a download. */
export const DOWNLOAD_PIECE_BYTES = 8 << 20;

/** How to open a database. */
export interface OpenOptions extends StorageOptions {
  /** ":memory:" (default) or a path in the engine's file system; ignored with `storage: 'opfs'`. */
  path?: string;
  /** Overrides of the engine's storage settings (benchmarks): journal_mode, page_size, ... */
  tuning?: Record<string, string | number>;
  /** A worker running tracesift's worker entry, or a factory of one (default: the bundled entry). */
  worker?: Worker | (() => Worker);
  /**
   * Browser: the URL of the package's worker entry (`dist/worker/src/worker.js`, with the files it
   * imports beside it) where the host serves it, instead of the one the bundler placed; relative
   * URLs resolve against the page.
   */
  workerUrl?: string | URL;
  /**
   * Browser: the URL of the engine's `.wasm` (`dist/wasm/tracesift_engine.wasm`) where the host
   * serves it, instead of the one beside the worker; relative URLs resolve against the page.
   */
  wasmUrl?: string | URL;
}

/** An open tracesift database in a Web Worker. */
export class TraceSift {
  /** @internal use open() */
  constructor(
    private readonly connection: Connection,
    /** The engine's version. */
    readonly version: string,
    /** Where the database lives, and any notice about it (e.g. "nothing will be saved"). */
    readonly storage: StorageInfo = { storage: 'memory', persistent: false },
  ) {}

  /** Number of spans matching `filter` (a filter object or query text). */
  count(filter: FilterSpec = {}): Promise<number> {
    return this.connection.call('count', { filter });
  }

  /**
   * One page of matching spans (default: newest first, 100 spans) and the next page's cursor:
   * pass `nextCursor` as `cursor`, with the same filter, sort and order, for the page after.
   */
  async spans(filter: FilterSpec = {}, query: SpansQuery = {}): Promise<SpansPage> {
    const { bytes, nextCursor } = await this.connection.call('spans', { filter, query });
    return { spans: parseJsonl<Span>(bytes), nextCursor };
  }

  /** Facet counts and value ranges of the spans matching `filter`. */
  facets(filter: FilterSpec = {}): Promise<Facets> {
    return this.connection.call('facets', { filter });
  }

  /**
   * One span by id: its full record (messages, attributes) and every span of its trace summarised
   * in start order, for a detail view. Rejects with "not_found" (field "span_id") if it is not stored.
   */
  span(spanId: string): Promise<SpanDetail> {
    return this.connection.call('span', { spanId });
  }
  /**
   * Volume, tokens, cost and failures of the spans matching `filter` in time buckets (chosen
   * automatically, or `options.bucket`), and with `options.by_model` the same split by model.
   */
  stats(filter: FilterSpec = {}, options: StatsOptions = {}): Promise<SpanStats> {
    return this.connection.call('stats', { filter, options });
  }
  /** Creates a capture rule; a dataset that does not exist is created as a collection. */
  addRule(rule: RuleInput): Promise<CaptureRule> {
    return this.connection.call('addRule', { rule });
  }

  /** The capture rules of `dataset` (code "not_found" if there is none), or of every dataset. */
  listRules(dataset?: string): Promise<CaptureRule[]> {
    return this.connection.call('listRules', dataset === undefined ? {} : { dataset });
  }

  /** Changes the given fields of rule `id`; resolves to the rule as it now is. */
  updateRule(id: number, patch: RulePatch): Promise<CaptureRule> {
    return this.connection.call('updateRule', { id, patch });
  }

  /** Deletes rule `id`; the datapoints it captured stay. */
  deleteRule(id: number): Promise<RuleDeleted> {
    return this.connection.call('deleteRule', { id });
  }

  /** Applies rule `id` to the spans already stored (spans it captured before are not repeated). */
  backfillRule(id: number): Promise<BackfillResult> {
    return this.connection.call('backfillRule', { id });
  }

  /**
   * What a rule draft (as addRule takes it, with the same validation errors) would capture from
   * the spans already stored: finished spans matching, and exactly how many the sample keeps.
   * Nothing is saved.
   */
  previewRule(rule: RuleInput): Promise<RulePreview> {
    return this.connection.call('previewRule', { rule });
  }
  /** What rule `id` changed by `patch` (as updateRule takes it) would capture; nothing is saved. */
  previewRuleUpdate(id: number, patch: RulePatch): Promise<RulePreview> {
    return this.connection.call('previewRuleUpdate', { id, patch });
  }
  /** Creates an empty dataset. */
  createDataset(dataset: DatasetInput): Promise<Dataset> {
    return this.connection.call('createDataset', { dataset });
  }

  /** Saves an eval or training dataset from a filtered slice, leakage excluded; returns the report. */
  saveDataset(request: DatasetRequest): Promise<DatasetReport> {
    return this.connection.call('saveDataset', { request });
  }

  /**
   * The report saveDataset would return for the same request — candidates, exclusions by reason,
   * rows, overlap, warnings, recipe — writing nothing. Rejects as the save would (100% overlap:
   * code "conflict", field "exclude").
   */
  previewDataset(request: DatasetRequest): Promise<DatasetReport> {
    return this.connection.call('previewDataset', { request });
  }
  /** A dataset with its recipe. */
  showDataset(name: string): Promise<DatasetDetails> {
    return this.connection.call('showDataset', { name });
  }

  /** Renames a dataset. */
  renameDataset(name: string, newName: string): Promise<Dataset> {
    return this.connection.call('renameDataset', { name, newName });
  }

  /** Deletes a dataset with its datapoints and rules. */
  deleteDataset(name: string): Promise<{ deleted: string; datapoints: number }> {
    return this.connection.call('deleteDataset', { name });
  }

  /**
   * Exports a dataset as files (docs/EXPORT.md), pulled from the worker a few MiB at a time; each
   * file becomes a Blob, ready to download. The recipe file is always among them.
   */
  async exportDataset(name: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportedFile[]> {
    const { signal, onProgress, csvFormulas } = options;
    const aborted = () => new TraceSiftError('aborted', `the export of ${name} was cancelled`);
    if (signal?.aborted) throw aborted();
    const { handle, files } = await this.connection.call('exportBegin', {
      name,
      format,
      ...(csvFormulas === undefined ? {} : { options: { csvFormulas } }),
    });
    // Design note: the next piece is asked for before this one is handled, so the worker produces
    // it while the page turns this one into a Blob (handing the bytes to the browser's blob storage
    // as they arrive, instead of copying the whole file at the end). Measured on a 780 MB jsonl
    // export in Chromium: see docs/BENCHMARKS.md.
    const parts = new Map<string, Blob[]>(files.map((f) => [f, []]));
    const next = () => this.connection.call('exportNext', { handle });
    let ahead: ReturnType<typeof next> | null = null;
    try {
      for (;;) {
        if (signal?.aborted) throw aborted();
        const piece: Awaited<ReturnType<typeof next>> = await (ahead ?? next());
        ahead = piece.done ? null : next();
        if (piece.bytes.byteLength > 0) parts.get(piece.file)?.push(new Blob([piece.bytes]));
        const { file, rows, rejected, reasoningDropped, toolCallsWithoutTools } = piece;
        onProgress?.({ file, rows, rejected, reasoningDropped, toolCallsWithoutTools });
        if (piece.done) break;
      }
    } catch (e) {
      // The piece asked for ahead is no longer wanted; then release the handle (an export that
      // failed inside the engine is already closed there).
      await ahead?.catch(() => undefined);
      await this.connection.call('exportClose', { handle }).catch(() => undefined);
      throw TraceSiftError.from(e);
    }
    return files.map((f) => ({ name: f, blob: new Blob(parts.get(f)!) }));
  }

  /** Adds stored spans to a collection by hand; returns how many were new to it. */
  addDatapoints(name: string, spanIds: string[]): Promise<{ added: number }> {
    return this.connection.call('addDatapoints', { name, spanIds });
  }

  /** Every dataset. */
  listDatasets(): Promise<Dataset[]> {
    return this.connection.call('listDatasets', {});
  }

  /** A dataset's datapoints, oldest first (default: 100 from offset 0). */
  async datasetRows(name: string, page: Page = {}): Promise<Datapoint[]> {
    const bytes = await this.connection.call('datasetRows', {
      name,
      limit: page.limit ?? 100,
      offset: page.offset ?? 0,
    });
    return parseJsonl<Datapoint>(bytes);
  }

  /**
   * Imports a file: any Blob (a File, `fs.openAsBlob(path)` under node), or its bytes (a
   * Uint8Array, a node Buffer, an ArrayBuffer). Chunks are read with Blob.slice and transferred to
   * the worker; the next chunk is read while the worker parses the current one. A gzip-compressed
   * file (its first bytes 1f 8b, whatever its name) is decompressed as it is read
   * (DecompressionStream); progress counts its compressed bytes, and a corrupt or truncated one
   * rejects with "parse_error" (`details.detected` "gzip", `details.offset`, `details.progress`: the
   * batches committed before stay). A file that gives no span (empty, compressed otherwise, binary,
   * no record recognised) rejects with "parse_error". Aborting `signal` cancels the import (batches
   * already committed stay) and rejects with code "aborted".
   */
  async importFile(file: Blob | Uint8Array | ArrayBuffer, options: ImportOptions = {}): Promise<ImportReport> {
    const blob = importBlob(file);
    if (options === null || typeof options !== 'object') {
      throw new TraceSiftError('invalid_argument', 'importFile options must be an object', { field: 'options' });
    }
    const fileName = options.fileName ?? (typeof (file as File).name === 'string' ? (file as File).name : 'input');
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new TraceSiftError('aborted', 'the import was aborted before it started');
    const gzip = blob.size >= 2 && isGzip(new Uint8Array(await blob.slice(0, 2).arrayBuffer()));
    const { handle } = await this.connection.call('importBegin', { fileName, format: options.format ?? 'auto' });
    const chunks = gzip ? gunzipBlob(blob, fileName, IMPORT_CHUNK_BYTES) : blobChunks(blob);
    let next: Promise<IteratorResult<ImportChunk>> | null = null;
    let readFailed = false;
    /**
     * The next chunk; a failure to read or decompress the file is told from the engine's (and is
     * not unhandled while the worker parses the chunk before).
     */
    const ahead = () => {
      const chunk = chunks.next().catch((e: unknown) => {
        readFailed = true;
        throw e;
      });
      chunk.catch(() => undefined);
      return chunk;
    };
    try {
      next = ahead();
      for (;;) {
        const chunk = await next;
        if (chunk.done) break;
        // The next chunk is read (and decompressed) while the worker parses this one.
        next = ahead();
        if (signal?.aborted) {
          const report = await this.connection.call('importCancel', { handle });
          throw new TraceSiftError('aborted', `the import of ${fileName} was cancelled`, { report });
        }
        const bytes = chunk.value.bytes.buffer as ArrayBuffer;
        const progress = await this.connection.call('importChunk', { handle, bytes }, [bytes]);
        onProgress?.({ ...progress, bytes: chunk.value.read, totalBytes: blob.size });
      }
      next = null;
      return await this.connection.call('importFinish', { handle });
    } catch (e) {
      // The chunk read ahead is no longer wanted.
      void chunks.return(undefined).catch(() => undefined);
      const error = TraceSiftError.from(e);
      if (error.code === 'aborted' || error.code === 'worker_failed' || error.code === 'closed') throw error;
      // Release the handle; a failed batch already rolled back inside the engine.
      const report = await this.connection.call('importCancel', { handle }).catch(() => null);
      // A file that stopped reading or decompressing part-way: what the batches before committed.
      if (readFailed && report)
        throw new TraceSiftError(error.code, error.message, { ...error.details, progress: committed(report) });
      throw error;
    }
  }

  /** Creates a review queue (docs/REVIEW.md); its golden dataset is created as a collection if missing. */
  reviewQueueCreate(queue: ReviewQueueInput): Promise<ReviewQueue> {
    return this.connection.call('reviewQueueCreate', { queue });
  }

  /** Every review queue with its progress, by name. */
  reviewQueues(): Promise<ReviewQueue[]> {
    return this.connection.call('reviewQueues', {});
  }

  /** Deletes a review queue and its items; the golden dataset stays. */
  reviewQueueDelete(queue: string): Promise<{ deleted: string; items: number }> {
    return this.connection.call('reviewQueueDelete', { queue });
  }

  /** Adds a dataset's or a capture rule's datapoints to a queue; a datapoint already queued is not added again. */
  reviewEnqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    return this.connection.call('reviewEnqueue', { request });
  }

  /** The reviewer's claimed item, else the oldest pending (or lease-expired) one, claimed; null when none is left. */
  reviewNext(queue: string, reviewer: string): Promise<ReviewItemDetails | null> {
    return this.connection.call('reviewNext', { queue, reviewer });
  }

  /** Claims one item for a reviewer. */
  reviewClaim(item: number, reviewer: string): Promise<ReviewItem> {
    return this.connection.call('reviewClaim', { item, reviewer });
  }

  /** Gives the reviewer's claimed item back to the queue (pending again; edits kept). */
  reviewRelease(item: number, reviewer: string): Promise<ReviewItem> {
    return this.connection.call('reviewRelease', { item, reviewer });
  }

  /** One item with its datapoint's original content. */
  reviewShow(item: number): Promise<ReviewItemDetails> {
    return this.connection.call('reviewShow', { item });
  }

  /** Sets the edited output (a messages array) of the reviewer's claimed item; the datapoint keeps its original. */
  reviewEdit(item: number, reviewer: string, output: unknown): Promise<ReviewItem> {
    return this.connection.call('reviewEdit', { item, reviewer, output });
  }

  /** Approves the reviewer's claimed item: its datapoint (with the edited output) is copied into the golden dataset. */
  reviewApprove(item: number, reviewer: string, note?: string): Promise<ReviewItem> {
    return this.connection.call('reviewApprove', note === undefined ? { item, reviewer } : { item, reviewer, note });
  }

  /** Rejects the reviewer's claimed item, with an optional reason. */
  reviewReject(item: number, reviewer: string, reason?: string): Promise<ReviewItem> {
    return this.connection.call('reviewReject', reason === undefined ? { item, reviewer } : { item, reviewer, reason });
  }

  /** Items of a queue in id order, optionally of one state (default: 100 from offset 0). */
  reviewItems(queue: string, options: Page & { state?: ReviewItemState } = {}): Promise<ReviewItem[]> {
    const { limit = 100, offset = 0, state } = options;
    return this.connection.call(
      'reviewItems',
      state === undefined ? { queue, limit, offset } : { queue, state, limit, offset },
    );
  }

  /** A queue's counts: pending, claimed, approved, rejected, total. */
  reviewProgress(queue: string): Promise<ReviewProgress> {
    return this.connection.call('reviewProgress', { queue });
  }

  /**
   * A consistent copy of the whole database as a `.sqlite` file (a Blob), pulled from the worker
   * a few MiB at a time. Writing to the database while it is copied fails the copy (code
   * "conflict"); start it again.
   */
  async downloadDatabase(options: { onProgress?: (p: DownloadProgress) => void } = {}): Promise<Blob> {
    const { handle, bytes: totalBytes } = await this.connection.call('snapshotBegin', {});
    const parts: Blob[] = [];
    let bytes = 0;
    try {
      for (;;) {
        const piece = await this.connection.call('snapshotNext', { handle, maxBytes: DOWNLOAD_PIECE_BYTES });
        if (piece.bytes.byteLength > 0) parts.push(new Blob([piece.bytes]));
        bytes += piece.bytes.byteLength;
        options.onProgress?.({ bytes, totalBytes });
        if (piece.done) break;
      }
    } catch (e) {
      await this.connection.call('snapshotClose', { handle }).catch(() => undefined);
      throw TraceSiftError.from(e);
    }
    return new Blob(parts, { type: 'application/vnd.sqlite3' });
  }

  /**
   * Replaces the whole database with a tracesift database file (e.g. one from downloadDatabase).
   * A file that is not one is refused with code "not_a_database" (or "schema_too_new") and
   * nothing changes. Resolves to the number of spans now stored.
   */
  async openDatabaseFile(file: Blob): Promise<{ spans: number }> {
    const bytes = await file.arrayBuffer();
    return this.connection.call('restoreDatabase', { bytes }, [bytes]);
  }

  /** SQLite's integrity check of the whole database: ok, or the problems found (one a line). */
  checkDatabase(): Promise<{ ok: boolean; report: string }> {
    return this.connection.call('checkDatabase', {});
  }

  /** Size of the database file in bytes (free pages included), for a header or a storage meter. */
  databaseSize(): Promise<{ bytes: number }> {
    return this.connection.call('databaseSize', {});
  }

  /**
   * Closes the database and stops the worker; calls still pending reject with code "closed".
   * Closing twice, or after the worker failed, resolves.
   */
  async close(): Promise<void> {
    try {
      await this.connection.call('close', {});
    } catch (e) {
      // Closing again, or after the worker died, has nothing left to close.
      const code = TraceSiftError.from(e).code;
      if (code !== 'closed' && code !== 'worker_failed') throw e;
    } finally {
      this.connection.fail(new TraceSiftError('closed', 'the database was closed'));
    }
  }
}

/** Whether the code runs under node (for the hint of a path given to importFile). */
function underNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * The Blob importFile reads: a Blob as it is, bytes wrapped in one; anything else (a path, nothing)
 * is refused with "invalid_argument".
 */
function importBlob(file: unknown): Blob {
  // (duck-typed: a Blob of another realm, or node's, is still read with slice and size)
  const maybe = file as { slice?: unknown; size?: unknown; arrayBuffer?: unknown } | null | undefined;
  if (
    maybe !== null &&
    typeof maybe === 'object' &&
    typeof maybe.slice === 'function' &&
    typeof maybe.size === 'number' &&
    typeof maybe.arrayBuffer === 'function'
  ) {
    return file as Blob;
  }
  if (file instanceof ArrayBuffer || ArrayBuffer.isView(file)) return new Blob([file as ArrayBuffer]);
  if (typeof file === 'string') {
    const hint = underNode()
      ? `read it with \`await fs.openAsBlob(${JSON.stringify(file)})\` (node:fs) and pass the Blob`
      : 'pass a File (from an <input type="file"> or a drop) or another Blob';
    throw new TraceSiftError('invalid_argument', `importFile takes a Blob or bytes, not a path: ${hint}`, {
      field: 'file',
    });
  }
  const what = file === null ? 'null' : Array.isArray(file) ? 'an array' : typeof file;
  throw new TraceSiftError(
    'invalid_argument',
    `importFile takes a Blob (a File, fs.openAsBlob(path) under node) or bytes (a Uint8Array, a Buffer, an ArrayBuffer), not ${what}`,
    { field: 'file' },
  );
}

/** A chunk of a file for the engine, and how many bytes of the file have been read for it. */
interface ImportChunk {
  /** Own buffer (it is transferred to the worker). */
  bytes: Uint8Array;
  read: number;
}

/** The chunks of an uncompressed file: IMPORT_CHUNK_BYTES at a time, with Blob.slice. */
async function* blobChunks(blob: Blob): AsyncGenerator<ImportChunk> {
  for (let offset = 0; offset < blob.size;) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
    offset += bytes.byteLength;
    yield { bytes, read: offset };
  }
}

/** The counts of an import's report as the progress it committed. */
function committed(report: ImportReport): ImportProgress {
  const { bytes, read, imported, updated, skipped, error_count: errors, captured } = report;
  return { bytes, read, imported, updated, skipped, errors, captured };
}

/** The connections of this page (or worker) that hold the browser's saved database. */
const savedHere = new Set<Connection>();

/**
 * Starts the engine in a Web Worker and opens a database. A worker or `.wasm` that does not load
 * rejects with "worker_failed", its details naming the URL, what it answered and what to change.
 */
export async function open(options: OpenOptions = {}): Promise<TraceSift> {
  const wasmUrl = options.wasmUrl === undefined ? undefined : absoluteUrl(options.wasmUrl, 'wasmUrl');
  const started: StartedWorker =
    typeof options.worker === 'function'
      ? { worker: options.worker() }
      : options.worker
        ? { worker: options.worker }
        : startWorker(options.workerUrl);
  const connection = new Connection(started.worker, (reason) => workerFailure(reason, started.url));
  try {
    const { version, storage } = await connection.call('open', {
      path: options.path ?? ':memory:',
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.waitForLock ? { waitForLock: true } : {}),
      ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      ...(options.tuning ? { tuning: options.tuning } : {}),
      ...(wasmUrl ? { wasmUrl } : {}),
    });
    if (storage.storage === 'opfs') savedHere.add(connection);
    return new TraceSift(connection, version, storage);
  } catch (e) {
    const error = TraceSiftError.from(e);
    connection.fail(error);
    throw options.storage === 'opfs' && error.code === 'locked' ? lockedHere(error) : e;
  }
}

/**
 * The "locked" error of a saved database, said of this page when one of its own earlier opens
 * still holds it (the engine's message speaks of another tab).
 */
function lockedHere(error: TraceSiftError): TraceSiftError {
  for (const c of savedHere) if (c.failed) savedHere.delete(c);
  if (savedHere.size === 0) return error;
  return new TraceSiftError(
    'locked',
    'this page already has the saved database open: an earlier open({ storage: "opfs" }) that was not closed ' +
      'holds it. Use that TraceSift, or close() it before opening again.',
    { ...error.details, field: 'storage' },
  );
}
