// The chart strip's time series of the current filter (`ts.stats(filter, {by_model: true})`),
// read again when the filter or the spans change, but only while the charts are shown. The engine
// chooses the bucket size (about 50 to 200 buckets), so the charts stay light to draw.
import type { FilterSpec, SpanStats, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

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
export function useStats(filter: FilterSpec, active: boolean): StatsState {
  const read = useEngineRead(filter, (ts) => ts.stats(filter, { by_model: true, top_models: TOP_MODELS }), {
    topics: ['spans'],
    enabled: active,
  });
  return { stats: read.error ? null : read.data, error: read.error, answered: read.answered, loading: read.loading };
}
