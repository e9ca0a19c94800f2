// Step 3 of the "New dataset" flows: what saving would give, from the engine's dry run — the
// candidates, the rows saved, for training the spans each leakage check leaves out and the overlap
// with the eval dataset (warned about above 25%, refused at 100%), and the engine's warnings.
import type { DatasetReport, TraceSiftError } from 'tracesift';
import { LEAKAGE_CHECKS, LEAKAGE_LABELS, OVERLAP_WARNING, overlapLevel } from './datasetForm';
import { formatCount, formatPercent } from '../../common/format';
import type { DatasetPreview } from './useDatasetPreview';
import { cx } from '../../common/cx';
import styles from './datasets.module.css';

/** The colour of an overlap level (under the warning, over it, 100%). */
const LEVELS = { ok: styles.isOk, warn: styles.isWarn, blocked: styles.isBlocked };

interface Props {
  type: 'eval' | 'training';
  preview: DatasetPreview;
  /** Why nothing is asked yet (a form problem, no eval dataset), or null. */
  waiting: string | null;
}

/** Whether the engine refused the request because every candidate overlaps the eval dataset. */
export function isBlocked(error: TraceSiftError | null): boolean {
  return error?.code === 'conflict' && error.details.field === 'exclude';
}

function Stat({ name, n, label }: { name: string; n: number; label: string }) {
  return (
    <div class={styles.previewStat} data-stat={name}>
      <strong>{formatCount(n)}</strong> <span>{label}</span>
    </div>
  );
}

function Counts({ report }: { report: DatasetReport }) {
  const level = overlapLevel(report.overlap_ratio);
  const training = report.type === 'training';
  return (
    <>
      <div class={styles.previewStats}>
        <Stat name="candidates" n={report.candidates} label="candidates" />
        {training && <Stat name="excluded" n={report.excluded.total} label="excluded" />}
        <Stat name="rows" n={report.rows} label="rows would be saved" />
        {training && (
          <div class={cx(styles.previewStat, styles.overlap, LEVELS[level])} data-stat="overlap">
            <strong>{formatPercent(report.overlap_ratio)}</strong> <span>overlap</span>
          </div>
        )}
      </div>
      {training && (
        <div class={styles.overlapMeter} aria-hidden="true">
          <div
            class={cx(styles.overlapFill, LEVELS[level])}
            style={{ width: `${Math.min(100, report.overlap_ratio * 100)}%` }}
          />
          <div class={styles.overlapMark} style={{ left: `${OVERLAP_WARNING * 100}%` }} />
        </div>
      )}
      {training && (
        <ul class={styles.exclusions} aria-label="Excluded by check">
          {LEAKAGE_CHECKS.map((check) => (
            <li key={check} data-excluded={check}>
              <strong>{formatCount(report.excluded[check])}</strong> {LEAKAGE_LABELS[check].toLowerCase()}
            </li>
          ))}
        </ul>
      )}
      {report.rows < report.candidates - report.excluded.total && (
        <p class="muted">
          The limit keeps {formatCount(report.rows)} of {formatCount(report.candidates - report.excluded.total)}{' '}
          eligible spans, picked by the seed.
        </p>
      )}
    </>
  );
}

/** The preview step's body. */
export function DatasetPreviewView({ type, preview, waiting }: Props) {
  const { status, report, error } = preview;
  const blocked = isBlocked(error);
  const level = blocked ? 'blocked' : report && status === 'ready' ? overlapLevel(report.overlap_ratio) : 'none';
  const state = waiting !== null ? 'idle' : blocked ? 'blocked' : status;
  return (
    <div
      class={styles.preview}
      data-testid="dataset-preview"
      data-state={state}
      data-level={level}
      aria-busy={status === 'loading'}
      aria-live="polite"
    >
      {waiting !== null && <p class="muted">{waiting}</p>}
      {waiting === null && status === 'loading' && !report && <p class="muted">Counting…</p>}
      {waiting === null && report && (status === 'ready' || status === 'loading') && <Counts report={report} />}
      {waiting === null && status === 'ready' && report && report.warnings.length > 0 && (
        <ul class={styles.previewWarnings} role="alert">
          {report.warnings.map((w) => (
            <li key={w} class="warn" data-testid="preview-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      {waiting === null && status === 'ready' && type === 'training' && report && level === 'ok' && (
        <p class="muted">
          Overlap at or under {formatPercent(OVERLAP_WARNING)}: the slice is well apart from the eval dataset.
        </p>
      )}
      {waiting === null && blocked && (
        <div class={styles.previewBlocked} role="alert">
          <div class={cx(styles.previewStat, styles.overlap, styles.isBlocked)} data-stat="overlap">
            <strong>100%</strong> <span>overlap</span>
          </div>
          <p class="error-text" data-testid="preview-error">
            {error!.message}
          </p>
        </div>
      )}
      {waiting === null && status === 'error' && !blocked && (
        <p class="error-text" role="alert" data-testid="preview-error">
          {error!.message}
        </p>
      )}
    </div>
  );
}
