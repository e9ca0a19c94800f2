// One export of one dataset at a time: progress in rows, Cancel (AbortController), and when it is
// done a browser download of every file. Leaving the dataset (unmount) cancels a running export.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type ExportFormat, type TraceSift } from 'tracesift';
import { downloadFiles, downloadName } from '../../common/download';
import { exportReportOf, isRecipeFile, type ExportReport } from './exportReport';

/** Rows written so far by the running export. */
export interface ExportRunning {
  format: ExportFormat;
  /** The file being written. */
  file: string;
  rows: number;
  rejected: number;
}

/** How the latest export ended. */
export type ExportOutcome =
  | {
      kind: 'done';
      format: ExportFormat;
      rows: number;
      rejected: number;
      /** The downloads, by the names they were saved under. */
      files: { name: string; bytes: number }[];
      /** What the export left out, from its recipe file; an Error when that file could not be read. */
      report: ExportReport | Error;
    }
  | { kind: 'cancelled'; format: ExportFormat }
  | { kind: 'failed'; format: ExportFormat; error: TraceSiftError };

/** The export's state and its two actions. */
export interface Exporter {
  running: ExportRunning | null;
  outcome: ExportOutcome | null;
  /** Exports `dataset` as `format` and downloads the files; ignored while an export runs. */
  start: (format: ExportFormat) => void;
  cancel: () => void;
}

/** The report in the recipe file among an export's `files`, or why it could not be read. */
async function readReport(files: { name: string; blob: Blob }[]): Promise<ExportReport | Error> {
  const recipe = files.find((f) => isRecipeFile(f.name));
  if (!recipe) return new Error('the export wrote no recipe file');
  try {
    return exportReportOf(await recipe.blob.text());
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Exports of `dataset` through `ts`. */
export function useExport(ts: TraceSift | null, dataset: string): Exporter {
  const [running, setRunning] = useState<ExportRunning | null>(null);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  // Stop a running export when the component goes away (another dataset selected, or deleted).
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (format: ExportFormat) => {
      if (!ts || controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      setOutcome(null);
      setRunning({ format, file: '', rows: 0, rejected: 0 });
      // The outcome, and the files to download when it is done.
      type Result = { outcome: ExportOutcome; files: { name: string; blob: Blob }[] };
      const run = async (): Promise<Result> => {
        let rows = 0;
        let rejected = 0;
        try {
          const files = await ts.exportDataset(dataset, format, {
            signal: abort.signal,
            onProgress: (p) => {
              rows = p.rows;
              rejected = p.rejected;
              if (!abort.signal.aborted) setRunning({ format, file: p.file, rows: p.rows, rejected: p.rejected });
            },
          });
          // An export that finished as Cancel was pressed is not downloaded.
          if (abort.signal.aborted) return { outcome: { kind: 'cancelled', format }, files: [] };
          const named = files.map((f) => ({ name: downloadName(dataset, f.name), blob: f.blob }));
          const saved = named.map((f) => ({ name: f.name, bytes: f.blob.size }));
          const report = await readReport(files);
          return { outcome: { kind: 'done', format, rows, rejected, files: saved, report }, files: named };
        } catch (e) {
          const error = TraceSiftError.from(e);
          const outcome: ExportOutcome =
            error.code === 'aborted' || abort.signal.aborted
              ? { kind: 'cancelled', format }
              : { kind: 'failed', format, error };
          return { outcome, files: [] };
        }
      };
      void run().then(({ outcome, files }) => {
        controller.current = null;
        setRunning(null);
        setOutcome(outcome);
        downloadFiles(files).catch((e: unknown) =>
          setOutcome({ kind: 'failed', format, error: TraceSiftError.from(e) }),
        );
      });
    },
    [ts, dataset],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);

  return { running, outcome, start, cancel };
}
