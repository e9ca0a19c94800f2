// The progress of the file being imported: a bar of bytes read, spans read, throughput, and Cancel.
import type { RunningImport } from './useImporter';
import { formatBytes, formatCount, formatRate } from './format';

interface Props {
  running: RunningImport;
  onCancel: () => void;
}

/** Progress bar and counters of the running import. */
export function ImportProgress({ running, onCancel }: Props) {
  const { fileName, index, total, totalBytes, progress, startedAt } = running;
  const bytes = progress?.bytes ?? 0;
  const read = progress?.read ?? 0;
  const seconds = (performance.now() - startedAt) / 1000;
  return (
    <section class="import-progress" aria-label="Import progress">
      <div class="import-progress-head">
        <span class="file-name" title={fileName}>
          Importing {fileName}
        </span>
        {total > 1 && (
          <span class="muted">
            file {index} of {total}
          </span>
        )}
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <progress
        data-testid="import-progress"
        max={Math.max(totalBytes, 1)}
        value={Math.min(bytes, totalBytes)}
        aria-label={`Imported ${formatBytes(bytes)} of ${formatBytes(totalBytes)}`}
      />
      <div class="import-progress-stats muted">
        <span>
          {formatBytes(bytes)} of {formatBytes(totalBytes)}
        </span>
        <span>{formatCount(read)} spans read</span>
        {progress && progress.errors > 0 && <span class="warn">{formatCount(progress.errors)} errors</span>}
        <span>{formatRate(bytes, seconds, 'bytes')}</span>
        <span>{formatRate(read, seconds, 'spans')}</span>
      </div>
    </section>
  );
}
