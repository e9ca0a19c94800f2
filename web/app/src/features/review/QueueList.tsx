// The review queues: name (selects it), golden dataset, progress counts, and Delete with a confirm
// step (the golden dataset stays).
import { useState } from 'preact/hooks';
import { ConfirmDelete } from '../../common/ConfirmDelete';
import type { ReviewQueue } from 'tracesift';
import { formatCount } from '../../common/format';
import { useAction } from '../../common/useAction';
import { ProgressCounts } from './ProgressCounts';
import styles from './review.module.css';

interface Props {
  /** null while the first answer is awaited. */
  queues: ReviewQueue[] | null;
  selected: string | null;
  onSelect: (queue: string) => void;
  /** Deletes a queue; rejects with the engine's error. */
  onDelete: (queue: string) => Promise<void>;
}

/** Delete…, then "Yes, delete" / "Keep it". */
function DeleteQueue({ queue, onDelete }: { queue: ReviewQueue; onDelete: Props['onDelete'] }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(() => onDelete(queue.name));
  if (!confirming) {
    return (
      <button
        type="button"
        class="button subtle"
        aria-label={`Delete queue ${queue.name}`}
        onClick={() => setConfirming(true)}
      >
        Delete…
      </button>
    );
  }
  return (
    <ConfirmDelete label={`Confirm deleting queue ${queue.name}`} remove={remove} onKeep={() => setConfirming(false)}>
      Delete <strong>{queue.name}</strong> and its {formatCount(queue.progress.total)} items? The golden dataset{' '}
      {queue.golden} stays.
    </ConfirmDelete>
  );
}

/** The queue list, or a line saying there is none. */
export function QueueList({ queues, selected, onSelect, onDelete }: Props) {
  if (queues === null) return <p class="muted">Loading the queues…</p>;
  if (queues.length === 0) {
    return (
      <p class="muted" data-testid="queue-list-empty">
        No review queues yet.
      </p>
    );
  }
  return (
    <ul class={styles.queueList} data-testid="queue-list" aria-label="Review queues">
      {queues.map((q) => {
        const isSelected = q.name === selected;
        return (
          <li
            key={q.name}
            data-testid="queue-row"
            data-queue={q.name}
            class={isSelected ? styles.isSelected : undefined}
          >
            <div class={styles.queueRowHead}>
              <button
                type="button"
                class={`link-button ${styles.queueName}`}
                aria-current={isSelected ? 'true' : undefined}
                title={q.name}
                onClick={() => onSelect(q.name)}
              >
                {q.name}
              </button>
              <span class={`muted ${styles.queueGolden}`} title={`Approvals go to ${q.golden}`}>
                → {q.golden}
              </span>
              <DeleteQueue queue={q} onDelete={onDelete} />
            </div>
            <ProgressCounts progress={q.progress} compact />
          </li>
        );
      })}
    </ul>
  );
}
