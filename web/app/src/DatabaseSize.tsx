// The header's database size: read again whenever anything stored changes and, while an import
// runs, every 2 s.
import { useEffect } from 'preact/hooks';
import { ALL_TOPICS } from './data/engine';
import { useEngineRead } from './data/useEngineRead';
import { formatBytes } from './common/format';
import styles from './shell.module.css';

interface Props {
  /** True while an import runs: the size is polled every 2 s. */
  busy: boolean;
}

/** "DB 12.3 MB", or nothing until the engine is open. */
export function DatabaseSize({ busy }: Props) {
  // A failure (a closed engine) keeps the last size.
  const { data, reload } = useEngineRead('database size', (ts) => ts.databaseSize(), { topics: ALL_TOPICS });
  useEffect(() => {
    if (!busy) return;
    reload();
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [busy, reload]);
  if (data === null) return null;
  return (
    <span class={styles.dbSize} data-testid="db-size" title="Size of the database file">
      DB {formatBytes(data.bytes)}
    </span>
  );
}
