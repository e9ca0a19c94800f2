// One page of a dataset's rows (`datasetRows` with offset and limit), asked again when the page,
// the dataset or the list changes; answers for an earlier page are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type Datapoint, type TraceSift } from 'tracesift';

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

/** Rows `offset`… of dataset `name`; `version` asks again. */
export function useDatasetRows(ts: TraceSift | null, name: string, offset: number, version: number): RowsPage {
  const [page, setPage] = useState<RowsPage>({ rows: null, offset, error: null });
  const latest = useRef(0);

  useEffect(() => {
    const query = ++latest.current;
    if (!ts) return;
    // Keep the shown page while the same one is asked again; clear it for another one.
    setPage((p) => (p.offset === offset ? p : { rows: null, offset, error: null }));
    ts.datasetRows(name, { limit: ROWS_PAGE, offset }).then(
      (rows) => {
        if (query === latest.current) setPage({ rows, offset, error: null });
      },
      (e: unknown) => {
        if (query === latest.current) setPage({ rows: null, offset, error: TraceSiftError.from(e) });
      },
    );
  }, [ts, name, offset, version]);

  return page;
}
