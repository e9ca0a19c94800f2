// The model filter: "All models" or one of the models seen in the database.
interface Props {
  models: string[];
  /** The selected model, or null for all. */
  value: string | null;
  onChange: (model: string | null) => void;
  disabled?: boolean;
}

/** A labelled <select> of models. */
export function ModelFilter({ models, value, onChange, disabled = false }: Props) {
  // Keep a selected model listed even if the options have not caught up with it yet.
  const options = value !== null && !models.includes(value) ? [value, ...models] : models;
  return (
    <label class="field">
      <span class="field-label">Model</span>
      <select
        data-testid="model-filter"
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          onChange(v === '' ? null : v);
        }}
      >
        <option value="">All models</option>
        {options.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </label>
  );
}
