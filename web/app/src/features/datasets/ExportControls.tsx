// Exporting the selected dataset: one button per export format, progress in rows with Cancel while
// an export runs, and the files it downloaded (or why it stopped).
import type { ExportFormat } from 'tracesift';
import { useEngine } from '../../data/engine';
import { ExportReportView } from './ExportReportView';
import { formatBytes, formatCount } from '../../common/format';
import { useExport } from './useExport';
import { cx } from '../../common/cx';
import styles from './datasets.module.css';

/** The export formats (docs/EXPORT.md): the button's name and what it saves. A Record, so that a
 * format added to `ExportFormat` fails the type check until it has a button. */
const FORMAT_LABELS: Record<ExportFormat, { name: string; what: string }> = {
  jsonl: { name: 'JSONL', what: 'datapoints, one a line, and the recipe' },
  'openai-chat': { name: 'OpenAI chat', what: 'fine-tuning JSONL (messages), and the recipe' },
  csv: { name: 'CSV', what: 'one record per row, and the recipe' },
  hf: { name: 'Hugging Face', what: 'splits, dataset card and recipe' },
};

/** Every export format, in the order the buttons show them. */
export const EXPORT_FORMATS = Object.keys(FORMAT_LABELS) as ExportFormat[];

interface Props {
  dataset: string;
  /** The dataset's rows, the progress bar's end. */
  rows: number;
}

/** The export controls of one dataset (mount with `key={dataset}`: state belongs to it). */
export function ExportControls({ dataset, rows }: Props) {
  const { ts } = useEngine();
  const { running, outcome, start, cancel } = useExport(ts, dataset);
  return (
    <section class={styles.exportControls} aria-label="Export">
      <div class={styles.exportButtons} role="group" aria-label="Export formats">
        <span class="field-label">Export</span>
        {EXPORT_FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            class={cx('button', running?.format === f && 'is-pressed')}
            data-format={f}
            title={FORMAT_LABELS[f].what}
            aria-label={`Export as ${FORMAT_LABELS[f].name}: ${FORMAT_LABELS[f].what}`}
            disabled={!ts || running !== null}
            onClick={() => start(f)}
          >
            {FORMAT_LABELS[f].name}
          </button>
        ))}
        {running && (
          <button type="button" class="button" onClick={cancel}>
            Cancel export
          </button>
        )}
      </div>
      {running && (
        <div class={styles.exportProgress} data-testid="export-progress">
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
        <div
          class={styles.exportOutcome}
          data-testid="export-outcome"
          data-outcome={outcome.kind}
          data-format={outcome.format}
          role="status"
        >
          {outcome.kind === 'done' && (
            <>
              <p>
                Exported <strong data-testid="export-rows">{formatCount(outcome.rows)}</strong> rows as{' '}
                {FORMAT_LABELS[outcome.format].name}; downloaded:
              </p>
              <ul class={styles.exportFiles}>
                {outcome.files.map((f) => (
                  <li key={f.name} data-testid="export-file">
                    <code>{f.name}</code> <span class="muted">{formatBytes(f.bytes)}</span>
                  </li>
                ))}
              </ul>
              {outcome.report instanceof Error ? (
                <p class="error-text" data-testid="export-report-error">
                  The recipe file could not be read ({outcome.report.message}); it lists what the export left out.
                </p>
              ) : (
                <ExportReportView report={outcome.report} />
              )}
            </>
          )}
          {outcome.kind === 'cancelled' && <p class="muted">Export cancelled; nothing was downloaded.</p>}
          {outcome.kind === 'failed' && <p class="error-text">The export failed: {outcome.error.message}</p>}
        </div>
      )}
    </section>
  );
}
