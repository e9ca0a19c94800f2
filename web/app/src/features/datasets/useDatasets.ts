// The list of datasets, read again whenever datasets change (a save, rename or delete here, a rule
// or a review elsewhere, an import: capture rules can add rows).
import type { Dataset, TraceSiftError } from 'tracesift';
import { useEngine } from '../../data/engine';
import { useEngineRead } from '../../data/useEngineRead';

/** The datasets as last listed. */
export interface DatasetList {
  /** null before the first answer. */
  datasets: Dataset[] | null;
  error: TraceSiftError | null;
  /** Marks the datasets changed: this list and every other read of datasets run again. */
  refresh: () => void;
}

/** Every dataset of the open engine. */
export function useDatasets(): DatasetList {
  const { invalidate } = useEngine();
  const read = useEngineRead('datasets', (ts) => ts.listDatasets(), { topics: ['datasets'] });
  return { datasets: read.data, error: read.error, refresh: () => invalidate('datasets') };
}
