// Who is reviewing: asked once (the name is kept in this browser), shown afterwards with Change.
import { useState } from 'preact/hooks';
import layout from '../../common/layout.module.css';
import styles from './review.module.css';

interface Props {
  name: string;
  onName: (name: string) => void;
}

/** The name form when there is no name yet (or while changing it), else "Reviewing as NAME". */
export function ReviewerName({ name, onName }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  if (name !== '' && !editing) {
    return (
      <div class={styles.reviewer} data-testid="reviewer">
        <span class="muted">Reviewing as</span> <strong data-testid="reviewer-name">{name}</strong>
        <button
          type="button"
          class="button subtle"
          onClick={() => {
            setDraft(name);
            setEditing(true);
          }}
        >
          Change
        </button>
      </div>
    );
  }
  return (
    <form
      class={`${styles.reviewer} ${layout.formRow}`}
      aria-label="Reviewer name"
      onSubmit={(e) => {
        e.preventDefault();
        const next = draft.trim();
        if (next === '') return setError('Give your name: items you claim and judge are recorded under it.');
        if (/[\u0000-\u001f\u007f]/.test(next)) return setError('The name cannot hold control characters.');
        setError(null);
        setEditing(false);
        onName(next);
      }}
    >
      <label class="field">
        <span class="field-label">Your reviewer name</span>
        <input
          type="text"
          value={draft}
          maxLength={200}
          autocomplete="name"
          spellcheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? 'reviewer-error' : undefined}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="button primary">
        Save name
      </button>
      {editing && (
        <button type="button" class="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      )}
      {error && (
        <p class="error-text" role="alert" id="reviewer-error">
          {error}
        </p>
      )}
    </form>
  );
}
