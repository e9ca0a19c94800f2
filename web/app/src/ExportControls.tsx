// Exporting the selected dataset: a format, the Export button, progress in rows with Cancel while
// it runs, and the files it downloaded (or why it stopped).
import { useState } from 'preact/hooks';
import type { ExportFormat, TraceSift } from 'tracesift';
import { formatBytes, formatCount } from './format';
import { useExport } from './useExport';

/** The export formats (docs/EXPORT.md) as offered to people. */
const FORMAT_LABELS: Record<ExportFormat, string> = {
  jsonl: 'JSONL (datapoints)',
  'openai-chat': 'OpenAI chat fine-tuning JSONL',
  csv: 'CSV',
  hf: 'Hugging Face folder (splits, card, recipe)',
};

const FORMATS = Object.keys(FORMAT_LABELS) as ExportFormat[];

interface Props {
  ts: TraceSift | null;
  dataset: string;
  /** The dataset's rows, the progress bar's end. */
  rows: number;
}

/** The export controls of one dataset (mount with `key={dataset}`: state belongs to it). */
export function ExportControls({ ts, dataset, rows }: Props) {
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const { running, outcome, start, cancel } = useExport(ts, dataset);
  return (
    <section class="export-controls" aria-label="Export">
      <div class="form-row">
        <label class="field">
          <span class="field-label">Export format</span>
          <select
            value={format}
            disabled={running !== null}
            onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ExportFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button primary" disabled={!ts || running !== null} onClick={() => start(format)}>
          Export
        </button>
        {running && (
          <button type="button" class="button" onClick={cancel}>
            Cancel export
          </button>
        )}
      </div>
      {running && (
        <div class="export-progress" data-testid="export-progress">
          <progress
            max={Math.max(rows, running.rows, 1)}
            value={running.rows}
            aria-label={`Exported ${formatCount(running.rows)} of ${formatCount(rows)} rows`}
          />
          <span class="muted">
            {formatCount(running.rows)} rows written
            {running.rejected > 0 && `, ${formatCount(running.rejected)} rejected`}
            {running.file && ` · ${running.file}`}
          </span>
        </div>
      )}
      {!running && outcome && (
        <div class="export-outcome" data-testid="export-outcome" data-outcome={outcome.kind} role="status">
          {outcome.kind === 'done' && (
            <>
              <p>
                Exported <strong data-testid="export-rows">{formatCount(outcome.rows)}</strong> rows as {outcome.format}
                {outcome.rejected > 0 && (
                  <span class="warn">
                    {' '}
                    · {formatCount(outcome.rejected)} rows could not be converted (reasons in the recipe file)
                  </span>
                )}
                ; downloaded:
              </p>
              <ul class="export-files">
                {outcome.files.map((f) => (
                  <li key={f.name} data-testid="export-file">
                    <code>{f.name}</code> <span class="muted">{formatBytes(f.bytes)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {outcome.kind === 'cancelled' && <p class="muted">Export cancelled; nothing was downloaded.</p>}
          {outcome.kind === 'failed' && <p class="error-text">The export failed: {outcome.error.message}</p>}
        </div>
      )}
    </section>
  );
}
