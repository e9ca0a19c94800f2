// The span listing behind the virtual table: the matching count (`ts.count`) and the rows, fetched
// on demand in blocks of BLOCK rows by offset (`ts.spans(filter, {sort, order, limit, offset})`).
// A few blocks are cached; the cache is dropped when the filter, the order or the data changes, and
// answers to an older listing are ignored. At most two block queries are in flight: when the
// person scrolls faster than the engine answers, only the blocks still wanted are asked for next.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type FilterSpec, type SortOrder, type Span, type SpanSort } from 'tracesift';
import { useEngine } from '../../data/engine';

/** Rows per block query. */
export const BLOCK = 200;
/** Blocks kept in the cache (the visible ones are always kept). */
const CACHE_BLOCKS = 24;
/** Block queries in flight at once. */
const IN_FLIGHT = 2;

/** The listing as the table sees it. */
export interface SpanList {
  /** Matching spans, or null before the first answer. */
  total: number | null;
  /** The filter (as JSON) that `total` answers, or null before the first answer. */
  answered: string | null;
  /** A count or block query is on its way. */
  loading: boolean;
  /** The last failure of the listing (an invalid query, ...), or null. */
  error: TraceSiftError | null;
  /** Row `index` of the listing, or undefined while its block loads. */
  rowAt: (index: number) => Span | undefined;
  /** Asks for the blocks holding rows [first, last). */
  want: (first: number, last: number) => void;
  /** Changes whenever the rows or the count change (a render dependency). */
  revision: number;
  /** Identifies the listing (filter, order, data version): the table's selection resets with it. */
  key: string;
}

interface Cache {
  key: string;
  filter: FilterSpec;
  blocks: Map<number, Span[]>;
  pending: Set<number>;
  wanted: number[];
}

/** The listing of `filter` in the given order, listed again when the spans change. */
export function useSpanList(filter: FilterSpec, sort: SpanSort, order: SortOrder): SpanList {
  // Design note: not a useEngineRead: the rows come block by block as the table scrolls, with a
  // cache of blocks and a bound on the queries in flight; the count and the blocks still follow the
  // connection's spans version.
  const { ts, versions } = useEngine();
  const dataVersion = versions.spans;
  const filterJson = JSON.stringify(filter);
  const key = `${filterJson}|${sort}|${order}|${dataVersion}`;
  const [count, setCount] = useState<{ total: number | null; answered: string | null; for: string }>({
    total: null,
    answered: null,
    for: '',
  });
  const [error, setError] = useState<TraceSiftError | null>(null);
  const [revision, setRevision] = useState(0);
  const fresh = (): Cache => ({ key, filter, blocks: new Map(), pending: new Set(), wanted: [] });
  const cache = useRef<Cache>(fresh());
  if (cache.current.key !== key) cache.current = fresh();
  const bump = () => setRevision((r) => r + 1);

  // The count answers the filter and the data version; the order does not change it.
  const countKey = `${filterJson}|${dataVersion}`;
  useEffect(() => {
    if (!ts) return;
    let current = true;
    ts.count(filter).then(
      (total) => {
        if (!current) return;
        setCount({ total, answered: filterJson, for: countKey });
        setError(null);
      },
      (e: unknown) => {
        if (!current) return;
        setCount({ total: 0, answered: filterJson, for: countKey });
        setError(TraceSiftError.from(e));
      },
    );
    return () => {
      current = false;
    };
  }, [ts, countKey]);

  const pump = useCallback(() => {
    const c = cache.current;
    if (!ts) return;
    for (const block of c.wanted) {
      if (c.pending.size >= IN_FLIGHT) break;
      if (c.blocks.has(block) || c.pending.has(block)) continue;
      c.pending.add(block);
      ts.spans(c.filter, { sort, order, limit: BLOCK, offset: block * BLOCK }).then(
        ({ spans }) => {
          if (cache.current !== c) return; // a newer listing: the answer is stale
          c.pending.delete(block);
          c.blocks.set(block, spans);
          // Keep the cache small: drop the blocks furthest from the ones wanted now.
          if (c.blocks.size > CACHE_BLOCKS) {
            const near = c.wanted[0] ?? block;
            const far = [...c.blocks.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
            for (const k of far.slice(0, c.blocks.size - CACHE_BLOCKS)) if (!c.wanted.includes(k)) c.blocks.delete(k);
          }
          bump();
          pump();
        },
        (e: unknown) => {
          if (cache.current !== c) return;
          c.pending.delete(block);
          setError(TraceSiftError.from(e));
          bump();
        },
      );
    }
  }, [ts, key]);

  // A new listing asks for its first block at once, beside the count, rather than after the count
  // answers and the table says which rows are in view (the first rows paint one round trip sooner).
  useEffect(() => {
    const c = cache.current;
    if (c.wanted.length === 0) {
      c.wanted = [0];
      pump();
    }
  }, [pump]);

  const want = useCallback(
    (first: number, last: number) => {
      const c = cache.current;
      const wanted: number[] = [];
      for (let b = Math.floor(first / BLOCK); b * BLOCK < last; b++) wanted.push(b);
      c.wanted = wanted;
      // Also when nothing changed: the engine may have arrived, or a failed block be retried.
      pump();
    },
    [pump],
  );

  // A new listing: ask again for what the table wanted from the previous one.
  useEffect(() => {
    bump();
  }, [key]);

  const rowAt = useCallback(
    (index: number) => cache.current.blocks.get(Math.floor(index / BLOCK))?.[index % BLOCK],
    [key],
  );

  const counted = count.for === countKey;
  const c = cache.current;
  const loading = !counted || c.pending.size > 0 || c.wanted.some((b) => !c.blocks.has(b));
  return useMemo(
    () => ({
      total: count.total,
      answered: count.answered,
      loading,
      error,
      rowAt,
      want,
      revision,
      key,
    }),
    [count, loading, error, rowAt, want, revision, key],
  );
}
