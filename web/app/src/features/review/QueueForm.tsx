// Creating a review queue: its name and the golden collection approvals go to (an existing
// collection or a new name, created by the engine), with the engine's errors under their field.
import { useState } from 'preact/hooks';
import { TraceSiftError, type Dataset, type ReviewQueueInput } from 'tracesift';
import layout from '../../common/layout.module.css';
import styles from './review.module.css';

interface Props {
  /** Datasets, to suggest the collections. */
  datasets: Dataset[];
  /** Creates the queue; rejects with the engine's error. */
  onCreate: (queue: ReviewQueueInput) => Promise<void>;
  disabled?: boolean;
}

/** The form; cleared after a queue is created. */
export function QueueForm({ datasets, onCreate, disabled = false }: Props) {
  const [name, setName] = useState('');
  const [golden, setGolden] = useState('golden');
  const [error, setError] = useState<{ field: 'name' | 'golden' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (name.trim() === '') return setError({ field: 'name', message: 'Give the queue a name.' });
    if (golden.trim() === '') return setError({ field: 'golden', message: 'Name the golden dataset approvals go to.' });
    setBusy(true);
    setError(null);
    try {
      await onCreate({ name: name.trim(), golden: golden.trim() });
      setName('');
    } catch (caught) {
      const err = TraceSiftError.from(caught);
      const field = err.details.field === 'name' || err.details.field === 'golden' ? err.details.field : 'form';
      setError({ field, message: err.message });
    } finally {
      setBusy(false);
    }
  };
  const message = (field: 'name' | 'golden' | 'form') =>
    error?.field === field && (
      <p class="error-text" role="alert" id={`queue-error-${field}`} data-testid={`queue-error-${field}`}>
        {error.message}
      </p>
    );
  const collections = datasets.filter((d) => d.type === 'collection');
  return (
    <form class={styles.form} aria-label="Create a review queue" onSubmit={submit}>
      <h3>New queue</h3>
      <label class={styles.field}>
        <span class="field-label">Queue name</span>
        <input
          type="text"
          value={name}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error?.field === 'name'}
          aria-describedby={error?.field === 'name' ? 'queue-error-name' : undefined}
          onInput={(e) => {
            setName((e.currentTarget as HTMLInputElement).value);
            setError(null);
          }}
        />
      </label>
      {message('name')}
      <label class={styles.field}>
        <span class="field-label">Golden dataset</span>
        <input
          type="text"
          list="golden-suggestions"
          value={golden}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error?.field === 'golden'}
          aria-describedby={error?.field === 'golden' ? 'queue-error-golden' : 'golden-help'}
          onInput={(e) => {
            setGolden((e.currentTarget as HTMLInputElement).value);
            setError(null);
          }}
        />
      </label>
      <datalist id="golden-suggestions">
        {collections.map((d) => (
          <option key={d.name} value={d.name} />
        ))}
      </datalist>
      <p class={`muted ${styles.small}`} id="golden-help">
        A collection approved items are copied into; a new name is created.
      </p>
      {message('golden')}
      <div class={layout.actions}>
        <button type="submit" class="button primary" disabled={disabled || busy}>
          Create queue
        </button>
        {message('form')}
      </div>
    </form>
  );
}
