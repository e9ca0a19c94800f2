// Queries one page of spans and the matching count whenever the filter, the page or the data
// changes. Answers that arrive after a newer query started are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type Filter, type Span, type TraceSift } from 'tracesift';

/** The current page of spans. */
export interface SpanPage {
  spans: Span[];
  /** All spans matching the filter, or null before the first answer. */
  total: number | null;
  loading: boolean;
  error: TraceSiftError | null;
}

/**
 * The spans of `filter` from `offset`, `limit` at a time. `dataVersion` changes after every import
 * so the page is queried again.
 */
export function useSpans(
  ts: TraceSift | null,
  filter: Filter,
  offset: number,
  limit: number,
  dataVersion: number,
): SpanPage {
  const [page, setPage] = useState<SpanPage>({ spans: [], total: null, loading: false, error: null });
  const latest = useRef(0);
  // The filter object is new on every render; its JSON is the dependency.
  const key = JSON.stringify(filter);

  useEffect(() => {
    if (!ts) return;
    const query = ++latest.current;
    setPage((p) => ({ ...p, loading: true }));
    Promise.all([ts.spans(filter, { limit, offset }), ts.count(filter)]).then(
      ([spans, total]) => {
        if (query === latest.current) setPage({ spans, total, loading: false, error: null });
      },
      (e: unknown) => {
        if (query === latest.current) setPage({ spans: [], total: 0, loading: false, error: TraceSiftError.from(e) });
      },
    );
  }, [ts, key, offset, limit, dataVersion]);

  return page;
}
