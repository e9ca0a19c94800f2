// The reports of the latest import batch: per file, the counts of the engine's report and its
// rejected lines (file:line, field, message); what Cancel did; and "Download error report", a CSV
// or JSONL file of every rejected line, saved through a blob: URL of the page's origin.
import { useState } from 'preact/hooks';
import { TraceSiftError } from 'tracesift';
import type { ImportEntry } from './useImporter';
import { ImportErrorTable } from './ImportErrorTable';
import { downloadFiles } from '../../common/download';
import { ERROR_REPORT_FORMATS, errorReportFile, type ErrorReportFormat } from './errorReport';
import { formatBytes, formatCount } from '../../common/format';
import layout from '../../common/layout.module.css';
import styles from './import.module.css';
import { Badge } from '../../common/Badge';

interface Props {
  /** The batch's finished files (queued and running ones are left out). */
  entries: ImportEntry[];
  onDismiss: () => void;
}

function Stat({ name, n, label = name }: { name: string; n: number; label?: string }) {
  return (
    <span data-stat={name}>
      <strong>{formatCount(n)}</strong> {label}
    </span>
  );
}

function FileReport({ entry }: { entry: ImportEntry }) {
  const { fileName, report, error, status, dropped } = entry;
  return (
    <li class={styles.fileReport} data-file={fileName} data-status={status}>
      <div class={styles.fileReportHead}>
        <span class={styles.fileName} title={fileName}>
          {fileName}
        </span>
        {report && <span class="muted">{report.format}</span>}
        {report && <span class="muted">{formatBytes(report.bytes)}</span>}
        <Badge value={status} />
      </div>
      {error && (
        <p class={status === 'cancelled' ? 'muted' : 'error-text'} role={status === 'failed' ? 'alert' : undefined}>
          {dropped
            ? error.message
            : status === 'cancelled'
              ? 'Cancelled: the spans committed before it stopped stay.'
              : error.message}
        </p>
      )}
      {report && (
        <div class={layout.stats}>
          <Stat name="read" n={report.read} />
          <Stat name="imported" n={report.imported} />
          <Stat name="updated" n={report.updated} />
          <Stat name="skipped" n={report.skipped} />
          <Stat name="errors" n={report.error_count} label={report.error_count === 1 ? 'error' : 'errors'} />
          {report.captured > 0 && <Stat name="captured" n={report.captured} />}
        </div>
      )}
      {report && report.errors.length > 0 && <ImportErrorTable report={report} />}
    </li>
  );
}

/** The reports of the latest batch, one per finished file. */
export function ImportReportView({ entries, onDismiss }: Props) {
  const [format, setFormat] = useState<ErrorReportFormat>('csv');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const errors = entries.reduce((n, e) => n + (e.report?.errors.length ?? 0), 0);
  const failed = entries.filter((e) => e.status === 'failed').length;
  const stopped = entries.find((e) => e.status === 'cancelled' && !e.dropped);
  const dropped = entries.filter((e) => e.dropped).length;
  const download = () => {
    setDownloadError(null);
    downloadFiles([errorReportFile(entries, format)]).catch((e: unknown) =>
      setDownloadError(TraceSiftError.from(e).message),
    );
  };
  return (
    <section class={styles.report} data-testid="import-report" aria-label="Import report">
      <div class={styles.reportHead}>
        <h2>Import report</h2>
        {(errors > 0 || failed > 0) && (
          <div class={styles.errorDownload} role="group" aria-label="Error report">
            <select
              aria-label="Error report format"
              value={format}
              onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ErrorReportFormat)}
            >
              {ERROR_REPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
            <button type="button" class="button" onClick={download}>
              Download error report
            </button>
          </div>
        )}
        <button type="button" class="button subtle" onClick={onDismiss} aria-label="Dismiss the import report">
          Dismiss
        </button>
      </div>
      {downloadError && (
        <p class="error-text" role="alert">
          The error report could not be saved: {downloadError}
        </p>
      )}
      {(stopped || dropped > 0) && (
        <p class={styles.cancelled} data-testid="import-cancelled" role="status">
          Import cancelled.
          {stopped &&
            ` ${stopped.fileName} stopped after ${formatCount(stopped.report?.imported ?? 0)} spans were committed; they stay.`}
          {dropped > 0 && ` ${formatCount(dropped)} queued ${dropped === 1 ? 'file was' : 'files were'} not imported.`}
        </p>
      )}
      <ul class={styles.fileReports}>
        {entries.map((e) => (
          <FileReport key={e.key} entry={e} />
        ))}
      </ul>
    </section>
  );
}
