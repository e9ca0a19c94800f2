// The live preview of a rule being written: what it would capture from the stored spans
// (previewRule / previewRuleUpdate), asked 250 ms after the last keystroke; answers to an earlier
// draft are dropped, and the engine's refusal of the draft is kept to show under its field.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type RuleInput, type RulePatch, type RulePreview, type TraceSift } from 'tracesift';

/** Milliseconds of quiet typing before the preview is asked for. */
export const PREVIEW_DELAY_MS = 250;

/** The draft to preview: a new rule, or changes to rule `id`. */
export type PreviewDraft = { input: RuleInput } | { id: number; patch: RulePatch };

/** The preview of the latest draft. */
export interface RulePreviewState {
  /** The numbers for the draft `answered`, or null. */
  preview: RulePreview | null;
  /** The engine's refusal of the draft `answered`, or null. */
  error: TraceSiftError | null;
  /** The draft (as JSON) the preview or error belongs to; differs from the current one while waiting. */
  answered: string | null;
  /** True while the current draft's answer is awaited. */
  pending: boolean;
}

/** Previews `draft` (null: nothing to preview); `dataVersion` asks again after an import. */
export function useRulePreview(
  ts: TraceSift | null,
  draft: PreviewDraft | null,
  dataVersion: number,
): RulePreviewState {
  const [state, setState] = useState<Omit<RulePreviewState, 'pending'>>({ preview: null, error: null, answered: null });
  const latest = useRef(0);
  const key = draft === null ? null : JSON.stringify(draft);

  useEffect(() => {
    const query = ++latest.current;
    if (!ts || draft === null || key === null) return;
    const timer = setTimeout(() => {
      const asked = 'input' in draft ? ts.previewRule(draft.input) : ts.previewRuleUpdate(draft.id, draft.patch);
      asked.then(
        (preview) => {
          if (query === latest.current) setState({ preview, error: null, answered: key });
        },
        (e: unknown) => {
          if (query === latest.current) setState({ preview: null, error: TraceSiftError.from(e), answered: key });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ts, key, dataVersion]);

  return { ...state, pending: key !== null && state.answered !== key };
}
