// The files of the latest import batch, one row each with its status (queued, importing, done,
// failed, cancelled), size and counts, and a line counting the files in each status.
import type { FileStatus, ImportEntry } from './useImporter';
import { formatBytes, formatCount } from '../../common/format';
import styles from './import.module.css';
import { Badge } from '../../common/Badge';

/** The statuses in the order the summary names them. */
const STATUSES: FileStatus[] = ['importing', 'queued', 'done', 'failed', 'cancelled'];

interface Props {
  entries: ImportEntry[];
}

/** What a row says after its status badge. */
function detail(entry: ImportEntry): string {
  const { report, error, status, dropped } = entry;
  if (status === 'queued') return 'waiting';
  if (status === 'importing') return 'reading…';
  if (dropped) return 'not imported (was queued when the batch was cancelled)';
  if (status === 'failed') return error?.message ?? 'failed';
  if (!report) return error?.message ?? '';
  const parts = [`${formatCount(report.imported)} imported`];
  if (report.updated > 0) parts.push(`${formatCount(report.updated)} updated`);
  if (report.error_count > 0)
    parts.push(`${formatCount(report.error_count)} ${report.error_count === 1 ? 'error' : 'errors'}`);
  if (status === 'cancelled') parts.push('cancelled; committed spans kept');
  return parts.join(' · ');
}

/** The per-file list. */
export function ImportFileList({ entries }: Props) {
  const counts = STATUSES.map((s) => [s, entries.filter((e) => e.status === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return (
    <section class={styles.files} aria-label="Files of this import">
      <p class={styles.filesCounts} data-testid="import-file-counts">
        {formatCount(entries.length)} {entries.length === 1 ? 'file' : 'files'}:{' '}
        {counts.map(([s, n], i) => (
          <span key={s} data-count={s}>
            {i > 0 && ' · '}
            {formatCount(n)} {s}
          </span>
        ))}
      </p>
      <ul class={styles.fileList}>
        {entries.map((e) => (
          <li key={e.key} class={styles.file} data-testid="import-file" data-status={e.status}>
            <Badge value={e.status} />
            <span class={styles.fileName} title={e.fileName} data-cell="file">
              {e.fileName}
            </span>
            <span class="muted">{formatBytes(e.size)}</span>
            <span class={e.status === 'failed' ? 'error-text' : 'muted'}>{detail(e)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
