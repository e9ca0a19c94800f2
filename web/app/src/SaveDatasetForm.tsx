// The "Save dataset" form: an eval or training dataset from the Inferences filter, with a name,
// an optional limit and seed, and for training the eval dataset to exclude and the leakage checks.
// The engine's errors (name taken, empty slice, 100% overlap, ...) are shown beside the button.
import { useState } from 'preact/hooks';
import type { Dataset, DatasetRequest } from 'tracesift';
import {
  EMPTY_SAVE_FORM,
  LEAKAGE_CHECKS,
  LEAKAGE_LABELS,
  buildDatasetRequest,
  type LeakageCheck,
  type SaveFormState,
} from './datasetForm';
import { formatCount } from './format';
import { useAction } from './useAction';

interface Props {
  /** The query text of the Inferences filter ('' = every span). */
  filter: string;
  /** Spans (of any status) matching that filter, or null while unknown. */
  matching: number | null;
  /** The eval datasets a training dataset can exclude. */
  evals: Dataset[];
  /** Saves the dataset; rejects with the engine's error. */
  onSave: (request: DatasetRequest) => Promise<void>;
  disabled?: boolean;
}

interface NumberFieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  placeholder?: string;
  min?: string;
  max?: string;
  step?: string;
  disabled?: boolean;
}

/** A labelled number input. */
function NumberField({ label, value, onValue, ...rest }: NumberFieldProps) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        class="narrow"
        type="number"
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        {...rest}
      />
    </label>
  );
}

/** The form; after a save succeeds the name is cleared, the other choices stay. */
export function SaveDatasetForm({ filter, matching, evals, onSave, disabled = false }: Props) {
  const [form, setForm] = useState<SaveFormState>(EMPTY_SAVE_FORM);
  const set = (patch: Partial<SaveFormState>) => setForm((f) => ({ ...f, ...patch }));
  const setCheck = (check: LeakageCheck, on: boolean) =>
    setForm((f) => ({ ...f, checks: { ...f.checks, [check]: on } }));
  // The eval to exclude: the one chosen while it exists, else the newest eval dataset.
  const newestEval = evals.reduce<Dataset | null>((a, d) => (a && a.created_at >= d.created_at ? a : d), null);
  const exclude = evals.some((d) => d.dataset === form.exclude) ? form.exclude : (newestEval?.dataset ?? '');
  const save = useAction(async (request: DatasetRequest) => {
    await onSave(request);
    set({ name: '' });
  });

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const built = buildDatasetRequest({ ...form, exclude }, filter);
    if (built.error !== undefined) save.fail(built.error);
    else void save.run(built.request);
  };
  const training = form.type === 'training';
  const off = disabled || save.busy;
  return (
    <form class="save-dataset" aria-label="Save a dataset" onSubmit={onSubmit}>
      <h3>Save the current filter as a dataset</h3>
      <p class="filter-summary">
        <span class="field-label">Filter</span>{' '}
        {filter === '' ? (
          <span class="muted">none (every span)</span>
        ) : (
          <code data-testid="dataset-filter">{filter}</code>
        )}
        {matching !== null && (
          <span class="muted"> · {formatCount(matching)} spans match; only completed ones enter</span>
        )}
      </p>
      <fieldset class="type-choice">
        <legend class="field-label">Type</legend>
        {(['eval', 'training'] as const).map((type) => (
          <label key={type} class="field">
            <input
              type="radio"
              name="dataset-type"
              value={type}
              checked={form.type === type}
              onChange={() => set({ type })}
            />
            {type === 'eval' ? 'Eval' : 'Training'}
          </label>
        ))}
      </fieldset>
      <div class="form-row">
        <label class="field">
          <span class="field-label">Dataset name</span>
          <input
            type="text"
            value={form.name}
            spellcheck={false}
            autocomplete="off"
            onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <NumberField
          label="Limit"
          value={form.limit}
          onValue={(limit) => set({ limit })}
          placeholder={training ? '1,000,000' : '10,000'}
          min="1"
          step="1"
        />
        <NumberField
          label="Seed"
          value={form.seed}
          onValue={(seed) => set({ seed })}
          placeholder="0"
          min="0"
          step="1"
        />
      </div>
      {training && (
        <div class="form-row">
          <label class="field">
            <span class="field-label">Exclude eval dataset</span>
            <select value={exclude} onChange={(e) => set({ exclude: (e.currentTarget as HTMLSelectElement).value })}>
              {evals.length === 0 && <option value="">no eval dataset yet</option>}
              {evals.map((d) => (
                <option key={d.dataset} value={d.dataset}>
                  {d.dataset} ({formatCount(d.rows)} rows)
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {training && (
        <fieldset class="leakage">
          <legend class="field-label">Leakage checks</legend>
          {LEAKAGE_CHECKS.map((check) => (
            <label key={check} class="field">
              <input
                type="checkbox"
                checked={form.checks[check]}
                onChange={(e) => setCheck(check, (e.currentTarget as HTMLInputElement).checked)}
              />
              {LEAKAGE_LABELS[check]}
            </label>
          ))}
          <NumberField
            label="Jaccard threshold"
            value={form.jaccard}
            onValue={(jaccard) => set({ jaccard })}
            min="0.01"
            max="1"
            step="0.01"
            disabled={!form.checks.near_duplicate}
          />
        </fieldset>
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={off}>
          {save.busy ? 'Saving…' : training ? 'Save training dataset' : 'Save eval dataset'}
        </button>
        {save.error && (
          <p class="error-text" role="alert" data-testid="dataset-error">
            {save.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
