// The live preview of a rule being written: what it would capture from the stored spans
// (previewRule / previewRuleUpdate), asked 250 ms after the last keystroke; the engine's refusal
// of the draft is kept to show under its field.
import type { RuleInput, RulePatch, RulePreview, TraceSiftError } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';

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

/** Previews `draft` (null: nothing to preview), again when the spans or the rules change. */
export function useRulePreview(draft: PreviewDraft | null): RulePreviewState {
  const read = useEngineRead(
    draft,
    draft === null
      ? null
      : (ts) => ('input' in draft ? ts.previewRule(draft.input) : ts.previewRuleUpdate(draft.id, draft.patch)),
    { topics: ['spans', 'rules'], delayMs: PREVIEW_DELAY_MS },
  );
  const key = draft === null ? null : JSON.stringify(draft);
  return {
    preview: read.error ? null : read.data,
    error: read.error,
    answered: read.answered,
    pending: key !== null && read.answered !== key,
  };
}
