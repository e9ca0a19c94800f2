// The import queue: files (picked, dropped, or the bundled samples) are imported one after another
// through the client, with progress, a smoothed ETA, cancellation and a per-file list of the
// latest batch (queued, importing, done, failed, cancelled) with each file's report.
import { useCallback, useRef, useState } from 'preact/hooks';
import {
  TraceSiftError,
  type ImportFormat,
  type ImportProgressEvent,
  type ImportReport,
  type TraceSift,
} from 'tracesift';
import { etaSeconds, sampleMeter, startMeter } from './eta';

/** The file being imported right now. */
export interface RunningImport {
  /** The name reports and errors use. */
  fileName: string;
  /** Position of this file in the current batch (1-based) and the batch's size so far. */
  index: number;
  total: number;
  /** Total size of the file in bytes. */
  totalBytes: number;
  /** The latest progress event, or null before the first chunk is parsed. */
  progress: ImportProgressEvent | null;
  /** performance.now() when this file started. */
  startedAt: number;
  /** Smoothed bytes per second, or null until measured. */
  bytesPerSecond: number | null;
  /** Seconds left at that rate, or null until known. */
  etaSeconds: number | null;
}

/** The outcome of one file of a batch. */
export interface ImportOutcome {
  fileName: string;
  /** The engine's report; for a cancelled import, what was committed before it stopped. */
  report: ImportReport | null;
  /** Set when the import failed or was cancelled. */
  error: TraceSiftError | null;
}

/** Where a file of the batch is. */
export type FileStatus = 'queued' | 'importing' | 'done' | 'failed' | 'cancelled';

/** One file of the latest batch. */
export interface ImportEntry extends ImportOutcome {
  /** Unique within the page's life. */
  key: number;
  size: number;
  status: FileStatus;
  /** Cancelled while still queued: never started. */
  dropped: boolean;
}

/** The queue's state and its actions. */
export interface Importer {
  running: RunningImport | null;
  /** Every file of the latest batch, in order, with its status. */
  entries: ImportEntry[];
  /** Outcomes of the latest batch's finished files, in order. */
  outcomes: ImportOutcome[];
  /** Queues files; a batch starts when none is running, otherwise they join the current batch. */
  importFiles: (files: File[], format?: ImportFormat) => Promise<ImportOutcome[]>;
  /** Stops the current file (committed batches stay) and drops the files still queued. */
  cancel: () => void;
  /** Hides the reports of the latest batch's finished files. */
  dismiss: () => void;
}

/** The status an import's outcome gives its file. */
export function statusOf({ report, error }: ImportOutcome): FileStatus {
  if (error?.code === 'aborted' || report?.cancelled) return 'cancelled';
  return error ? 'failed' : 'done';
}

let nextKey = 1;

/**
 * Imports files into `ts`, calling `onImported` after each file that may have changed the
 * database (a cancelled or failed import can still have committed whole batches).
 */
export function useImporter(ts: TraceSift | null, onImported: () => void): Importer {
  const [running, setRunning] = useState<RunningImport | null>(null);
  const [entries, setEntries] = useState<ImportEntry[]>([]);
  // The queue lives in refs so that files dropped during an import join the loop already running.
  const queue = useRef<{ key: number; file: File; format: ImportFormat }[]>([]);
  const batchSize = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const draining = useRef<Promise<ImportOutcome[]> | null>(null);
  // Files of the running batch dropped from the queue by Cancel: the batch's answer lists them too.
  const dropped = useRef<ImportOutcome[]>([]);
  const latestOnImported = useRef(onImported);
  latestOnImported.current = onImported;

  const update = (key: number, patch: Partial<ImportEntry>) =>
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  const drain = useCallback(async (engine: TraceSift): Promise<ImportOutcome[]> => {
    const batch: ImportOutcome[] = [];
    let index = 0;
    while (queue.current.length > 0) {
      const { key, file, format } = queue.current.shift()!;
      index += 1;
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = performance.now();
      let meter = startMeter(startedAt);
      const base = { fileName: file.name, index, totalBytes: file.size, startedAt };
      setRunning({ ...base, total: batchSize.current, progress: null, bytesPerSecond: null, etaSeconds: null });
      update(key, { status: 'importing' });
      let outcome: ImportOutcome;
      try {
        const report = await engine.importFile(file, {
          format,
          signal: abort.signal,
          onProgress: (progress) => {
            meter = sampleMeter(meter, progress.bytes, performance.now());
            setRunning({
              ...base,
              total: batchSize.current,
              progress,
              bytesPerSecond: meter.rate,
              etaSeconds: etaSeconds(meter, file.size),
            });
          },
        });
        outcome = { fileName: file.name, report, error: null };
      } catch (e) {
        const error = TraceSiftError.from(e);
        const partial = error.details['report'] as ImportReport | undefined;
        outcome = { fileName: file.name, report: partial ?? null, error };
      }
      controller.current = null;
      batch.push(outcome);
      update(key, { ...outcome, status: statusOf(outcome) });
      latestOnImported.current();
    }
    batch.push(...dropped.current.splice(0));
    setRunning(null);
    return batch;
  }, []);

  const importFiles = useCallback(
    (files: File[], format: ImportFormat = 'auto'): Promise<ImportOutcome[]> => {
      if (!ts || files.length === 0) return draining.current ?? Promise.resolve([]);
      const added = files.map((file) => ({ key: nextKey++, file, format }));
      queue.current.push(...added);
      const fresh: ImportEntry[] = added.map(({ key, file }) => ({
        key,
        fileName: file.name,
        size: file.size,
        status: 'queued',
        dropped: false,
        report: null,
        error: null,
      }));
      if (draining.current) {
        batchSize.current += files.length;
        setEntries((list) => [...list, ...fresh]);
        return draining.current;
      }
      batchSize.current = files.length;
      setEntries(fresh);
      draining.current = drain(ts).finally(() => {
        draining.current = null;
      });
      return draining.current;
    },
    [ts, drain],
  );

  const cancel = useCallback(() => {
    const removed = queue.current.splice(0);
    if (removed.length > 0) {
      const error = new TraceSiftError('aborted', 'not imported: the batch was cancelled while this file was queued');
      const keys = new Set(removed.map((q) => q.key));
      dropped.current.push(...removed.map((q) => ({ fileName: q.file.name, report: null, error })));
      setEntries((list) =>
        list.map((e) => (keys.has(e.key) ? { ...e, status: 'cancelled', dropped: true, error } : e)),
      );
    }
    controller.current?.abort();
  }, []);

  const dismiss = useCallback(
    () => setEntries((list) => list.filter((e) => e.status === 'queued' || e.status === 'importing')),
    [],
  );

  const outcomes = entries.filter((e) => e.status !== 'queued' && e.status !== 'importing');
  return { running, entries, outcomes, importFiles, cancel, dismiss };
}
