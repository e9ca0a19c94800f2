// The filter the Inferences page applies: the query text a person typed, plus the choices of the
// facet dropdowns and range inputs, combined into one query string for the engine.
import type { FacetField } from 'tracesift';

/** The facet dropdowns, in the order they are shown. */
export const FACET_FIELDS: readonly FacetField[] = ['environment', 'task', 'provider', 'model', 'status', 'kind'];

/** Labels of the facet dropdowns. */
export const FACET_LABELS: Record<FacetField, string> = {
  environment: 'Environment',
  task: 'Task',
  provider: 'Provider',
  model: 'Model',
  status: 'Status',
  kind: 'Kind',
};

/** The relative time ranges the time picker offers, as the query language writes them. */
export const TIME_PRESETS = ['1h', '24h', '7d', '30d'] as const;
/** One relative time range: spans started within that long before now. */
export type TimePreset = (typeof TIME_PRESETS)[number];

/** What the filter bar holds. Empty strings mean "no condition". */
export interface FilterState {
  /** The query language text typed by the person. */
  query: string;
  /** The value chosen in each facet dropdown ('' = any). */
  picks: Record<FacetField, string>;
  /** A relative time range ("last 24h"): a preset of TIME_PRESETS, '' for none. */
  preset: TimePreset | '';
  /** `datetime-local` values (local time), '' when open: the custom range, used without a preset. */
  since: string;
  until: string;
  /** Lower bounds typed in the range inputs. */
  minCost: string;
  minTokens: string;
}

/** A filter bar with no conditions. */
export const EMPTY_FILTER: FilterState = {
  query: '',
  picks: { environment: '', task: '', provider: '', model: '', status: '', kind: '' },
  preset: '',
  since: '',
  until: '',
  minCost: '',
  minTokens: '',
};

/** A value quoted for the query language (`"..."`, with `\"` and `\\` escaped). */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A `datetime-local` value as RFC 3339 UTC, or null when empty or not a time. */
export function localToRfc3339(local: string): string | null {
  if (local === '') return null;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/**
 * The engine's query string for the state: the typed query first (so parse error positions point
 * into it), then one term per dropdown and range input. A time preset is relative (`since:24h`):
 * the engine resolves it against its clock on every query, so "last 24h" stays the last 24 hours.
 */
export function composeQuery(state: FilterState): string {
  const terms: string[] = [];
  const typed = state.query.trim() === '' ? '' : state.query;
  if (typed !== '') terms.push(typed);
  for (const field of FACET_FIELDS) {
    const pick = state.picks[field];
    if (pick !== '') terms.push(`${field}:${quoteValue(pick)}`);
  }
  const since = localToRfc3339(state.since);
  const until = localToRfc3339(state.until);
  if (state.preset !== '') terms.push(`since:${state.preset}`);
  else {
    if (since) terms.push(`since:${since}`);
    if (until) terms.push(`until:${until}`);
  }
  if (state.minCost.trim() !== '') terms.push(`cost>=${state.minCost.trim()}`);
  if (state.minTokens.trim() !== '') terms.push(`tokens>=${state.minTokens.trim()}`);
  return terms.join(' ');
}

/** True when the state has any condition. */
export function hasConditions(state: FilterState): boolean {
  return composeQuery(state) !== '';
}
