// The way in for files: a drop zone (lit up while files are dragged over the page; the drop itself
// is caught page-wide by useFileDrop) with a file picker for one or more files.
import { useId } from 'preact/hooks';
import { IMPORT_FORMATS, type ImportFormat } from 'tracesift';
import styles from './import.module.css';

/** How each import format is offered to people. */
const FORMAT_LABELS: Record<ImportFormat, string> = {
  auto: 'Detect format',
  native: 'tracesift JSONL',
  otlp: 'OTLP JSON',
  openinference: 'OpenInference (OTLP)',
  'otel-python': 'OpenTelemetry Python / Phoenix span JSON',
  langfuse: 'Langfuse export',
  'openai-chat': 'OpenAI chat JSONL',
  'request-response': 'Request/response JSONL',
};

interface Props {
  /** False until the engine is open. */
  enabled: boolean;
  /** Files are being dragged over the page. */
  dragging: boolean;
  onFiles: (files: File[]) => void;
  /** The format files are read as ("auto" detects it from the first record). */
  format: ImportFormat;
  onFormat: (format: ImportFormat) => void;
}

/** The drop zone and the "choose files" button. */
export function ImportPanel({ enabled, dragging, onFiles, format, onFormat }: Props) {
  const inputId = useId();
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // Clearing the value lets the same file be chosen again later.
    input.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <div class={styles.dropZone} data-testid="drop-zone" data-dragging={dragging} aria-disabled={!enabled}>
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
      <select
        aria-label="Import format"
        value={format}
        disabled={!enabled}
        onChange={(e) => onFormat((e.currentTarget as HTMLSelectElement).value as ImportFormat)}
        data-testid="import-format"
      >
        {IMPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
      <span class={styles.dropHint}>
        {dragging ? 'Drop to import' : 'Drop trace files here (or anywhere on the page; .gz too), or pick them:'}
      </span>
    </div>
  );
}
