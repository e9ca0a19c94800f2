// One page of a dataset's rows (`listDatapoints` with offset and limit), read again when the page,
// the dataset or the datasets change. The shown page stays while it is read again.
import type { Datapoint, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

/** Rows a page shows. */
export const ROWS_PAGE = 50;

/** The rows of the page asked for. */
export interface RowsPage {
  /** null while the page is loading. */
  rows: Datapoint[] | null;
  /** The offset `rows` start at. */
  offset: number;
  error: TraceSiftError | null;
}

/** Rows `offset`… of dataset `name`. */
export function useDatasetRows(name: string, offset: number): RowsPage {
  const key = { name, offset };
  const read = useEngineRead(
    key,
    async (ts) => (await ts.listDatapoints(name, { limit: ROWS_PAGE, offset })).datapoints,
    {
      topics: ['datasets'],
    },
  );
  // The page answered is this one (also while it is read again after a change); another is cleared.
  const same = read.answered === JSON.stringify(key);
  if (!same) return { rows: null, offset, error: null };
  return { rows: read.error ? null : read.data, offset, error: read.error };
}
