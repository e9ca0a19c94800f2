// One guided "New dataset" flow, eval or training: 1. the slice (the Inferences filter and how many
// spans match it), 2. the options, 3. the engine's preview of what saving would give (asked again
// as the options change; a 100% overlap blocks the save), 4. Save, then the save's report.
import { useState } from 'preact/hooks';
import type { Dataset, DatasetReport, DatasetRequest } from 'tracesift';
import { DatasetOptions } from './DatasetOptions';
import { DatasetPreviewView, isBlocked } from './DatasetPreviewView';
import { DatasetReportView } from './DatasetReportView';
import { EMPTY_SAVE_FORM, buildDatasetRequest, buildPreviewRequest, type SaveFormState } from './datasetForm';
import { formatCount } from '../../common/format';
import { useAction } from '../../common/useAction';
import { useEngine } from '../../data/engine';
import { useDatasetPreview } from './useDatasetPreview';
import layout from '../../common/layout.module.css';
import styles from './datasets.module.css';

interface Props {
  type: 'eval' | 'training';
  /** The query text of the Inferences filter ('' = every span). */
  filter: string;
  /** Spans (of any status) matching it, or null while unknown. */
  matching: number | null;
  /** Every dataset, or null before the first listing. */
  datasets: Dataset[] | null;
  /** The page is shown: previews are only asked for then (not while the filter is edited). */
  active: boolean;
  /** Saves the request; rejects with the engine's error. */
  onSave: (request: DatasetRequest) => Promise<DatasetReport>;
  /** Starts the other flow (a training dataset needs an eval dataset first). */
  onSwitch: (type: 'eval' | 'training') => void;
  onClose: () => void;
}

const TITLES = { eval: 'New eval dataset', training: 'New training dataset' } as const;

