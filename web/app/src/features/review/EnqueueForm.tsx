// Adding datapoints to the selected queue: from a dataset, or from what a capture rule captured,
// at most `limit` new ones (oldest first); the result (matched / enqueued / already queued) or the
// engine's error is shown beside the button.
import { useState } from 'preact/hooks';
import type { CaptureRule, Dataset, EnqueueRequest, EnqueueResult } from 'tracesift';
import { formatCount } from '../../common/format';
import { useAction } from '../../common/useAction';
import layout from '../../common/layout.module.css';
import styles from './review.module.css';

interface Props {
  queue: string;
  /** The queue's golden dataset (not offered: the engine refuses it). */
  golden: string;
  datasets: Dataset[];
  rules: CaptureRule[];
  /** Enqueues; rejects with the engine's error. */
  onEnqueue: (request: EnqueueRequest) => Promise<EnqueueResult>;
  disabled?: boolean;
}

/** The form; mount it with `key={queue}`. */
export function EnqueueForm({ queue, golden, datasets, rules, onEnqueue, disabled = false }: Props) {
  const [source, setSource] = useState<'dataset' | 'rule'>('dataset');
  const [dataset, setDataset] = useState('');
  const [rule, setRule] = useState('');
  const [limit, setLimit] = useState('');
  const [result, setResult] = useState<EnqueueResult | null>(null);
  const enqueue = useAction(async (request: EnqueueRequest) => {
    setResult(null);
    setResult(await onEnqueue(request));
  });
  const offered = datasets.filter((d) => d.name !== golden);
  const chosenDataset = offered.some((d) => d.name === dataset) ? dataset : (offered[0]?.name ?? '');
  const chosenRule = rules.some((r) => String(r.id) === rule) ? rule : rules[0] ? String(rules[0].id) : '';

  const submit = (e: Event) => {
    e.preventDefault();
    const request: EnqueueRequest = { queue };
    if (source === 'dataset') {
      if (chosenDataset === '') return enqueue.fail('There is no dataset to take datapoints from.');
      request.dataset = chosenDataset;
    } else {
      if (chosenRule === '') return enqueue.fail('There is no capture rule: add one on the Capture rules page.');
      request.rule_id = Number(chosenRule);
    }
    if (limit.trim() !== '') {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 0) return enqueue.fail('The limit is a whole number (blank: all).');
      request.limit = n;
    }
    void enqueue.run(request);
  };
  return (
    <form class={styles.form} aria-label="Enqueue datapoints" onSubmit={submit}>
      <h3>Enqueue datapoints</h3>
      <fieldset class={styles.choice}>
        <legend class="visually-hidden">Take datapoints from</legend>
        <label class="field">
          <input
            type="radio"
            name="enqueue-source"
            checked={source === 'dataset'}
            onChange={() => setSource('dataset')}
          />
          From a dataset
        </label>
        <label class="field">
          <input type="radio" name="enqueue-source" checked={source === 'rule'} onChange={() => setSource('rule')} />
          From a rule’s captures
        </label>
      </fieldset>
      {source === 'dataset' ? (
        <div class={styles.field}>
          <label class="field-label" for="enqueue-dataset">
            Dataset
          </label>
          <select
            id="enqueue-dataset"
            value={chosenDataset}
            onChange={(e) => setDataset((e.currentTarget as HTMLSelectElement).value)}
          >
            {offered.length === 0 && <option value="">No datasets</option>}
            {offered.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({d.type}, {formatCount(d.rows)} rows)
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div class={styles.field}>
          <label class="field-label" for="enqueue-rule">
            Capture rule
          </label>
          <select
            id="enqueue-rule"
            value={chosenRule}
            onChange={(e) => setRule((e.currentTarget as HTMLSelectElement).value)}
          >
            {rules.length === 0 && <option value="">No capture rules</option>}
            {rules.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {r.name} → {r.dataset} ({formatCount(r.captured)} captured)
              </option>
            ))}
          </select>
        </div>
      )}
      <label class={styles.field}>
        <span class="field-label">Limit</span>
        <input
          type="number"
          class={styles.narrow}
          min="0"
          step="1"
          placeholder="all"
          value={limit}
          onInput={(e) => setLimit((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <div class={layout.actions}>
        <button type="submit" class="button" disabled={disabled || enqueue.busy}>
          Enqueue
        </button>
        {result && (
          <p
            class={styles.enqueueResult}
            role="status"
            data-testid="enqueue-result"
            data-matched={result.matched}
            data-enqueued={result.enqueued}
            data-already={result.already}
          >
            {formatCount(result.matched)} matched, <strong>{formatCount(result.enqueued)} enqueued</strong>,{' '}
            {formatCount(result.already)} already in the queue.
          </p>
        )}
        {enqueue.error && (
          <p class="error-text" role="alert" data-testid="enqueue-error">
            {enqueue.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
