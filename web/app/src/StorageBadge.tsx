// The header's storage indicator: where the database lives, and the notice when it is not saved.
import type { StorageInfo } from 'tracesift';
import { cx } from './common/cx';
import styles from './shell.module.css';

interface Props {
  /** Where the open database lives; null until it is open. */
  storage: StorageInfo | null;
}

/** "Saved in this browser", or "Not saved" with the reason on hover and in the notice line. */
export function StorageBadge({ storage }: Props) {
  if (!storage) return null;
  if (storage.persistent) {
    return (
      <span
        class={cx(styles.storageBadge, styles.saved)}
        data-testid="storage-badge"
        title="The database is kept in this browser's origin-private file system, across reloads and restarts."
      >
        Saved in this browser
      </span>
    );
  }
  return (
    <span class={cx(styles.storageBadge, styles.unsaved)} data-testid="storage-badge" title={storage.notice ?? ''}>
      In memory: nothing will be saved
    </span>
  );
}
