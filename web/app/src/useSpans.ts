// Queries one page of spans and the matching count whenever the filter, the order, the page or the
// data changes. Answers that arrive after a newer query started are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type FilterSpec, type SortOrder, type Span, type SpanSort, type TraceSift } from 'tracesift';

/** The current page of spans. */
export interface SpanPage {
  spans: Span[];
  /** The cursor of the next page, or null on the last page. */
  nextCursor: string | null;
  /** All spans matching the filter, or null before the first answer. */
  total: number | null;
  loading: boolean;
  error: TraceSiftError | null;
  /** The filter (as JSON) that `spans` and `total` answer, or null before the first answer. */
  answered: string | null;
}

/** What to list: the filter, the order and where the page starts ('' = the first page). */
export interface SpanQuery {
  filter: FilterSpec;
  sort: SpanSort;
  order: SortOrder;
  cursor: string;
  limit: number;
}

/** The page of `query`. `dataVersion` changes after every import so the page is queried again. */
export function useSpans(ts: TraceSift | null, query: SpanQuery, dataVersion: number): SpanPage {
  const [page, setPage] = useState<SpanPage>({
    spans: [],
    nextCursor: null,
    total: null,
    loading: false,
    error: null,
    answered: null,
  });
  const latest = useRef(0);
  // The query object is new on every render; its JSON is the dependency.
  const key = JSON.stringify(query);

  useEffect(() => {
    if (!ts) return;
    const id = ++latest.current;
    setPage((p) => ({ ...p, loading: true }));
    const { filter, sort, order, cursor, limit } = query;
    const answered = JSON.stringify(filter);
    Promise.all([ts.spans(filter, { sort, order, limit, ...(cursor ? { cursor } : {}) }), ts.count(filter)]).then(
      ([{ spans, nextCursor }, total]) => {
        if (id === latest.current) setPage({ spans, nextCursor, total, loading: false, error: null, answered });
      },
      (e: unknown) => {
        if (id === latest.current)
          setPage({ spans: [], nextCursor: null, total: 0, loading: false, error: TraceSiftError.from(e), answered });
      },
    );
  }, [ts, key, dataVersion]);

  return page;
}
