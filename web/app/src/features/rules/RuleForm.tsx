// The add / edit form of a capture rule: name, filter (query text, starting from the Inferences
// filter), sample rate and seed, each with the engine's error under it (a query error points at
// its character), and the live preview "would match N of the stored spans, about M captured".
import { useState } from 'preact/hooks';
import { TraceSiftError, type CaptureRule } from 'tracesift';
import { formatCount } from '../../common/format';
import {
  buildRuleInput,
  buildRulePatch,
  editRuleForm,
  fieldErrorOf,
  newRuleForm,
  type FieldError,
  type RuleField,
  type RuleFormState,
} from './ruleForm';
import { useEngine } from '../../data/engine';
import { useRulePreview, type PreviewDraft } from './useRulePreview';
import { cx } from '../../common/cx';
import layout from '../../common/layout.module.css';
import query from '../../common/query.module.css';
import styles from './rules.module.css';

interface Props {
  /** The dataset the rule feeds. */
  dataset: string;
  /** The rule edited, or null for a new one. */
  rule: CaptureRule | null;
  /** The Inferences query text (a new rule starts from it). */
  inferencesFilter: string;
  /** Called with the rule as saved. */
  onSaved: (rule: CaptureRule) => void;
  onCancel: () => void;
}

/** The error under one field, if it is that field's. */
function FieldMessage({ error, field }: { error: FieldError | null; field: RuleField }) {
  if (!error || error.field !== field) return null;
  return (
    <p class="error-text" role="alert" id={`rule-error-${field}`} data-testid={`rule-error-${field}`}>
      {error.message}
    </p>
  );
}

/** The query text with a caret under the failing character (as the Inferences query box shows it). */
function QueryCaret({ text, position }: { text: string; position: number | null | undefined }) {
  if (position == null || position > [...text].length + 1) return null;
  return (
    <pre class={query.caret} aria-hidden="true" data-testid="rule-filter-caret">
      {text}
      {'\n'}
      {' '.repeat(position - 1)}^
    </pre>
  );
}

