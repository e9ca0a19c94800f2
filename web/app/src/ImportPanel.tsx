// The way in for files: a drop zone (lit up while files are dragged over the page; the drop itself
// is caught page-wide by useFileDrop) with a file picker for one or more files.
import { useId } from 'preact/hooks';

interface Props {
  /** False until the engine is open. */
  enabled: boolean;
  /** Files are being dragged over the page. */
  dragging: boolean;
  onFiles: (files: File[]) => void;
}

/** The drop zone and the "choose files" button. */
export function ImportPanel({ enabled, dragging, onFiles }: Props) {
  const inputId = useId();
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // Clearing the value lets the same file be chosen again later.
    input.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <div class={`drop-zone${dragging ? ' is-active' : ''}`} data-testid="drop-zone" aria-disabled={!enabled}>
      <input
        id={inputId}
        class="visually-hidden"
        type="file"
        multiple
        disabled={!enabled}
        onChange={onChange}
        data-testid="file-input"
      />
      <label for={inputId} class={`button primary${enabled ? '' : ' disabled'}`}>
        Import files…
      </label>
      <span class="drop-hint">{dragging ? 'Drop to import' : 'or drop trace files (JSONL) anywhere on the page'}</span>
    </div>
  );
}
