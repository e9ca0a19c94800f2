// The selected dataset with its recipe (`showDataset`), asked again when the selection or the list
// changes. Answers for an earlier selection are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type DatasetDetails, type TraceSift } from 'tracesift';

/** What is known of the selected dataset. */
export interface SelectedDataset {
  /** The dataset with its recipe, or null while loading or when none is selected. */
  details: DatasetDetails | null;
  error: TraceSiftError | null;
}

const NOTHING: SelectedDataset = { details: null, error: null };

/** The recipe of dataset `name` (none when null); `version` asks again. */
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
    ts.showDataset(name).then(
      (details) => {
        if (query === latest.current) setSelected({ details, error: null });
      },
      (e: unknown) => {
        if (query === latest.current) setSelected({ details: null, error: TraceSiftError.from(e) });
      },
    );
  }, [ts, name, version]);

  return selected;
}
