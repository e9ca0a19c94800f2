// The selected dataset's recipe and first rows, queried when the selection or the list changes.
// Answers for an earlier selection are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type Datapoint, type DatasetDetails, type TraceSift } from 'tracesift';

/** Rows shown under a dataset's recipe. */
export const SHOWN_ROWS = 20;

/** What is known of the selected dataset. */
export interface SelectedDataset {
  /** The dataset with its recipe, or null while loading or when none is selected. */
  details: DatasetDetails | null;
  /** Its first SHOWN_ROWS rows, or null while loading. */
  rows: Datapoint[] | null;
  error: TraceSiftError | null;
}

const NOTHING: SelectedDataset = { details: null, rows: null, error: null };

/** The recipe and first rows of dataset `name` (none when null); `version` asks again. */
export function useDatasetDetails(ts: TraceSift | null, name: string | null, version: number): SelectedDataset {
  const [selected, setSelected] = useState<SelectedDataset>(NOTHING);
  const latest = useRef(0);

  useEffect(() => {
    const query = ++latest.current;
    if (!ts || name === null) {
      setSelected(NOTHING);
      return;
    }
    // Keep showing the same dataset while it is asked for again; clear it for another one.
    setSelected((s) => (s.details?.dataset === name ? s : NOTHING));
    Promise.all([ts.showDataset(name), ts.datasetRows(name, { limit: SHOWN_ROWS })]).then(
      ([details, rows]) => {
        if (query === latest.current) setSelected({ details, rows, error: null });
      },
      (e: unknown) => {
        if (query === latest.current) setSelected({ details: null, rows: null, error: TraceSiftError.from(e) });
      },
    );
  }, [ts, name, version]);

  return selected;
}