/** The form; mount it with a `key` per rule (its draft belongs to one rule). */
export function RuleForm({ dataset, rule, inferencesFilter, onSaved, onCancel }: Props) {
  const { ts } = useEngine();
  const [form, setForm] = useState<RuleFormState>(() => (rule ? editRuleForm(rule) : newRuleForm(inferencesFilter)));
  const [saveError, setSaveError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RuleFormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaveError(null);
  };

  const built = rule ? buildRulePatch(rule, form) : buildRuleInput(dataset, form);
  // A new rule is previewed once it has a name (its default seed follows from the name).
  let draft: PreviewDraft | null = null;
  if ('input' in built && built.input.name !== '') draft = { input: built.input };
  else if ('patch' in built && rule) draft = { id: rule.id, patch: built.patch };
  const preview = useRulePreview(draft);
  // A save's error first; else the form's own check; else the engine's refusal of this draft.
  const draftKey = draft === null ? null : JSON.stringify(draft);
  const previewError = preview.error && preview.answered === draftKey ? fieldErrorOf(preview.error) : null;
  const error = saveError ?? ('error' in built ? built.error : null) ?? previewError;

  const save = async (event: Event) => {
    event.preventDefault();
    if (!ts || busy) return;
    if ('error' in built) return setSaveError(built.error);
    if (!rule && form.name.trim() === '') return setSaveError({ field: 'name', message: 'Give the rule a name.' });
    setBusy(true);
    try {
      const saved =
        'input' in built
          ? await ts.addRule(built.input)
          : await ts.updateRule(rule!.id, 'patch' in built ? built.patch : {});
      onSaved(saved);
    } catch (e) {
      setSaveError(fieldErrorOf(TraceSiftError.from(e)));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: RuleField) => error?.field === field;
  const describedBy = (field: RuleField) => (invalid(field) ? `rule-error-${field}` : undefined);
  const shown = preview.preview && preview.answered === draftKey && !previewError ? preview.preview : null;
  const title = rule ? `Edit rule ${rule.name}` : `New rule for ${dataset}`;
  return (
    <form class={styles.ruleForm} aria-label={rule ? 'Edit the capture rule' : 'Add a capture rule'} onSubmit={save}>
      <h3>{title}</h3>
      <FieldMessage error={error} field="dataset" />
      <div class={styles.ruleFields}>
        <label class={styles.ruleField}>
          <span class="field-label">Rule name</span>
          <input
            type="text"
            value={form.name}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={invalid('name')}
            aria-describedby={describedBy('name')}
            onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <FieldMessage error={error} field="name" />
        <label class={styles.ruleField}>
          <span class="field-label">Filter (query)</span>
          <input
            type="text"
            value={form.filter}
            spellcheck={false}
            autocomplete="off"
            placeholder="every span (e.g. model:gpt-4o status:completed)"
            aria-invalid={invalid('filter')}
            aria-describedby={describedBy('filter')}
            onInput={(e) => set({ filter: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <div class={styles.ruleFilterHelp}>
          <button
            type="button"
            class="button subtle"
            disabled={form.filter === inferencesFilter}
            onClick={() => set({ filter: inferencesFilter })}
          >
            Use the Inferences filter
          </button>
          <code class="muted" title={inferencesFilter}>
            {inferencesFilter === '' ? 'the Inferences filter is empty (every span)' : inferencesFilter}
          </code>
        </div>
        {invalid('filter') && (
          <div class={cx(query.error, styles.filterError)} data-testid="rule-filter-error">
            <QueryCaret text={form.filter.trim()} position={error?.position} />
          </div>
        )}
        <FieldMessage error={error} field="filter" />
        <div class={styles.ruleNumbers}>
          <label class={styles.ruleField}>
            <span class="field-label">Sample rate</span>
            <input
              type="number"
              class={styles.narrow}
              min="0"
              max="1"
              step="any"
              value={form.rate}
              aria-invalid={invalid('rate')}
              aria-describedby={describedBy('rate')}
              onInput={(e) => set({ rate: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class={styles.ruleField}>
            <span class="field-label">Seed</span>
            <input
              type="text"
              inputMode="numeric"
              class={styles.narrow}
              value={form.seed}
              placeholder={shown && form.seed.trim() === '' ? String(shown.seed) : 'engine’s'}
              aria-invalid={invalid('seed')}
              aria-describedby={describedBy('seed')}
              onInput={(e) => set({ seed: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
        </div>
        <FieldMessage error={error} field="rate" />
        <FieldMessage error={error} field="seed" />
      </div>
      <p
        class={cx(styles.rulePreview, preview.pending && styles.isPending)}
        data-testid="rule-preview"
        aria-live="polite"
        data-state={shown ? 'ready' : preview.pending ? 'pending' : 'none'}
        data-spans={shown?.spans ?? ''}
        data-matched={shown?.matched ?? ''}
        data-sampled={shown?.sampled ?? ''}
        data-running={shown?.running ?? ''}
        data-seed={shown?.seed ?? ''}
      >
        {shown ? (
          <>
            Would match <strong>{formatCount(shown.matched)}</strong> of the {formatCount(shown.spans)} stored spans,
            about <strong>{formatCount(shown.sampled)}</strong> captured at this rate
            {shown.running > 0 ? `; ${formatCount(shown.running)} still running, evaluated when they finish` : ''}.
            <span class="muted">
              {' '}
              Rate {shown.sample_rate}, seed {shown.seed}.
            </span>
          </>
        ) : error ? (
          'No preview: fix the field marked above.'
        ) : draft === null ? (
          'Name the rule to see what it would capture.'
        ) : (
          'Working out what the rule would capture…'
        )}
      </p>
      <div class={layout.actions}>
        <button type="submit" class="button primary" disabled={!ts || busy}>
          {rule ? 'Save changes' : 'Add rule'}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
        <FieldMessage error={error} field="form" />
      </div>
    </form>
  );
}
