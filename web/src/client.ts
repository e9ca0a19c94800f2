// The promise-based client: the same operations as the worker's EngineApi, asynchronously.
import { TraceSiftError } from '../../worker/src/errors.js';
import { isGzip } from '../../worker/src/gzip.js';
import { parseJsonl } from '../../worker/src/jsonl.js';
import { defineCalls, type AsyncCalls, type CallName, type OperationResult } from '../../worker/src/operations.js';
import type {
  Datapoint,
  DatapointsPage,
  ExportedFile,
  ExportFormat,
  ExportOptions,
  FilterSpec,
  ImportOptions,
  ImportProgress,
  ImportReport,
  Page,
  Span,
  SpansPage,
  SpansQuery,
  StorageInfo,
  StorageOptions,
  DownloadProgress,
} from '../../worker/src/types.js';
import type { Args } from '../../worker/src/protocol.js';
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

// The `call` operations of worker/src/operations.ts, as methods: each sends its arguments to the
// worker as the message of its name.
export interface TraceSift extends AsyncCalls {}

/**
 * An open tracesift database in a Web Worker. Its methods are the operations of
 * worker/src/operations.ts (docs/API.md): the `call` ones are defined from the declarations, the
 * `custom` ones (files, pages of bytes, downloads) here.
 */
export class TraceSift {
  /** @internal use open() */
  constructor(
    private readonly connection: Connection,
    /** The engine's version. */
    readonly version: string,
    /** Where the database lives, and any notice about it (e.g. "nothing will be saved"). */
    readonly storage: StorageInfo = { storage: 'memory', persistent: false },
  ) {}

  static {
    // Each `call` operation sends its arguments, in order, as the message of its name.
    defineCalls(
      TraceSift.prototype,
      <K extends CallName>(ts: TraceSift, name: K, args: unknown[]) =>
        ts.connection.call(name, args as unknown as Args<K>) as Promise<OperationResult<K>>,
    );
  }

  /**
   * One page of matching spans (default: newest first, 100 spans) and the next page's cursor:
   * pass `nextCursor` as `cursor`, with the same filter, sort and order, for the page after.
   */
  async spans(filter: FilterSpec = {}, query: SpansQuery = {}): Promise<SpansPage> {
    const { bytes, nextCursor } = await this.connection.call('spans', { filter, query });
    return { spans: parseJsonl<Span>(bytes), nextCursor };
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

  /** A page of a dataset's datapoints, oldest first (default: the first 100), and the next page's cursor. */
  async listDatapoints(name: string, page: Page = {}): Promise<DatapointsPage> {
    const { bytes, nextCursor } = await this.connection.call('listDatapoints', { name, page });
    return { datapoints: parseJsonl<Datapoint>(bytes), nextCursor };
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
    return this.connection.call('openDatabaseFile', { bytes }, [bytes]);
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
