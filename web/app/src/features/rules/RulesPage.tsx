// The Capture rules page (per dataset): choose a dataset or create a collection, its rules as a
// table (edit, backfill, delete), the add / edit form with a live preview, and the datapoints the
// dataset holds. Rules capture spans as they complete during imports, so the counts and rows are
// read again after each import (the connection's datasets and rules topics).
import { useEffect, useState } from 'preact/hooks';
import type { CaptureRule } from 'tracesift';
import { useEngine } from '../../data/engine';
import { useEngineRead } from '../../data/useEngineRead';
import { CapturedRows } from './CapturedRows';
import { RuleDatasetPicker } from './RuleDatasetPicker';
import { RuleForm } from './RuleForm';
import { RuleTable } from './RuleTable';
import { cx } from '../../common/cx';
import layout from '../../common/layout.module.css';
import styles from './rules.module.css';
import { Badge } from '../../common/Badge';

interface Props {
  hidden: boolean;
  /** The query text of the Inferences filter (a new rule starts from it). */
  filter: string;
}

/** Datapoints listed under the rules. */
const SHOWN_ROWS = 20;

/** What the form is doing: adding a rule, editing one, or closed. */
type Editing = { rule: CaptureRule | null } | null;

/** The page. */
export function RulesPage({ hidden, filter }: Props) {
  const { ts, invalidate } = useEngine();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const datasets = useEngineRead('datasets', (engine) => engine.listDatasets(), { topics: ['datasets'] });
  const current = datasets.data?.find((d) => d.name === selected) ?? null;
  const rules = useEngineRead(current?.name ?? null, current ? (engine) => engine.listRules(current.name) : null, {
    topics: ['rules'],
  });
  const rows = useEngineRead(
    { dataset: current?.name ?? null, rows: current?.rows ?? null },
    current ? async (engine) => (await engine.listDatapoints(current.name, { limit: SHOWN_ROWS })).datapoints : null,
    { topics: ['datasets'] },
  );

  // Start on the first collection; follow the list when the chosen dataset goes away.
  useEffect(() => {
    const list = datasets.data;
    if (!list || (selected !== null && list.some((d) => d.name === selected))) return;
    setSelected(list.find((d) => d.type === 'collection')?.name ?? null);
  }, [datasets.data, selected]);

  const select = (name: string) => {
    setSelected(name);
    setEditing(null);
  };
  // Rules and the datasets they fill changed: every read of them runs again (other pages too).
  const refresh = () => invalidate('rules', 'datasets');
  const create = async (name: string) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    await ts.createDataset({ name, type: 'collection' });
    setSelected(name);
    setEditing(null);
    refresh();
  };
  const saved = () => {
    setEditing(null);
    refresh();
  };
  const backfill = async (rule: CaptureRule) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    const result = await ts.backfillRule(rule.id);
    refresh();
    return result;
  };
  const remove = async (rule: CaptureRule) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    await ts.deleteRule(rule.id);
    if (editing?.rule?.id === rule.id) setEditing(null);
    refresh();
  };

  const snapshot = current !== null && current.type !== 'collection';
  return (
    <section class="page" aria-label="Capture rules" hidden={hidden} data-testid="page-rules">
      <header class="page-head">
        <div>
          <h2>Capture rules</h2>
          <p class="muted">
            A rule copies spans matching its filter into a collection as they complete during imports, keeping a sample
            of them (the same seed keeps the same spans). Backfill applies it to the spans already stored.
          </p>
        </div>
        <RuleDatasetPicker
          datasets={datasets.data}
          selected={current?.name ?? null}
          onSelect={select}
          onCreate={create}
          disabled={!ts}
        />
      </header>
      {datasets.error && (
        <p class="error-text" role="alert">
          The datasets could not be listed: {datasets.error.message}
        </p>
      )}
      {current === null ? (
        <p class={`muted ${styles.empty}`} data-testid="rules-no-dataset">
          {datasets.data === null
            ? 'Loading the datasets…'
            : 'Create a collection (above) to capture spans into, or choose one.'}
        </p>
      ) : (
        <div class={cx(styles.body, editing && styles.isEditing)}>
          <section class={styles.main} aria-label={`Rules of ${current.name}`}>
            <div class={layout.panelHead}>
              <h3>
                Rules of <span class={layout.datasetName}>{current.name}</span> <Badge value={current.type} />
              </h3>
              <button
                type="button"
                class="button primary"
                disabled={!ts || editing?.rule === null}
                onClick={() => setEditing({ rule: null })}
              >
                Add rule
              </button>
            </div>
            {snapshot && (
              <p class="notice" data-testid="rules-snapshot-notice">
                {current.name} is a saved {current.type} snapshot: capture rules only feed collections, so the engine
                refuses rules for it.
              </p>
            )}
            {rules.error && (
              <p class="error-text" role="alert">
                The rules could not be listed: {rules.error.message}
              </p>
            )}
            <RuleTable
              rules={rules.data}
              editing={editing?.rule?.id ?? null}
              onEdit={(rule) => setEditing({ rule })}
              onBackfill={backfill}
              onDelete={remove}
            />
          </section>
          {editing && (
            <section class={styles.editor} aria-label="Rule form">
              <RuleForm
                key={editing.rule?.id ?? 'new'}
                dataset={current.name}
                rule={editing.rule}
                inferencesFilter={filter}
                onSaved={saved}
                onCancel={() => setEditing(null)}
              />
            </section>
          )}
          <section class={styles.captured} aria-label="Datapoints in the dataset">
            <h3>Datapoints in {current.name}</h3>
            {rows.error && (
              <p class="error-text" role="alert">
                The datapoints could not be read: {rows.error.message}
              </p>
            )}
            <CapturedRows rows={rows.data} total={current.rows} rules={rules.data ?? []} />
          </section>
        </div>
      )}
    </section>
  );
}
