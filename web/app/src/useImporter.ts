// The import queue: files (picked, dropped, or the bundled samples) are imported one after another
// through the client, with progress, cancellation and one report per file for the latest batch.
import { useCallback, useRef, useState } from 'preact/hooks';
import {
  TraceSiftError,
  type ImportFormat,
  type ImportProgressEvent,
  type ImportReport,
  type TraceSift,
} from 'tracesift';

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
}

/** The outcome of one file of a batch. */
export interface ImportOutcome {
  fileName: string;
  /** The engine's report; for a cancelled import, what was committed before it stopped. */
  report: ImportReport | null;
  /** Set when the import failed or was cancelled. */
  error: TraceSiftError | null;
}

/** The queue's state and its two actions. */
export interface Importer {
  running: RunningImport | null;
  /** Outcomes of the latest batch, in order. */
  outcomes: ImportOutcome[];
  /** Queues files; a batch starts when none is running, otherwise they join the current batch. */
  importFiles: (files: File[], format?: ImportFormat) => Promise<ImportOutcome[]>;
  /** Stops the current file (committed batches stay) and drops the files still queued. */
  cancel: () => void;
  /** Hides the latest batch's reports. */
  dismiss: () => void;
}

/**
 * Imports files into `ts`, calling `onImported` after each file that may have changed the
 * database (a cancelled or failed import can still have committed whole batches).
 */
export function useImporter(ts: TraceSift | null, onImported: () => void): Importer {
  const [running, setRunning] = useState<RunningImport | null>(null);
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  // The queue lives in refs so that files dropped during an import join the loop already running.
  const queue = useRef<{ file: File; format: ImportFormat }[]>([]);
  const batchSize = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const cancelledFiles = useRef<File[]>([]);
  const draining = useRef<Promise<ImportOutcome[]> | null>(null);
  const latestOnImported = useRef(onImported);
  latestOnImported.current = onImported;

  const drain = useCallback(async (engine: TraceSift): Promise<ImportOutcome[]> => {
    const batch: ImportOutcome[] = [];
    let index = 0;
    while (queue.current.length > 0) {
      const { file, format } = queue.current.shift()!;
      index += 1;
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = performance.now();
      const base = { fileName: file.name, index, total: batchSize.current, totalBytes: file.size, startedAt };
      setRunning({ ...base, progress: null });
      let outcome: ImportOutcome;
      try {
        const report = await engine.importFile(file, {
          format,
          signal: abort.signal,
          onProgress: (progress) => setRunning({ ...base, total: batchSize.current, progress }),
        });
        outcome = { fileName: file.name, report, error: null };
      } catch (e) {
        const error = TraceSiftError.from(e);
        const partial = error.details['report'] as ImportReport | undefined;
        outcome = { fileName: file.name, report: partial ?? null, error };
      }
      controller.current = null;
      batch.push(outcome);
      setOutcomes((previous) => [...previous, outcome]);
      latestOnImported.current();
    }
    if (cancelledFiles.current.length > 0) {
      const error = new TraceSiftError('aborted', 'not imported: the batch was cancelled');
      const skipped = cancelledFiles.current.splice(0).map((f) => ({ fileName: f.name, report: null, error }));
      batch.push(...skipped);
      setOutcomes((previous) => [...previous, ...skipped]);
    }
    setRunning(null);
    return batch;
  }, []);

  const importFiles = useCallback(
    (files: File[], format: ImportFormat = 'auto'): Promise<ImportOutcome[]> => {
      if (!ts || files.length === 0) return draining.current ?? Promise.resolve([]);
      queue.current.push(...files.map((file) => ({ file, format })));
      if (draining.current) {
        batchSize.current += files.length;
        return draining.current;
      }
      batchSize.current = files.length;
      setOutcomes([]);
      draining.current = drain(ts).finally(() => {
        draining.current = null;
      });
      return draining.current;
    },
    [ts, drain],
  );

  const cancel = useCallback(() => {
    cancelledFiles.current.push(...queue.current.splice(0).map((queued) => queued.file));
    controller.current?.abort();
  }, []);

  const dismiss = useCallback(() => setOutcomes([]), []);

  return { running, outcomes, importFiles, cancel, dismiss };
}
