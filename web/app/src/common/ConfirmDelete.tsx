// The confirm step of every Delete… in the app: the question, "Yes, delete" and "Keep it", and the
// engine's message when the deletion failed.
import type { ComponentChildren } from 'preact';
import type { Action } from './useAction';
import layout from './layout.module.css';

interface Props {
  /** The group's accessible name (e.g. "Confirm the deletion"). */
  label: string;
  /** The question: what goes and what stays. */
  children: ComponentChildren;
  /** The deletion (run by "Yes, delete"). */
  remove: Action<[]>;
  /** "Keep it": leaves the confirm step. */
  onKeep: () => void;
}

/** "Delete X? … [Yes, delete] [Keep it]". */
export function ConfirmDelete({ label, children, remove, onKeep }: Props) {
  return (
    <div class={layout.formRow} role="group" aria-label={label}>
      <span>{children}</span>
      <button type="button" class="button danger" disabled={remove.busy} onClick={() => void remove.run()}>
        Yes, delete
      </button>
      <button type="button" class="button" disabled={remove.busy} onClick={onKeep}>
        Keep it
      </button>
      {remove.error && (
        <p class="error-text" role="alert">
          {remove.error.message}
        </p>
      )}
    </div>
  );
}
