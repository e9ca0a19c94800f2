// The query box: the query language for people, with parse errors shown where they happened.
import { useEffect, useState } from 'preact/hooks';
import query from '../../common/query.module.css';
import styles from './filters.module.css';

interface Props {
  /** The applied query text. */
  value: string;
  /** Called with the new text when the person presses Enter or leaves the box. */
  onApply: (text: string) => void;
  /** The engine's parse error of the applied text: message and 1-based character, if any. */
  error: { message: string; position: number | null } | null;
  disabled?: boolean;
}

const PLACEHOLDER = 'model:gpt-4o cost>0.01 -status:failed name:"summarize" since:7d';

/** A text input applying on Enter, with an inline error pointing at the failing character. */
export function QueryBox({ value, onApply, error, disabled = false }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const apply = () => {
    if (draft !== value) onApply(draft);
  };
  // The position counts Unicode code points from 1; show the text up to it and a caret.
  const at = error?.position != null && error.position <= [...value].length + 1 ? error.position : null;
  return (
    <div class={styles.queryBox}>
      <label class={`field ${styles.queryField}`}>
        <span class="field-label">Query</span>
        <input
          type="search"
          class={styles.queryInput}
          data-testid="query-input"
          value={draft}
          placeholder={PLACEHOLDER}
          spellcheck={false}
          autocomplete="off"
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={error ? 'query-error' : undefined}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
            if (e.key === 'Escape') setDraft(value);
          }}
          onBlur={apply}
        />
      </label>
      {error && (
        <div class={query.error} id="query-error" role="alert" data-testid="query-error">
          {at !== null && (
            <pre class={query.caret} aria-hidden="true">
              {value}
              {'\n'}
              {' '.repeat(at - 1)}^
            </pre>
          )}
          <span>{error.message}</span>
        </div>
      )}
    </div>
  );
}
