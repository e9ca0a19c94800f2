// The selected dataset with its recipe (`showDataset`), read again when the selection or the
// datasets change. The shown dataset stays while it is read again; another one replaces it.
import type { DatasetDetails, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

/** What is known of the selected dataset. */
export interface SelectedDataset {
  /** The dataset with its recipe, or null while loading or when none is selected. */
  details: DatasetDetails | null;
  error: TraceSiftError | null;
}

/** The recipe of dataset `name` (none when null). */
export function useDatasetDetails(name: string | null): SelectedDataset {
  const read = useEngineRead(name, name === null ? null : (ts) => ts.showDataset(name), { topics: ['datasets'] });
  if (name === null) return { details: null, error: null };
  const details = read.data?.name === name && !read.error ? read.data : null;
  return { details, error: read.answered === JSON.stringify(name) ? read.error : null };
}
