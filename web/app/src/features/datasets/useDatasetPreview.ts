// The preview of a dataset request (`previewDataset`: the report a save would give, nothing
// written), read a moment after the options stop changing, and again when the spans or the
// datasets change.
import type { DatasetReport, DatasetRequest, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

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

/** Previews `request` (none when null). */
export function useDatasetPreview(request: DatasetRequest | null): DatasetPreview {
  const read = useEngineRead(request, request === null ? null : (ts) => ts.previewDataset(request), {
    topics: ['spans', 'datasets'],
    delayMs: PREVIEW_DELAY_MS,
  });
  if (request === null || (read.answered === null && !read.loading))
    return { status: 'idle', report: null, error: null };
  const report = read.error ? null : read.data;
  if (read.loading) return { status: 'loading', report, error: null };
  return { status: read.error ? 'error' : 'ready', report, error: read.error };
}
