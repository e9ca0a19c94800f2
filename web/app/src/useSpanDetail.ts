// One span's full record and its trace (`ts.span(id)`) for the drawer, queried again when the id or
// the data changes. Answers for an id the drawer has left are dropped; a failure (a span deleted
// by an opened database: "not_found") is returned for the drawer to show.
import { useEffect, useState } from 'preact/hooks';
import { TraceSiftError, type SpanDetail, type TraceSift } from 'tracesift';

/** The detail of one span: the answer for `id`, or its error, or neither while it loads. */
export interface SpanDetailState {
  detail: SpanDetail | null;
  error: TraceSiftError | null;
  loading: boolean;
}

/** The detail of span `id` (null: nothing asked). */
export function useSpanDetail(ts: TraceSift | null, id: string | null, dataVersion: number): SpanDetailState {
  const [state, setState] = useState<SpanDetailState & { for: string | null }>({
    detail: null,
    error: null,
    loading: false,
    for: null,
  });
  useEffect(() => {
    if (!ts || id === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    ts.span(id).then(
      (detail) => {
        if (current) setState({ detail, error: null, loading: false, for: id });
      },
      (e: unknown) => {
        if (current) setState({ detail: null, error: TraceSiftError.from(e), loading: false, for: id });
      },
    );
    return () => {
      current = false;
    };
  }, [ts, id, dataVersion]);
  // The previous span's detail stays on screen (dimmed) until the new one arrives.
  return {
    detail: state.detail,
    error: state.for === id ? state.error : null,
    loading: state.loading || state.for !== id,
  };
}
