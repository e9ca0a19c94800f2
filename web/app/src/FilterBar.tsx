// The filter bar of the Inferences page: the query box, a dropdown per facet with counts, the time
// range and the minimum cost and tokens.
import type { Facets, FacetField } from 'tracesift';
import { FacetSelect } from './FacetSelect';
import { QueryBox } from './QueryBox';
import { FACET_FIELDS, type FilterState } from './filterState';

interface Props {
  state: FilterState;
  onChange: (state: FilterState) => void;
  /** Counts for the dropdowns, or null while unknown. */
  facets: Facets | null;
  /** The engine's parse error of the query, if any. */
  queryError: { message: string; position: number | null } | null;
  disabled?: boolean;
}

/** Every filter control; each change yields a new FilterState. */
export function FilterBar({ state, onChange, facets, queryError, disabled = false }: Props) {
  const set = (patch: Partial<FilterState>) => onChange({ ...state, ...patch });
  const pick = (field: FacetField, value: string) => set({ picks: { ...state.picks, [field]: value } });
  return (
    <section class="filter-bar" aria-label="Filters">
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
      <label class="field">
        <span class="field-label">Since</span>
        <input
          type="datetime-local"
          data-testid="filter-since"
          value={state.since}
          disabled={disabled}
          onChange={(e) => set({ since: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <label class="field">
        <span class="field-label">Until</span>
        <input
          type="datetime-local"
          data-testid="filter-until"
          value={state.until}
          disabled={disabled}
          onChange={(e) => set({ until: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <label class="field">
        <span class="field-label">Min cost $</span>
        <input
          class="narrow"
          type="number"
          min="0"
          step="any"
          inputMode="decimal"
          data-testid="filter-min-cost"
          value={state.minCost}
          disabled={disabled}
          onChange={(e) => set({ minCost: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <label class="field">
        <span class="field-label">Min tokens</span>
        <input
          class="narrow"
          type="number"
          min="0"
          step="1"
          inputMode="numeric"
          data-testid="filter-min-tokens"
          value={state.minTokens}
          disabled={disabled}
          onChange={(e) => set({ minTokens: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      {facets?.ranges.started_at && (
        <span class="muted" data-testid="time-range">
          data from {facets.ranges.started_at.min.slice(0, 10)} to {facets.ranges.started_at.max.slice(0, 10)}
        </span>
      )}
    </section>
  );
}
