// One engine read (a list, a page of rows) that runs again when its inputs change or on demand;
// answers older than the latest are dropped, failures are kept to show inline (never thrown).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError } from 'tracesift';

/** What a read last answered. */
export interface EngineQuery<T> {
  /** The latest answer, or null before the first one (or when the read is off). */
  data: T | null;
  error: TraceSiftError | null;
  /** Reads again. */
  reload: () => void;
}

/**
 * Runs `read` whenever one of `deps` changes or `reload()` is called; `read` returning null means
 * nothing to read now (data becomes null). The latest `read` given is the one called.
 */
export function useEngineQuery<T>(read: () => Promise<T> | null, deps: unknown[]): EngineQuery<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<TraceSiftError | null>(null);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const query = ++latest.current;
    const pending = read();
    if (pending === null) {
      setData(null);
      setError(null);
      return;
    }
    pending.then(
      (answer) => {
        if (query !== latest.current) return;
        setData(answer);
        setError(null);
      },
      (e: unknown) => {
        if (query === latest.current) setError(TraceSiftError.from(e));
      },
    );
  }, [...deps, version]);

  return { data, error, reload };
}
