// The outcome of the latest import batch: per file, the counts of the engine's report and the first
// rejected lines with their file and line number.
import type { ImportOutcome } from './useImporter';
import { formatBytes, formatCount } from './format';

/** How many rejected lines are listed per file. */
const SHOWN_ERRORS = 20;

interface Props {
  outcomes: ImportOutcome[];
  onDismiss: () => void;
}

function Stat({ name, n, label = name }: { name: string; n: number; label?: string }) {
  return (
    <span class="stat" data-stat={name}>
      <strong>{formatCount(n)}</strong> {label}
    </span>
  );
}

function FileReport({ outcome }: { outcome: ImportOutcome }) {
  const { fileName, report, error } = outcome;
  const cancelled = error?.code === 'aborted' || report?.cancelled;
  return (
    <li class="file-report">
      <div class="file-report-head">
        <span class="file-name" title={fileName}>
          {fileName}
        </span>
        {report && <span class="muted">{report.format}</span>}
        {report && <span class="muted">{formatBytes(report.bytes)}</span>}
        {cancelled && <span class="badge warn">cancelled</span>}
        {error && !cancelled && <span class="badge failed">failed</span>}
      </div>
      {error && <p class={cancelled ? 'muted' : 'error-text'}>{error.message}</p>}
      {report && (
        <div class="stats">
          <Stat name="read" n={report.read} />
          <Stat name="imported" n={report.imported} />
          <Stat name="updated" n={report.updated} />
          <Stat name="skipped" n={report.skipped} />
          <Stat name="errors" n={report.error_count} label={report.error_count === 1 ? 'error' : 'errors'} />
        </div>
      )}
      {report && report.errors.length > 0 && (
        <ul class="line-errors">
          {report.errors.slice(0, SHOWN_ERRORS).map((e) => (
            <li key={`${e.file}:${e.line}`} data-testid="import-error">
              <code>
                {e.file}:{e.line}
              </code>{' '}
              {e.message}
            </li>
          ))}
          {report.error_count > SHOWN_ERRORS && (
            <li class="muted">and {formatCount(report.error_count - SHOWN_ERRORS)} more</li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The reports of the latest batch, one per file. */
export function ImportReportView({ outcomes, onDismiss }: Props) {
  return (
    <section class="import-report" data-testid="import-report" aria-label="Import report">
      <div class="import-report-head">
        <h2>Import report</h2>
        <button type="button" class="button subtle" onClick={onDismiss} aria-label="Dismiss the import report">
          Dismiss
        </button>
      </div>
      <ul class="file-reports">
        {outcomes.map((o, i) => (
          <FileReport key={i} outcome={o} />
        ))}
      </ul>
    </section>
  );
}
