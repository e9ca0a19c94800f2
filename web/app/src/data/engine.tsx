// The connection every part of the app reads through: the open engine (null until it is ready)
// and, per topic, a version that a change bumps, so a change re-reads only what it touched.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import type { TraceSift } from 'tracesift';

/** What the engine holds, as the reads depend on it. */
export type Topic = 'spans' | 'datasets' | 'rules' | 'review';

/** Every topic: what an import or an opened database changes. */
export const ALL_TOPICS: readonly Topic[] = ['spans', 'datasets', 'rules', 'review'];

/** The connection as components see it. */
export interface EngineConnection {
  /** The open engine, or null while it starts. */
  ts: TraceSift | null;
  /** A number per topic that changes whenever what the topic covers changed. */
  versions: Readonly<Record<Topic, number>>;
  /** Marks `topics` changed: every read that depends on one of them runs again. */
  invalidate: (...topics: Topic[]) => void;
}

const EngineContext = createContext<EngineConnection | null>(null);

/** The connection, for a component under EngineProvider. */
export function useEngine(): EngineConnection {
  const connection = useContext(EngineContext);
  if (!connection) throw new Error('useEngine: the component is not under an EngineProvider');
  return connection;
}

/** The topic versions and their invalidation, held by the component that provides the connection. */
export function useTopicVersions(): Pick<EngineConnection, 'versions' | 'invalidate'> {
  const [versions, setVersions] = useState<Record<Topic, number>>({ spans: 0, datasets: 0, rules: 0, review: 0 });
  const invalidate = useCallback((...topics: Topic[]) => {
    setVersions((v) => {
      const next = { ...v };
      for (const t of topics) next[t] += 1;
      return next;
    });
  }, []);
  return { versions, invalidate };
}

/** Provides the connection to `children`. */
export function EngineProvider({ value, children }: { value: EngineConnection; children: ComponentChildren }) {
  const { ts, versions, invalidate } = value;
  const memo = useMemo(() => ({ ts, versions, invalidate }), [ts, versions, invalidate]);
  return <EngineContext.Provider value={memo}>{children}</EngineContext.Provider>;
}
