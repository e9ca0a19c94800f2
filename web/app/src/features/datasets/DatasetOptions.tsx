// Step 2 of the "New dataset" flows: the name, limit and seed; for a training dataset the eval
// dataset to exclude, the four leakage checks and the Jaccard threshold. Problems with a field are
// shown under it.
import { useId } from 'preact/hooks';
import type { Dataset } from 'tracesift';
import { LEAKAGE_CHECKS, LEAKAGE_LABELS, type LeakageCheck, type SaveFormState } from './datasetForm';
import { formatCount } from '../../common/format';
import styles from './datasets.module.css';

interface Props {
  form: SaveFormState;
  onChange: (patch: Partial<SaveFormState>) => void;
  /** The eval datasets a training dataset can exclude. */
  evals: Dataset[];
  /** The eval dataset chosen (the newest one until another is picked), or "" when none exists. */
  exclude: string;
  /** What is wrong with the name (taken, or the engine's refusal), or null. */
  nameError: string | null;
  /** What is wrong with the other options (limit, seed, threshold), or null. */
  optionsError: string | null;
  disabled: boolean;
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
  hint?: string;
}

/** A labelled number input with a hint under it. */
function NumberField({ label, value, onValue, hint, ...rest }: NumberFieldProps) {
  const hintId = useId();
  return (
    <label class={styles.flowField}>
      <span class="field-label">{label}</span>
      <input
        class={styles.narrow}
        type="number"
        value={value}
        aria-describedby={hint ? hintId : undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        {...rest}
      />
      {hint && (
        <span class={`${styles.flowHint} muted`} id={hintId}>
          {hint}
        </span>
      )}
    </label>
  );
}

/** The options of one flow. */
export function DatasetOptions({ form, onChange, evals, exclude, nameError, optionsError, disabled }: Props) {
  const nameErrorId = useId();
  const training = form.type === 'training';
  const setCheck = (check: LeakageCheck, on: boolean) => onChange({ checks: { ...form.checks, [check]: on } });
  return (
    <div class={styles.flowOptions}>
      <div class={styles.flowRow}>
        <label class={`${styles.flowField} ${styles.grow}`}>
          <span class="field-label">Dataset name</span>
          <input
            type="text"
            value={form.name}
            spellcheck={false}
            autocomplete="off"
            disabled={disabled}
            placeholder={training ? 'e.g. support-train' : 'e.g. support-eval'}
            aria-invalid={nameError ? 'true' : undefined}
            aria-describedby={nameError ? nameErrorId : undefined}
            onInput={(e) => onChange({ name: (e.currentTarget as HTMLInputElement).value })}
          />
          {nameError && (
            <span class="error-text" id={nameErrorId} role="alert" data-testid="name-error">
              {nameError}
            </span>
          )}
        </label>
        <NumberField
          label="Limit"
          value={form.limit}
          onValue={(limit) => onChange({ limit })}
          placeholder={training ? '1,000,000' : '10,000'}
          min="1"
          step="1"
          disabled={disabled}
          hint="rows at most"
        />
        <NumberField
          label="Seed"
          value={form.seed}
          onValue={(seed) => onChange({ seed })}
          placeholder="0"
          min="0"
          step="1"
          disabled={disabled}
          hint="same seed, same rows"
        />
      </div>
      {training && (
        <label class={styles.flowField}>
          <span class="field-label">Exclude eval dataset</span>
          <select
            value={exclude}
            disabled={disabled || evals.length === 0}
            onChange={(e) => onChange({ exclude: (e.currentTarget as HTMLSelectElement).value })}
          >
            {evals.length === 0 && <option value="">no eval dataset yet</option>}
            {evals.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({formatCount(d.rows)} rows)
              </option>
            ))}
          </select>
        </label>
      )}
      {training && (
        <fieldset class={styles.flowChecks} disabled={disabled}>
          <legend class="field-label">Leakage checks: leave out candidates that share with the eval dataset</legend>
          {LEAKAGE_CHECKS.map((check) => (
            <label key={check} class={styles.check}>
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
            onValue={(jaccard) => onChange({ jaccard })}
            min="0.01"
            max="1"
            step="0.01"
            disabled={disabled || !form.checks.near_duplicate}
            hint="word-shingle similarity counted as near-duplicate"
          />
        </fieldset>
      )}
      {optionsError && (
        <p class="error-text" role="alert" data-testid="options-error">
          {optionsError}
        </p>
      )}
    </div>
  );
}
