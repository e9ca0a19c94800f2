// A queue's progress: a bar of completed items over all, and the counts by state and outcome.
import type { ReviewProgress } from 'tracesift';
import { formatCount } from '../../common/format';
import { cx } from '../../common/cx';
import styles from './review.module.css';

interface Props {
  progress: ReviewProgress;
  /** A compact version for the queue table. */
  compact?: boolean;
}

/** The bar and the counts (each with `data-stat` for the tests). */
export function ProgressCounts({ progress, compact = false }: Props) {
  const completed = progress.approved + progress.rejected;
  const percent = progress.total === 0 ? 0 : Math.round((100 * completed) / progress.total);
  const stat = (name: string, value: number, label: string) => (
    <span data-stat={name} data-value={value}>
      <strong>{formatCount(value)}</strong> {label}
    </span>
  );
  return (
    <div class={cx(styles.progress, compact && styles.compact)}>
      <progress
        max={Math.max(progress.total, 1)}
        value={completed}
        aria-label={`${formatCount(completed)} of ${formatCount(progress.total)} items reviewed`}
      />
      <span class={styles.stats}>
        {stat('pending', progress.pending, 'pending')}
        {stat('claimed', progress.claimed, 'claimed')}
        {stat('completed', completed, 'completed')}
        <span class="muted">
          ({stat('approved', progress.approved, 'approved')}, {stat('rejected', progress.rejected, 'rejected')})
        </span>
        {!compact && <span class="muted">{percent}% done</span>}
      </span>
    </div>
  );
}
