// The capture rule form's state, what it becomes for the engine (a RuleInput for a new rule, a
// RulePatch of the changed fields for an edit), and which field an engine error belongs to. Pure.
import type { CaptureRule, RuleInput, RulePatch, TraceSiftError } from 'tracesift';

/** The form's fields as typed. */
export interface RuleFormState {
  name: string;
  /** Query text (docs/QUERY.md). */
  filter: string;
  /** Sample rate as typed, 0 to 1. */
  rate: string;
  /** Seed as typed; blank: the engine's (derived from the dataset and rule names). */
  seed: string;
}

/** A field of the form an error is shown under ("form": beside the buttons). */
export type RuleField = 'dataset' | 'name' | 'filter' | 'rate' | 'seed' | 'form';

/** An error shown under one field; `position` is the 1-based character of a query parse error. */
export interface FieldError {
  field: RuleField;
  message: string;
  position?: number | null;
}

/** A rule's filter as text: query text as stored, a filter object as its JSON. */
export function filterText(filter: CaptureRule['filter']): string {
  return typeof filter === 'string' ? filter : JSON.stringify(filter);
}

/** A new rule's form, starting from the Inferences filter. */
export function newRuleForm(filter: string): RuleFormState {
  return { name: '', filter, rate: '1', seed: '' };
}

/** The form of an existing rule. */
export function editRuleForm(rule: CaptureRule): RuleFormState {
  return { name: rule.name, filter: filterText(rule.filter), rate: String(rule.sample_rate), seed: String(rule.seed) };
}

/** The sample rate and seed as numbers, or the field error the form shows before asking the engine. */
function numbers(form: RuleFormState): { rate: number; seed: number | undefined } | FieldError {
  const rate = form.rate.trim() === '' ? NaN : Number(form.rate);
  if (!Number.isFinite(rate)) return { field: 'rate', message: 'Give a sample rate from 0 to 1 (1 keeps every span).' };
  const seedText = form.seed.trim();
  if (seedText === '') return { rate, seed: undefined };
  if (!/^\d+$/.test(seedText))
    return { field: 'seed', message: 'The seed is a whole number (blank: chosen by the engine).' };
  return { rate, seed: Number(seedText) };
}

/** The RuleInput of a new rule for `dataset`, or the error to show. */
export function buildRuleInput(dataset: string, form: RuleFormState): { input: RuleInput } | { error: FieldError } {
  const n = numbers(form);
  if ('field' in n) return { error: n };
  const input: RuleInput = { dataset, name: form.name.trim(), filter: form.filter.trim(), sample_rate: n.rate };
  if (n.seed !== undefined) input.seed = n.seed;
  return { input };
}

/** The fields of `rule` the form changes, or the error to show. */
export function buildRulePatch(rule: CaptureRule, form: RuleFormState): { patch: RulePatch } | { error: FieldError } {
  const n = numbers(form);
  if ('field' in n) return { error: n };
  const patch: RulePatch = {};
  if (form.name.trim() !== rule.name) patch.name = form.name.trim();
  if (form.filter.trim() !== filterText(rule.filter)) patch.filter = form.filter.trim();
  if (n.rate !== rule.sample_rate) patch.sample_rate = n.rate;
  if (n.seed !== undefined && n.seed !== rule.seed) patch.seed = n.seed;
  return { patch };
}

const FIELDS: Record<string, RuleField> = {
  dataset: 'dataset',
  name: 'name',
  filter: 'filter',
  sample_rate: 'rate',
  seed: 'seed',
};

/** The field an engine error belongs to: a query error to the filter (with its position). */
export function fieldErrorOf(error: TraceSiftError): FieldError {
  if (error.code === 'invalid_filter') {
    const position = typeof error.details.position === 'number' ? error.details.position : null;
    return { field: 'filter', message: error.message, position };
  }
  const field = typeof error.details.field === 'string' ? FIELDS[error.details.field] : undefined;
  return { field: field ?? 'form', message: error.message };
}
