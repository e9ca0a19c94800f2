// The progress of the file being imported: a bar of bytes read, spans read, throughput, the time
// left (from the smoothed byte rate; "—" until measured) and Cancel.
import type { RunningImport } from './useImporter';
import { formatEta } from './eta';
import { formatBytes, formatCount, formatRate } from '../../common/format';
import styles from './import.module.css';

interface Props {
  running: RunningImport;
  /** Files of the batch still waiting behind this one. */
  queued: number;
  onCancel: () => void;
}

/** Progress bar and counters of the running import. */
export function ImportProgress({ running, queued, onCancel }: Props) {
  const { fileName, index, total, totalBytes, progress, startedAt, bytesPerSecond, etaSeconds } = running;
  const bytes = progress?.bytes ?? 0;
  const read = progress?.read ?? 0;
  const seconds = (performance.now() - startedAt) / 1000;
  const percent = totalBytes > 0 ? Math.min(100, Math.floor((100 * bytes) / totalBytes)) : 0;
  const cancelLabel = queued > 0 ? `Cancel (this file and ${queued} queued)` : 'Cancel';
  return (
    <section class={styles.progress} aria-label="Import progress">
      <div class={styles.progressHead}>
        <span class={styles.fileName} title={fileName}>
          Importing {fileName}
        </span>
        {total > 1 && (
          <span class="muted">
            file {index} of {total}
          </span>
        )}
        <strong class={styles.percent}>{percent}%</strong>
        <button type="button" class="button" onClick={onCancel} title="Stops this file; spans already committed stay">
          {cancelLabel}
        </button>
      </div>
      <progress
        data-testid="import-progress"
        max={Math.max(totalBytes, 1)}
        value={Math.min(bytes, totalBytes)}
        aria-label={`Imported ${formatBytes(bytes)} of ${formatBytes(totalBytes)}`}
      />
      <div class={`${styles.progressStats} muted`}>
        <span data-progress="bytes">
          {formatBytes(bytes)} of {formatBytes(totalBytes)}
        </span>
        <span data-progress="spans">{formatCount(read)} spans read</span>
        {progress && progress.errors > 0 && <span class="warn">{formatCount(progress.errors)} errors</span>}
        <span data-progress="byte-rate">
          {bytesPerSecond === null
            ? formatRate(bytes, seconds, 'bytes')
            : `${formatBytes(Math.round(bytesPerSecond))}/s`}
        </span>
        <span data-progress="span-rate">{formatRate(read, seconds, 'spans')}</span>
        <span>
          ETA{' '}
          <strong data-testid="import-eta" data-known={etaSeconds !== null ? 'true' : 'false'}>
            {formatEta(etaSeconds)}
          </strong>
        </span>
      </div>
    </section>
  );
}
