// The capture rules of one dataset as a table: name, filter, sample rate, seed, created, datapoints
// captured; per rule Edit, Backfill (its result shown under the rule) and Delete with a confirm step.
import { useState } from 'preact/hooks';
import { ConfirmDelete } from '../../common/ConfirmDelete';
import { DataTable } from '../../common/DataTable';
import type { BackfillResult, CaptureRule } from 'tracesift';
import { formatCount, formatLocalTime } from '../../common/format';
import { useAction } from '../../common/useAction';
import { filterText } from './ruleForm';
import { cells } from '../../common/DataTable';
import styles from './rules.module.css';

interface Props {
  /** null while the first answer is awaited. */
  rules: CaptureRule[] | null;
  /** The rule being edited, if any. */
  editing: number | null;
  onEdit: (rule: CaptureRule) => void;
  /** Applies the rule to the stored spans; rejects with the engine's error. */
  onBackfill: (rule: CaptureRule) => Promise<BackfillResult>;
  /** Deletes the rule; rejects with the engine's error. */
  onDelete: (rule: CaptureRule) => Promise<void>;
}

const COLUMNS = 7;

/** One rule: its row, then a row for its backfill result, delete confirmation or error. */
function RuleRow({
  rule,
  editing,
  onEdit,
  onBackfill,
  onDelete,
}: Omit<Props, 'rules' | 'editing'> & {
  rule: CaptureRule;
  editing: boolean;
}) {
  const [result, setResult] = useState<BackfillResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const backfill = useAction(async () => setResult(await onBackfill(rule)));
  const remove = useAction(() => onDelete(rule));
  const filter = filterText(rule.filter);
  const note = result || confirming || backfill.error || remove.error;
  return (
    <>
      <tr
        data-testid="rule-row"
        data-rule-id={rule.id}
        data-rule={rule.name}
        class={editing ? cells.selected : undefined}
      >
        <td data-cell="name" title={rule.name}>
          {rule.name}
        </td>
        <td data-cell="filter" title={filter}>
          <code>{filter === '' ? 'every span' : filter}</code>
        </td>
        <td class={cells.num} data-cell="rate">
          {rule.sample_rate}
        </td>
        <td class={`${cells.num} ${styles.mono}`} data-cell="seed">
          {rule.seed}
        </td>
        <td class={cells.time} data-cell="created" title={rule.created_at}>
          {formatLocalTime(rule.created_at)}
        </td>
        <td class={cells.num} data-cell="captured" data-captured={rule.captured}>
          {formatCount(rule.captured)}
        </td>
        <td data-cell="actions">
          <div class={styles.ruleActions}>
            <button type="button" class="button" aria-label={`Edit rule ${rule.name}`} onClick={() => onEdit(rule)}>
              Edit
            </button>
            <button
              type="button"
              class="button"
              aria-label={`Backfill rule ${rule.name}`}
              disabled={backfill.busy}
              onClick={() => void backfill.run()}
            >
              {backfill.busy ? 'Backfilling…' : 'Backfill'}
            </button>
            <button
              type="button"
              class="button danger"
              aria-label={`Delete rule ${rule.name}`}
              onClick={() => setConfirming(true)}
            >
              Delete…
            </button>
          </div>
        </td>
      </tr>
      {note && (
        <tr class={styles.ruleNote}>
          <td colSpan={COLUMNS}>
            {result && (
              <p class={styles.ruleBackfill} data-testid="backfill-result" role="status">
                Backfill: {formatCount(result.matched)} finished spans match, {formatCount(result.sampled)} kept by the
                sample, <strong data-captured={result.captured}>{formatCount(result.captured)} new datapoints</strong>{' '}
                (spans captured before are not taken again).{' '}
                <button type="button" class="link-button" onClick={() => setResult(null)}>
                  Dismiss
                </button>
              </p>
            )}
            {backfill.error && (
              <p class="error-text" role="alert">
                Backfill failed: {backfill.error.message}
              </p>
            )}
            {confirming && (
              <ConfirmDelete label="Confirm the deletion" remove={remove} onKeep={() => setConfirming(false)}>
                Delete rule <strong>{rule.name}</strong>? The {formatCount(rule.captured)} datapoints it captured stay
                in the dataset.
              </ConfirmDelete>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/** The table, or a line saying the dataset has no rule yet. */
export function RuleTable({ rules, editing, ...actions }: Props) {
  if (rules === null) return <p class="muted">Loading the rules…</p>;
  if (rules.length === 0) {
    return (
      <p class="muted" data-testid="rule-list-empty">
        No capture rules for this dataset yet.
      </p>
    );
  }
  return (
    <div class={styles.rulesTableWrap}>
      <DataTable className={styles.rulesTable} testId="rule-list" label="Capture rules">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Filter</th>
            <th scope="col" class={cells.num}>
              Rate
            </th>
            <th scope="col" class={cells.num}>
              Seed
            </th>
            <th scope="col">Created</th>
            <th scope="col" class={cells.num}>
              Captured
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} editing={rule.id === editing} {...actions} />
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
