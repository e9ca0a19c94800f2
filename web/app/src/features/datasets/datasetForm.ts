// What the guided "New dataset" flows hold, the engine request they become (for the preview and
// for the save) and how an overlap is judged. Pure: no DOM, no state.
// The engine checks every field again; these checks only give a person a message before the call.
import { OVERLAP_WARNING_RATIO, type DatasetRequest, type LeakageChecks } from 'tracesift';

/** Overlap ratios above this get the engine's warning (docs/DATASETS.md); 1 is refused. */
export const OVERLAP_WARNING = OVERLAP_WARNING_RATIO;

/** The four leakage checks of a training dataset (docs/DATASETS.md), in the order they apply. */
export const LEAKAGE_CHECKS = ['same_span', 'same_input', 'same_group', 'near_duplicate'] as const;

/** One leakage check. */
export type LeakageCheck = (typeof LEAKAGE_CHECKS)[number];

/** How each check is offered to people. */
export const LEAKAGE_LABELS: Record<LeakageCheck, string> = {
  same_span: 'Same span',
  same_input: 'Same input',
  same_group: 'Same group (trace or session)',
  near_duplicate: 'Near-duplicate input',
};

/** The near-duplicate threshold the engine uses when none is given. */
export const DEFAULT_JACCARD = '0.8';

/** The form's fields, as typed. Empty strings mean "not given". */
export interface SaveFormState {
  type: 'eval' | 'training';
  name: string;
  limit: string;
  seed: string;
  /** Training: the eval dataset to exclude. */
  exclude: string;
  checks: Record<LeakageCheck, boolean>;
  jaccard: string;
}

/** A new form: an eval dataset, every check on, the default threshold. */
export const EMPTY_SAVE_FORM: SaveFormState = {
  type: 'eval',
  name: '',
  limit: '',
  seed: '',
  exclude: '',
  checks: { same_span: true, same_input: true, same_group: true, near_duplicate: true },
  jaccard: DEFAULT_JACCARD,
};

/** The request for the engine, or the message that says what to fix first. */
export type BuiltRequest = { request: DatasetRequest; error?: undefined } | { request?: undefined; error: string };

function wholeNumber(text: string, min: number): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isSafeInteger(value) && value >= min ? value : null;
}

/**
 * The save request for `form` over `filter` (the query text the filter bar composes; empty means
 * every span). Leakage settings are sent for training datasets only.
 */
export function buildDatasetRequest(form: SaveFormState, filter: string): BuiltRequest {
  const name = form.name.trim();
  if (name === '') return { error: 'Give the dataset a name.' };
  const request: DatasetRequest = { name, type: form.type };
  if (filter.trim() !== '') request.filter = filter;
  if (form.limit.trim() !== '') {
    const limit = wholeNumber(form.limit, 1);
    if (limit === null) return { error: 'The limit must be a whole number of rows, at least 1.' };
    request.limit = limit;
  }
  if (form.seed.trim() !== '') {
    const seed = wholeNumber(form.seed, 0);
    if (seed === null) return { error: 'The seed must be a whole number, 0 or more.' };
    request.seed = seed;
  }
  if (form.type === 'training') {
    if (form.exclude === '') return { error: 'Choose the eval dataset this training dataset must not overlap.' };
    request.exclude = form.exclude;
    const leakage: LeakageChecks = { ...form.checks };
    if (form.checks.near_duplicate) {
      const jaccard = Number(form.jaccard);
      if (form.jaccard.trim() === '' || !(jaccard > 0 && jaccard <= 1)) {
        return { error: 'The Jaccard threshold must be above 0 and at most 1.' };
      }
      leakage.jaccard = jaccard;
    }
    request.leakage = leakage;
  }
  return { request };
}

/**
 * The request the preview sends: the save's request, under the typed name when it is given and
 * free (so the engine checks it too), else under a free stand-in name (the counts do not depend on
 * the name).
 */
export function buildPreviewRequest(form: SaveFormState, filter: string, taken: readonly string[]): BuiltRequest {
  const typed = form.name.trim();
  let name = typed;
  if (typed === '' || taken.includes(typed)) {
    name = `preview-${form.type}`;
    for (let n = 2; taken.includes(name); n++) name = `preview-${form.type}-${n}`;
  }
  return buildDatasetRequest({ ...form, name }, filter);
}

/** How an overlap with the eval dataset looks: fine, warned about (above 25%), or refused (100%). */
export function overlapLevel(ratio: number): 'ok' | 'warn' | 'blocked' {
  if (ratio >= 1) return 'blocked';
  return ratio > OVERLAP_WARNING ? 'warn' : 'ok';
}
