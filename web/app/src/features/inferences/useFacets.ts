// Facet counts and ranges of the current filter, read again when the filter or the spans change.
import type { Facets, FilterSpec } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

/** The facets of `filter`, or null before the first answer. An invalid query is reported by the
 * query box; the dropdowns keep their last counts. */
export function useFacets(filter: FilterSpec): Facets | null {
  return useEngineRead(filter, (ts) => ts.facets(filter), { topics: ['spans'] }).data;
}
