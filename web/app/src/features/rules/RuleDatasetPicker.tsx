// Which dataset's rules are shown: a choice of the datasets (collections first; eval and training
// snapshots listed apart, since the engine refuses rules for them) and a form creating a new
// collection, with the engine's error beside it.
import { useState } from 'preact/hooks';
import type { Dataset } from 'tracesift';
import { formatCount } from '../../common/format';
import { useAction } from '../../common/useAction';
import layout from '../../common/layout.module.css';
import styles from './rules.module.css';

interface Props {
  /** null while the first answer is awaited. */
  datasets: Dataset[] | null;
  selected: string | null;
  onSelect: (name: string) => void;
  /** Creates a collection (and selects it); rejects with the engine's error. */
  onCreate: (name: string) => Promise<void>;
  disabled?: boolean;
}

/** The dataset choice and the new collection form. */
export function RuleDatasetPicker({ datasets, selected, onSelect, onCreate, disabled = false }: Props) {
  const [name, setName] = useState('');
  const create = useAction(async (n: string) => {
    await onCreate(n);
    setName('');
  });
  const collections = (datasets ?? []).filter((d) => d.type === 'collection');
  const snapshots = (datasets ?? []).filter((d) => d.type !== 'collection');
  const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;
  const label = (d: Dataset) => `${d.name} (${plural(d.rows, 'row')}, ${plural(d.rules, 'rule')})`;
  return (
    <div class={styles.picker}>
      <label class="field">
        <span class="field-label">Dataset</span>
        <select
          data-testid="rules-dataset"
          value={selected ?? ''}
          disabled={disabled || datasets === null}
          onChange={(e) => onSelect((e.currentTarget as HTMLSelectElement).value)}
        >
          {selected === null && <option value="">{datasets?.length ? 'Choose a dataset…' : 'No datasets yet'}</option>}
          {collections.length > 0 && (
            <optgroup label="Collections">
              {collections.map((d) => (
                <option key={d.name} value={d.name}>
                  {label(d)}
                </option>
              ))}
            </optgroup>
          )}
          {snapshots.length > 0 && (
            <optgroup label="Eval and training snapshots (rules cannot feed them)">
              {snapshots.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name} ({d.type})
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <form
        class={layout.formRow}
        aria-label="Create a collection"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() === '') create.fail('Give the new collection a name.');
          else void create.run(name.trim());
        }}
      >
        <label class="field">
          <span class="field-label">New collection</span>
          <input
            type="text"
            value={name}
            spellcheck={false}
            autocomplete="off"
            placeholder="name"
            aria-invalid={create.error !== null}
            aria-describedby={create.error ? 'collection-error' : undefined}
            onInput={(e) => {
              setName((e.currentTarget as HTMLInputElement).value);
              create.clear();
            }}
          />
        </label>
        <button type="submit" class="button" disabled={disabled || create.busy}>
          Create collection
        </button>
        {create.error && (
          <p class="error-text" role="alert" id="collection-error" data-testid="collection-error">
            {create.error.message}
          </p>
        )}
      </form>
    </div>
  );
}
