// Facet counts and ranges of the current filter, queried again when the filter or the data changes.
// Answers that arrive after a newer query started are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Facets, FilterSpec, TraceSift } from 'tracesift';

/** The facets of `filter`, or null before the first answer (and after a failed query). */
export function useFacets(ts: TraceSift | null, filter: FilterSpec, dataVersion: number): Facets | null {
  const [facets, setFacets] = useState<Facets | null>(null);
  const latest = useRef(0);
  const key = JSON.stringify(filter);

  useEffect(() => {
    if (!ts) return;
    const query = ++latest.current;
    ts.facets(filter).then(
      (f) => {
        if (query === latest.current) setFacets(f);
      },
      // An invalid query is reported by the query box; the dropdowns keep their last counts.
      () => undefined,
    );
  }, [ts, key, dataVersion]);

  return facets;
}
