// The one way the app reads from the engine: a read named by a key runs again when the key
// changes, when a topic it depends on is invalidated, or on reload(); only the answer to the latest
// run is kept (older answers are dropped), and a failure is kept to show, never thrown.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type TraceSift } from 'tracesift';
import { useEngine, type Topic } from './engine';

/** How a read runs. */
export interface ReadOptions {
  /** The topics whose change makes the read run again. */
  topics: readonly Topic[];
  /** False: the read does not run (the last answer stays). Default true. */
  enabled?: boolean;
  /** Quiet time after the key last changed before the read runs (typing), in ms. Default 0. */
  delayMs?: number;
}

/** What a read last answered. */
export interface EngineRead<T> {
  /** The latest answer, or null before the first one (a failure keeps the last answer). */
  data: T | null;
  /** The failure of the latest run, or null when it answered. */
  error: TraceSiftError | null;
  /** The key (as JSON) that `data` or `error` answers, or null before the first answer. */
  answered: string | null;
  /** True while the answer to the current key (or to a reload) is awaited. */
  loading: boolean;
  /** Runs the read again. */
  reload: () => void;
}

interface Answer<T> {
  data: T | null;
  error: TraceSiftError | null;
  answered: string | null;
  /** The run whose answer is awaited, or 0. */
  awaiting: number;
}

/**
 * Reads `read(ts)` for `key` (any JSON value). `read` null: nothing to read (data is null); the
 * latest `read` given is the one called.
 */
export function useEngineRead<T>(
  key: unknown,
  read: ((ts: TraceSift) => Promise<T>) | null,
  options: ReadOptions,
): EngineRead<T> {
  const { ts, versions } = useEngine();
  const [answer, setAnswer] = useState<Answer<T>>({ data: null, error: null, answered: null, awaiting: 0 });
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  const readNow = useRef(read);
  readNow.current = read;
  const reload = useCallback(() => setReloads((r) => r + 1), []);

  const keyText = JSON.stringify(key) ?? 'null';
  const topicVersions = options.topics.map((t) => versions[t]).join(',');
  const enabled = options.enabled !== false && ts !== null && read !== null;
  const delayMs = options.delayMs ?? 0;

  useEffect(() => {
    if (!enabled || !ts) return;
    const run = ++latest.current;
    const start = () => {
      const reading = readNow.current;
      if (!reading || run !== latest.current) return;
      setAnswer((a) => ({ ...a, awaiting: run }));
      reading(ts).then(
        (data) => {
          if (run === latest.current) setAnswer({ data, error: null, answered: keyText, awaiting: 0 });
        },
        (e: unknown) => {
          if (run === latest.current) {
            setAnswer((a) => ({ data: a.data, error: TraceSiftError.from(e), answered: keyText, awaiting: 0 }));
          }
        },
      );
    };
    if (delayMs <= 0) {
      start();
      return;
    }
    const timer = setTimeout(start, delayMs);
    return () => clearTimeout(timer);
  }, [enabled, ts, keyText, topicVersions, reloads, delayMs]);

  if (read === null) return { data: null, error: null, answered: null, loading: false, reload };
  return {
    data: answer.data,
    error: answer.error,
    answered: answer.answered,
    loading: enabled && (answer.answered !== keyText || answer.awaiting !== 0),
    reload,
  };
}
