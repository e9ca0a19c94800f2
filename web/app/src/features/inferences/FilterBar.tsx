// The filter bar of the Inferences page: the query box, a dropdown per facet with counts, the time
// range (presets and custom times) and the minimum cost and tokens.
import type { Facets, FacetField } from 'tracesift';
import { FacetSelect } from './FacetSelect';
import { QueryBox } from './QueryBox';
import { TimeRangePicker } from './TimeRangePicker';
import { FACET_FIELDS, type FilterState } from './filterState';
import styles from './filters.module.css';

interface Props {
  state: FilterState;
  onChange: (state: FilterState) => void;
  /** Counts for the dropdowns, or null while unknown. */
  facets: Facets | null;
  /** The engine's parse error of the query, if any. */
  queryError: { message: string; position: number | null } | null;
  disabled?: boolean;
}

interface TextFieldProps {
  label: string;
  testId: string;
  type: 'number';
  value: string;
  onValue: (value: string) => void;
  step?: string;
  narrow?: boolean;
  disabled: boolean;
}

/** A labelled input; numbers are never negative. */
function TextField({ label, testId, type, value, onValue, step, narrow = false, disabled }: TextFieldProps) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        class={narrow ? styles.narrow : undefined}
        type={type}
        min="0"
        step={step}
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}

/** Every filter control; each change yields a new FilterState. */
export function FilterBar({ state, onChange, facets, queryError, disabled = false }: Props) {
  const set = (patch: Partial<FilterState>) => onChange({ ...state, ...patch });
  const pick = (field: FacetField, value: string) => set({ picks: { ...state.picks, [field]: value } });
  const field = (key: 'minCost' | 'minTokens') => ({
    disabled,
    onValue: (value: string) => set({ [key]: value }),
  });
  return (
    <section class={styles.filterBar} aria-label="Filters">
      <QueryBox value={state.query} onApply={(query) => set({ query })} error={queryError} disabled={disabled} />
      {FACET_FIELDS.map((field) => (
        <FacetSelect
          key={field}
          field={field}
          values={facets ? facets.facets[field] : null}
          value={state.picks[field]}
          onChange={(v) => pick(field, v)}
          disabled={disabled}
        />
      ))}
      <TimeRangePicker state={state} onChange={set} disabled={disabled} />
      <TextField
        label="Min cost $"
        testId="filter-min-cost"
        type="number"
        step="any"
        narrow
        value={state.minCost}
        {...field('minCost')}
      />
      <TextField
        label="Min tokens"
        testId="filter-min-tokens"
        type="number"
        step="1"
        narrow
        value={state.minTokens}
        {...field('minTokens')}
      />
      {facets?.ranges.started_at && (
        <span class="muted" data-testid="time-range">
          data from {facets.ranges.started_at.min.slice(0, 10)} to {facets.ranges.started_at.max.slice(0, 10)}
        </span>
      )}
    </section>
  );
}
