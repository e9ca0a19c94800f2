// The datasets as a table: name, type, rows, created. Clicking a name selects the dataset.
import type { Dataset } from 'tracesift';
import { formatCount, formatLocalTime } from '../../common/format';
import { Badge } from '../../common/Badge';
import { DataTable, cells } from '../../common/DataTable';
import styles from './datasets.module.css';

interface Props {
  /** null while the first answer is awaited. */
  datasets: Dataset[] | null;
  selected: string | null;
  onSelect: (name: string) => void;
}

/** The dataset table, or a line saying there is none yet. */
export function DatasetList({ datasets, selected, onSelect }: Props) {
  if (datasets === null) return <p class="muted">Loading the datasets…</p>;
  if (datasets.length === 0) {
    return (
      <p class="muted" data-testid="dataset-list-empty">
        No datasets yet: start with “New eval dataset” above.
      </p>
    );
  }
  return (
    <DataTable className={styles.datasetList} testId="dataset-list" label="Datasets">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col" class={cells.num}>
            Rows
          </th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => {
          const isSelected = d.name === selected;
          return (
            <tr
              key={d.name}
              data-testid="dataset-row"
              data-dataset={d.name}
              class={isSelected ? cells.selected : undefined}
            >
              <td data-cell="name">
                <button
                  type="button"
                  class="link-button"
                  aria-current={isSelected ? 'true' : undefined}
                  title={d.name}
                  onClick={() => onSelect(d.name)}
                >
                  {d.name}
                </button>
              </td>
              <td data-cell="type">
                <Badge value={d.type} />
              </td>
              <td class={cells.num} data-cell="rows" data-rows={d.rows}>
                {formatCount(d.rows)}
              </td>
              <td class={cells.time} data-cell="created" title={d.created_at}>
                {formatLocalTime(d.created_at)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
