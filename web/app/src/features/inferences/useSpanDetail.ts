// One span's full record and its trace (`ts.span(id)`) for the drawer, read again when the id or
// the spans change. A failure (a span deleted by an opened database: "not_found") is returned for
// the drawer to show.
import type { SpanDetail, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

/** The detail of one span: the answer for `id`, or its error, or neither while it loads. */
export interface SpanDetailState {
  detail: SpanDetail | null;
  error: TraceSiftError | null;
  loading: boolean;
}

/** The detail of span `id` (null: nothing asked). */
export function useSpanDetail(id: string | null): SpanDetailState {
  const read = useEngineRead(id, id === null ? null : (ts) => ts.span(id), { topics: ['spans'] });
  const forId = read.answered === JSON.stringify(id);
  // The previous span's detail stays on screen (dimmed) until the new one arrives.
  return {
    detail: read.error ? null : read.data,
    error: forId ? read.error : null,
    loading: read.loading || !forId,
  };
}
