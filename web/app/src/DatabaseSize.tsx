// The header's database size: asked again whenever the data changes and while an import runs.
import { useEffect, useState } from 'preact/hooks';
import type { TraceSift } from 'tracesift';
import { formatBytes } from './format';

interface Props {
  ts: TraceSift | null;
  /** Changes after each import, save or open. */
  dataVersion: number;
  /** True while an import runs: the size is polled every 2 s. */
  busy: boolean;
}

/** "DB 12.3 MB", or nothing until the engine is open. */
export function DatabaseSize({ ts, dataVersion, busy }: Props) {
  const [bytes, setBytes] = useState<number | null>(null);
  useEffect(() => {
    if (!ts) return;
    let current = true;
    const ask = () =>
      ts.databaseSize().then(
        (s) => current && setBytes(s.bytes),
        () => undefined, // a closed engine: keep the last size
      );
    void ask();
    const timer = busy ? setInterval(ask, 2000) : undefined;
    return () => {
      current = false;
      if (timer) clearInterval(timer);
    };
  }, [ts, dataVersion, busy]);
  if (bytes === null) return null;
  return (
    <span class="db-size" data-testid="db-size" title="Size of the database file">
      DB {formatBytes(bytes)}
    </span>
  );
}
