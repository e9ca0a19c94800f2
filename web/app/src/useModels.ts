// The model names offered by the model filter, collected from the spans after every import.
//
// Design note: until the engine offers facets, this reads up to MODEL_SCAN_LIMIT spans once per
// import and keeps their distinct models; models only present in older spans may be missing.
// Spans carry their full input and output, so the scan is done in pages: the worker answers one
// request at a time, and a page query (a filter change) then waits for one scan page, not for all.
import { useEffect, useState } from 'preact/hooks';
import type { TraceSift } from 'tracesift';

/** How many spans are read to find model names. */
export const MODEL_SCAN_LIMIT = 10_000;
/** Spans per scan request. */
const SCAN_PAGE = 500;

/** Distinct model names, sorted; empty until the first scan finishes or when it fails. */
export function useModels(ts: TraceSift | null, dataVersion: number): string[] {
  const [models, setModels] = useState<string[]>([]);

  useEffect(() => {
    if (!ts) return;
    let current = true;
    (async () => {
      const names = new Set<string>();
      for (let offset = 0; offset < MODEL_SCAN_LIMIT && current; offset += SCAN_PAGE) {
        const spans = await ts.spans({}, { limit: Math.min(SCAN_PAGE, MODEL_SCAN_LIMIT - offset), offset });
        for (const s of spans) if (s.model !== null) names.add(s.model);
        if (spans.length < SCAN_PAGE) break;
      }
      if (current) setModels([...names].sort((a, b) => a.localeCompare(b)));
    })().catch(() => undefined); // The filter still offers "All models"; the span list reports query errors.
    return () => {
      current = false;
    };
  }, [ts, dataVersion]);

  return models;
}
