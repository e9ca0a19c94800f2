// The list of datasets, queried again after each change the panel makes (save, rename, delete)
// and after each import (capture rules can add rows). Answers older than the latest are dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type Dataset, type TraceSift } from 'tracesift';

/** The datasets as last listed. */
export interface DatasetList {
  /** null before the first answer. */
  datasets: Dataset[] | null;
  error: TraceSiftError | null;
  /** Changes each time the list is asked for again: details of a dataset follow it. */
  version: number;
  /** Lists the datasets again. */
  refresh: () => void;
}

/** Every dataset of `ts`; `dataVersion` changes after each import. */
export function useDatasets(ts: TraceSift | null, dataVersion: number): DatasetList {
  const [datasets, setDatasets] = useState<Dataset[] | null>(null);
  const [error, setError] = useState<TraceSiftError | null>(null);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!ts) return;
    const query = ++latest.current;
    ts.listDatasets().then(
      (list) => {
        if (query !== latest.current) return;
        setDatasets(list);
        setError(null);
      },
      (e: unknown) => {
        if (query === latest.current) setError(TraceSiftError.from(e));
      },
    );
  }, [ts, dataVersion, version]);

  return { datasets, error, version, refresh };
}
