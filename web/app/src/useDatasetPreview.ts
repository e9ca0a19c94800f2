// The preview of a dataset request (`previewDataset`: the report a save would give, nothing
// written), asked again a moment after the options stop changing; answers to older options are
// dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type DatasetReport, type DatasetRequest, type TraceSift } from 'tracesift';

/** Quiet time after the last change before the engine is asked. */
export const PREVIEW_DELAY_MS = 300;

/** The preview of the current request. */
export interface DatasetPreview {
  /** idle: nothing to ask; loading: the answer to the current request is awaited. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The latest report (possibly of earlier options while loading). */
  report: DatasetReport | null;
  /** The engine's refusal of the current request. */
  error: TraceSiftError | null;
}

interface Answer {
  key: string;
  report: DatasetReport | null;
  error: TraceSiftError | null;
}

/** Previews `request` (none when null); `version` changes when the data or datasets change. */
export function useDatasetPreview(
  ts: TraceSift | null,
  request: DatasetRequest | null,
  version: string,
): DatasetPreview {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const latest = useRef(0);
  const key = ts && request ? `${version}\n${JSON.stringify(request)}` : null;

  useEffect(() => {
    if (!ts || !request || key === null) return;
    const query = ++latest.current;
    const timer = setTimeout(() => {
      ts.previewDataset(request).then(
        (report) => {
          if (query === latest.current) setAnswer({ key, report, error: null });
        },
        (e: unknown) => {
          if (query === latest.current) setAnswer({ key, report: null, error: TraceSiftError.from(e) });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      // A newer request makes this one's answer stale.
      if (query === latest.current) latest.current += 1;
    };
  }, [ts, key]);

  if (key === null) return { status: 'idle', report: null, error: null };
  if (answer?.key !== key) return { status: 'loading', report: answer?.report ?? null, error: null };
  return { status: answer.error ? 'error' : 'ready', report: answer.report, error: answer.error };
}