/** The flow (mount with `key={type}`: its choices belong to one type). */
export function DatasetFlow({ type, filter, matching, datasets, active, onSave, onSwitch, onClose }: Props) {
  const { ts } = useEngine();
  const [form, setForm] = useState<SaveFormState>({ ...EMPTY_SAVE_FORM, type });
  const [saved, setSaved] = useState<DatasetReport | null>(null);
  const change = (patch: Partial<SaveFormState>) => setForm((f) => ({ ...f, ...patch }));
  const names = (datasets ?? []).map((d) => d.name);
  const evals = (datasets ?? []).filter((d) => d.type === 'eval');
  // The eval to exclude: the one chosen while it exists, else the newest eval dataset.
  const newestEval = evals.reduce<Dataset | null>((a, d) => (a && a.created_at >= d.created_at ? a : d), null);
  const exclude = evals.some((d) => d.name === form.exclude) ? form.exclude : (newestEval?.name ?? '');
  const current = { ...form, exclude };
  const training = type === 'training';

  const probe = buildPreviewRequest(current, filter, names);
  const needsEval = training && evals.length === 0;
  const previewRequest = active && ts && datasets && !needsEval && probe.request ? probe.request : null;
  const preview = useDatasetPreview(previewRequest);

  const typed = form.name.trim();
  const taken = typed !== '' && names.includes(typed) ? `a dataset named '${typed}' already exists` : null;
  const engineNameError = preview.error?.details.field === 'name' ? preview.error.message : null;
  const nameError = taken ?? engineNameError;
  const optionsError = needsEval ? null : (probe.error ?? null);

  let waiting: string | null = null;
  if (needsEval) waiting = 'A training dataset leaves out an eval dataset: save an eval dataset first.';
  else if (optionsError) waiting = 'Fix the options above to see the preview.';
  else if (engineNameError) waiting = 'Fix the name above to see the preview.';
  else if (!ts || !datasets) waiting = 'Waiting for the engine…';

  const save = useAction(async (request: DatasetRequest) => {
    const report = await onSave(request);
    setSaved(report);
    change({ name: '' });
  });
  const blocked = isBlocked(preview.error);
  let reason: string | null = null;
  if (needsEval) reason = 'Save an eval dataset first.';
  else if (typed === '') reason = 'Give the dataset a name.';
  else if (nameError) reason = 'Choose another name.';
  else if (optionsError) reason = optionsError;
  else if (blocked) reason = 'Blocked: every candidate overlaps the eval dataset (100%); widen the filter.';
  else if (preview.status === 'loading' || preview.status === 'idle') reason = 'Waiting for the preview…';
  else if (preview.status === 'error') reason = 'The preview was refused; see step 3.';

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (reason !== null) return;
    const built = buildDatasetRequest(current, filter);
    if (built.error !== undefined) save.fail(built.error);
    else void save.run(built.request);
  };

  return (
    <form class={styles.flow} aria-label={TITLES[type]} data-testid="dataset-flow" data-type={type} onSubmit={onSubmit}>
      <div class={styles.flowHead}>
        <h3>{TITLES[type]}</h3>
        <span class="muted">
          {training
            ? 'Rows to fine-tune on, kept apart from an eval dataset by the leakage checks.'
            : 'A fixed sample of completed spans to evaluate against.'}
        </span>
        <button type="button" class="button subtle" onClick={onClose} aria-label={`Close ${TITLES[type]}`}>
          Close
        </button>
      </div>
      <div class={styles.flowSteps}>
        <div class={styles.flowColumn}>
          <section class={styles.flowStep} aria-labelledby={`step-slice-${type}`}>
            <h4 id={`step-slice-${type}`}>
              <span class={styles.stepNo}>1</span> The slice
            </h4>
            <p class={styles.flowSlice}>
              <span class="field-label">Inferences filter</span>{' '}
              {filter === '' ? (
                <span class="muted">none (every span)</span>
              ) : (
                <code data-testid="dataset-filter">{filter}</code>
              )}
            </p>
            <p class="muted">
              <span data-testid="dataset-matching" data-count={matching ?? ''}>
                {matching === null ? '…' : formatCount(matching)}
              </span>{' '}
              spans match; only completed ones become candidates.{' '}
              <a href="#/inferences" class={styles.flowLink}>
                Change filter
              </a>
            </p>
          </section>
          <section class={styles.flowStep} aria-labelledby={`step-options-${type}`}>
            <h4 id={`step-options-${type}`}>
              <span class={styles.stepNo}>2</span> Options
            </h4>
            <DatasetOptions
              form={current}
              onChange={change}
              evals={evals}
              exclude={exclude}
              nameError={nameError}
              optionsError={optionsError}
              disabled={!ts || save.busy}
            />
            {needsEval && (
              <p>
                <button type="button" class="button" onClick={() => onSwitch('eval')}>
                  New eval dataset
                </button>
              </p>
            )}
          </section>
        </div>
        <div class={styles.flowColumn}>
          <section class={styles.flowStep} aria-labelledby={`step-preview-${type}`}>
            <h4 id={`step-preview-${type}`}>
              <span class={styles.stepNo}>3</span> Preview
              <span class={`muted ${styles.stepNote}`}>
                {preview.status === 'loading' ? 'updating…' : 'nothing saved yet'}
              </span>
            </h4>
            <DatasetPreviewView type={type} preview={preview} waiting={waiting} />
          </section>
          <section class={styles.flowStep} aria-labelledby={`step-save-${type}`}>
            <h4 id={`step-save-${type}`}>
              <span class={styles.stepNo}>4</span> Save
            </h4>
            <div class={layout.actions}>
              <button
                type="submit"
                class="button primary"
                disabled={!ts || save.busy || reason !== null}
                aria-describedby={reason !== null ? `save-reason-${type}` : undefined}
              >
                {save.busy ? 'Saving…' : training ? 'Save training dataset' : 'Save eval dataset'}
              </button>
              {reason !== null && !save.busy && (
                <span class={`muted ${styles.saveReason}`} id={`save-reason-${type}`} data-testid="save-blocked-reason">
                  {reason}
                </span>
              )}
            </div>
            {save.error && (
              <p class="error-text" role="alert" data-testid="dataset-error">
                {save.error.message}
              </p>
            )}
            {saved && <DatasetReportView report={saved} onDismiss={() => setSaved(null)} />}
          </section>
        </div>
      </div>
    </form>
  );
}
