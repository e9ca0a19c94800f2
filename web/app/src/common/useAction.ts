// One asynchronous action of a form (save, rename, delete, ...): whether it is running, and the
// engine's message when it failed, to show next to the form instead of throwing.
import { useCallback, useRef, useState } from 'preact/hooks';
import { TraceSiftError } from 'tracesift';

/** The state of an action and the way to run it. */
export interface Action<A extends unknown[]> {
  /** Runs the action unless it is already running; resolves to true when it succeeded. */
  run: (...args: A) => Promise<boolean>;
  busy: boolean;
  /** The last failure, until the next run or `clear()`. */
  error: TraceSiftError | null;
  /** Forgets the last failure. */
  clear: () => void;
  /** Shows a failure found before calling the engine (a form check). */
  fail: (message: string) => void;
}

/** Wraps `action` (the latest one given is called) so that it never throws. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TraceSiftError | null>(null);
  // A ref, not the state: two clicks before the next render must not start two runs.
  const running = useRef(false);
  const run = async (...args: A) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action(...args);
      return true;
    } catch (e) {
      setError(TraceSiftError.from(e));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  const clear = useCallback(() => setError(null), []);
  const fail = useCallback((message: string) => setError(new TraceSiftError('invalid_argument', message)), []);
  return { run, busy, error, clear, fail };
}
