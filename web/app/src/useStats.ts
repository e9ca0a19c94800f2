// The chart strip's time series of the current filter (`ts.stats(filter, {by_model: true})`),
// queried again when the filter or the data changes, but only while the charts are shown. The
// engine chooses the bucket size (about 50 to 200 buckets), so the charts stay light to draw.
// Answers to an older query are dropped; a failure is returned for the strip to show.
import { useEffect, useState } from 'preact/hooks';
import { TraceSiftError, type FilterSpec, type SpanStats, type TraceSift } from 'tracesift';

/** Models named in the charts; the rest are summed as "other". */
export const TOP_MODELS = 5;

/** The series of the filter the strip shows. */
export interface StatsState {
  stats: SpanStats | null;
  error: TraceSiftError | null;
  /** The filter (as JSON) `stats` answers. */
  answered: string | null;
  loading: boolean;
}

/** The stats of `filter`, or the last ones while `active` is false. */
export function useStats(ts: TraceSift | null, filter: FilterSpec, dataVersion: number, active: boolean): StatsState {
  const [state, setState] = useState<StatsState>({ stats: null, error: null, answered: null, loading: false });
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (!ts || !active) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    ts.stats(filter, { by_model: true, top_models: TOP_MODELS }).then(
      (stats) => {
        if (current) setState({ stats, error: null, answered: key, loading: false });
      },
      (e: unknown) => {
        if (current) setState({ stats: null, error: TraceSiftError.from(e), answered: key, loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [ts, key, dataVersion, active]);
  return state;
}
