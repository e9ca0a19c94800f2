// The Datasets panel: saving the Inferences filter as an eval or training dataset (with its
// report), the list of datasets, and the selected one's details, rename, delete and export.
import { useState } from 'preact/hooks';
import type { DatasetReport, DatasetRequest, TraceSift } from 'tracesift';
import { DatasetDetails } from './DatasetDetails';
import { DatasetList } from './DatasetList';
import { DatasetReportView } from './DatasetReportView';
import { SaveDatasetForm } from './SaveDatasetForm';
import { useDatasetDetails } from './useDatasetDetails';
import { useDatasets } from './useDatasets';

interface Props {
  ts: TraceSift | null;
  /** Shown; when closed it stays mounted but hidden, so a running export and the report stay. */
  open: boolean;
  /** The query text of the Inferences filter. */
  filter: string;
  /** Spans matching it, or null while unknown. */
  matching: number | null;
  /** Changes after each import. */
  dataVersion: number;
}

/** The panel; its element id is `datasets-panel` (the toggle button controls it). */
export function DatasetsPanel({ ts, open, filter, matching, dataVersion }: Props) {
  const list = useDatasets(ts, dataVersion);
  const [selected, setSelected] = useState<string | null>(null);
  const [report, setReport] = useState<DatasetReport | null>(null);
  const shown = useDatasetDetails(ts, selected, list.version);
  const evals = (list.datasets ?? []).filter((d) => d.type === 'eval');

  const save = async (request: DatasetRequest) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    setReport(null);
    const saved = await ts.saveDataset(request);
    setReport(saved);
    setSelected(saved.dataset);
    list.refresh();
  };
  const rename = async (newName: string) => {
    if (!ts || selected === null) return;
    await ts.renameDataset(selected, newName);
    if (report?.dataset === selected) setReport(null);
    setSelected(newName);
    list.refresh();
  };
  const remove = async () => {
    if (!ts || selected === null) return;
    await ts.deleteDataset(selected);
    if (report?.dataset === selected) setReport(null);
    setSelected(null);
    list.refresh();
  };

  return (
    <section
      class="datasets-panel"
      id="datasets-panel"
      aria-label="Datasets"
      data-testid="datasets-panel"
      hidden={!open}
    >
      <div class="datasets-save">
        <SaveDatasetForm filter={filter} matching={matching} evals={evals} onSave={save} disabled={!ts} />
        {report && <DatasetReportView report={report} onDismiss={() => setReport(null)} />}
      </div>
      <div class="datasets-browse">
        <h3>Datasets</h3>
        {list.error && (
          <p class="error-text" role="alert">
            The datasets could not be listed: {list.error.message}
          </p>
        )}
        <DatasetList datasets={list.datasets} selected={selected} onSelect={setSelected} />
        {shown.error && (
          <p class="error-text" role="alert">
            {shown.error.message}
          </p>
        )}
        {shown.details && (
          <DatasetDetails ts={ts} details={shown.details} rows={shown.rows} onRename={rename} onDelete={remove} />
        )}
      </div>
    </section>
  );
}
