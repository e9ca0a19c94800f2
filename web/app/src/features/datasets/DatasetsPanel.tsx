// The Datasets page: the two guided flows ("New eval dataset", "New training dataset") that save
// the Inferences filter as a dataset after previewing it, the list of datasets, and the selected
// one's recipe, exports, rename, delete and rows.
import { useState } from 'preact/hooks';
import type { DatasetReport, DatasetRequest } from 'tracesift';
import { useEngine } from '../../data/engine';
import { DatasetDetails } from './DatasetDetails';
import { DatasetFlow } from './DatasetFlow';
import { DatasetList } from './DatasetList';
import { useDatasetDetails } from './useDatasetDetails';
import { useDatasets } from './useDatasets';
import { cx } from '../../common/cx';
import styles from './datasets.module.css';

interface Props {
  /** Shown; when hidden it stays mounted, so a running export and a flow's state stay. */
  open: boolean;
  /** The query text of the Inferences filter. */
  filter: string;
  /** Spans matching it, or null while unknown. */
  matching: number | null;
}

type Flow = 'eval' | 'training';

/** The page; its element id is `datasets-panel`. */
export function DatasetsPanel({ open, filter, matching }: Props) {
  const { ts } = useEngine();
  const list = useDatasets();
  const [selected, setSelected] = useState<string | null>(null);
  const [flow, setFlow] = useState<Flow | null>(null);
  const shown = useDatasetDetails(selected);
  const hasEval = (list.datasets ?? []).some((d) => d.type === 'eval');

  const save = async (request: DatasetRequest): Promise<DatasetReport> => {
    if (!ts) throw new Error('The engine is not ready yet.');
    const saved = await ts.saveDataset(request);
    setSelected(saved.name);
    list.refresh();
    return saved;
  };
  const rename = async (newName: string) => {
    if (!ts || selected === null) return;
    await ts.renameDataset(selected, newName);
    setSelected(newName);
    list.refresh();
  };
  const remove = async () => {
    if (!ts || selected === null) return;
    await ts.deleteDataset(selected);
    setSelected(null);
    list.refresh();
  };
  const flowButton = (type: Flow, label: string) => (
    <button
      type="button"
      class={cx('button', flow === type ? 'is-pressed' : (type === 'eval' || hasEval) && 'primary')}
      aria-expanded={flow === type}
      aria-controls="dataset-flow"
      data-testid={`new-${type}`}
      onClick={() => setFlow(flow === type ? null : type)}
    >
      {label}
    </button>
  );

  return (
    <section
      class={`page ${styles.panel}`}
      id="datasets-panel"
      aria-label="Datasets"
      data-testid="datasets-panel"
      hidden={!open}
    >
      <div class={styles.head}>
        <h2>Datasets</h2>
        <span class="muted">
          Save the current Inferences filter as an eval set, then a training set that leaves it out.
        </span>
        <div class={styles.new}>
          {flowButton('eval', 'New eval dataset')}
          {flowButton('training', 'New training dataset')}
        </div>
      </div>
      <div id="dataset-flow">
        {flow && (
          <DatasetFlow
            key={flow}
            type={flow}
            filter={filter}
            matching={matching}
            datasets={list.datasets}
            active={open}
            onSave={save}
            onSwitch={setFlow}
            onClose={() => setFlow(null)}
          />
        )}
      </div>
      <div class={styles.browse}>
        <div class={styles.listPane}>
          <h3>
            All datasets {list.datasets && <span class="muted">({list.datasets.length.toLocaleString('en-US')})</span>}
          </h3>
          {list.error && (
            <p class="error-text" role="alert">
              The datasets could not be listed: {list.error.message}
            </p>
          )}
          <DatasetList datasets={list.datasets} selected={selected} onSelect={setSelected} />
        </div>
        <div class={styles.detailPane}>
          {shown.error && (
            <p class="error-text" role="alert">
              {shown.error.message}
            </p>
          )}
          {shown.details ? (
            <DatasetDetails details={shown.details} onRename={rename} onDelete={remove} />
          ) : (
            !shown.error && (
              <p class={`muted ${styles.none}`}>
                {selected === null ? 'Select a dataset to see its recipe, export it and browse its rows.' : 'Loading…'}
              </p>
            )
          )}
        </div>
      </div>
    </section>
  );
}
