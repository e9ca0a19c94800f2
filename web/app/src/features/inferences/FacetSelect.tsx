// One facet dropdown: "Any" or one of the values with its count under the other conditions.
import type { FacetField, FacetValue } from 'tracesift';
import { formatCount } from '../../common/format';
import { FACET_LABELS } from './filterState';

interface Props {
  field: FacetField;
  /** Values with counts, or null while unknown. */
  values: FacetValue[] | null;
  /** The chosen value, '' for any. */
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}

/** A labelled <select> of a facet's values with counts. */
export function FacetSelect({ field, values, value, onChange, disabled = false }: Props) {
  const known = values ?? [];
  // Keep the chosen value listed even when the counts have not caught up with it.
  const options = value !== '' && !known.some((v) => v.value === value) ? [{ value, count: 0 }, ...known] : known;
  return (
    <label class="field">
      <span class="field-label">{FACET_LABELS[field]}</span>
      <select
        data-testid={`facet-${field}`}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">Any</option>
        {options.map((v) =>
          v.value === null ? (
            // Spans without a value cannot be chosen (the filter language matches values), but their
            // count is shown so the numbers add up.
            <option key="(none)" value="(none)" disabled>
              (none) · {formatCount(v.count)}
            </option>
          ) : (
            <option key={v.value} value={v.value}>
              {v.value} · {formatCount(v.count)}
            </option>
          ),
        )}
      </select>
    </label>
  );
}
