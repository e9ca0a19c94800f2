// Editing an item's output as JSON: a text area (Ctrl+Enter saves, Esc cancels); text that is not
// JSON is refused inline before the engine is asked, and the engine's refusal (not a message list)
// is shown the same way.
import { useEffect, useRef, useState } from 'preact/hooks';
import layout from '../../common/layout.module.css';
import styles from './review.module.css';

interface Props {
  /** The output the edit starts from. */
  initial: unknown;
  /** Saves the parsed output; resolves to false when the engine refused it (its error shown by the caller). */
  onSave: (output: unknown) => Promise<boolean>;
  onCancel: () => void;
  /** The engine's refusal of the last save, if any. */
  engineError: string | null;
  busy: boolean;
}

/** The editor; it takes the focus when it opens. */
export function OutputEditor({ initial, onSave, onCancel, engineError, busy }: Props) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  // The engine's refusal belongs to the text that was saved: hidden once the text changes.
  const [showEngineError, setShowEngineError] = useState(true);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setParseError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}. Nothing was saved.`);
      return;
    }
    setParseError(null);
    setShowEngineError(true);
    await onSave(parsed);
  };
  const error = parseError ?? (showEngineError ? engineError : null);
  return (
    <form
      class={styles.outputEditor}
      aria-label="Edit the output"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label class={styles.outputEditorLabel} for="output-editor-text">
        Edited output (JSON messages)
      </label>
      <textarea
        id="output-editor-text"
        ref={area}
        data-testid="output-editor"
        value={text}
        rows={12}
        spellcheck={false}
        aria-invalid={error !== null}
        aria-describedby={error ? 'output-editor-error' : 'output-editor-help'}
        onInput={(e) => {
          setText((e.currentTarget as HTMLTextAreaElement).value);
          setParseError(null);
          setShowEngineError(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      {error && (
        <p class="error-text" role="alert" id="output-editor-error" data-testid="output-editor-error">
          {error}
        </p>
      )}
      <div class={layout.actions}>
        <button type="submit" class="button primary" disabled={busy}>
          Save edit
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
        <span class={`muted ${styles.small}`} id="output-editor-help">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels. The original output is kept.
        </span>
      </div>
    </form>
  );
}
