// The selected dataset: its recipe, export (one button per format), rename, delete (after a
// confirm step) and its rows, a page at a time (as text: trace content is untrusted).
import { useState } from 'preact/hooks';
import { ConfirmDelete } from '../../common/ConfirmDelete';
import type { DatasetDetails as Details, Recipe } from 'tracesift';
import { DatasetRows } from './DatasetRows';
import { ExportControls } from './ExportControls';
import { LEAKAGE_CHECKS, LEAKAGE_LABELS } from './datasetForm';
import { NONE, formatCount, formatLocalTime, formatPercent } from '../../common/format';
import { useAction } from '../../common/useAction';
import { Badge } from '../../common/Badge';
import { useEngineRead } from '../../data/useEngineRead';
import layout from '../../common/layout.module.css';
import styles from './datasets.module.css';

interface Props {
  details: Details;
  /** Renames it; rejects with the engine's error. */
  onRename: (newName: string) => Promise<void>;
  /** Deletes it; rejects with the engine's error. */
  onDelete: () => Promise<void>;
}

/** One line of the recipe; `wide` ones take a whole row. */
interface Fact {
  term: string;
  value: string;
  wide?: boolean;
}

/** The recipe's facts, in words. */
function recipeFacts(recipe: Recipe): Fact[] {
  const { counts } = recipe;
  const filter = typeof recipe.filter === 'string' ? recipe.filter : JSON.stringify(recipe.filter);
  const facts: Fact[] = [
    { term: 'Filter', value: filter === '' || filter === '{}' ? 'none (every span)' : filter, wide: true },
    { term: 'Seed', value: String(recipe.seed) },
    { term: 'Limit', value: recipe.limit === null ? NONE : formatCount(recipe.limit) },
    { term: 'Cap', value: formatCount(recipe.cap) },
    { term: 'Candidates', value: formatCount(counts.candidates) },
    { term: 'Rows', value: formatCount(counts.rows) },
  ];
  if (recipe.type === 'training') {
    facts.push({ term: 'Excludes', value: recipe.exclude ?? NONE });
    facts.push({ term: 'Overlap', value: formatPercent(counts.overlap_ratio) });
    if (recipe.leakage) {
      const on = LEAKAGE_CHECKS.filter((c) => recipe.leakage![c]).map((c) => LEAKAGE_LABELS[c].toLowerCase());
      facts.push({ term: 'Jaccard', value: String(recipe.leakage.jaccard) });
      facts.push({ term: 'Checks', value: on.length > 0 ? on.join(', ') : 'none', wide: true });
    }
    const excluded = LEAKAGE_CHECKS.map((c) => `${formatCount(counts.excluded[c])} ${c.replace('_', ' ')}`);
    facts.push({ term: 'Excluded', value: excluded.join(', '), wide: true });
  }
  facts.push({ term: 'Rows hash', value: recipe.rows_hash }, { term: 'Engine', value: recipe.engine_version });
  return facts;
}

/** The rename form (mount with `key={name}`: the draft and error belong to one dataset). */
function RenameForm({ name, onRename }: { name: string; onRename: Props['onRename'] }) {
  const [draft, setDraft] = useState(name);
  const rename = useAction(onRename);
  return (
    <form
      class={layout.formRow}
      aria-label="Rename the dataset"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim() === '') rename.fail('Give the dataset a name.');
        else if (draft.trim() !== name) void rename.run(draft.trim());
      }}
    >
      <label class="field">
        <span class="field-label">New name</span>
        <input
          type="text"
          value={draft}
          spellcheck={false}
          autocomplete="off"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="button" disabled={rename.busy || draft.trim() === name}>
        Rename
      </button>
      {rename.error && (
        <p class="error-text" role="alert" data-testid="rename-error">
          {rename.error.message}
        </p>
      )}
    </form>
  );
}

/** The training datasets kept apart from eval dataset `name`, read when its deletion is asked. */
function useExcludedBy(name: string, type: string, confirming: boolean): string[] {
  const read = useEngineRead(
    { excludedBy: name, confirming },
    confirming && type === 'eval' ? async (ts) => (await ts.listDatasetsExcluding(name)).map((d) => d.name) : null,
    { topics: ['datasets'] },
  );
  return read.data ?? [];
}

/** Delete, then "Yes, delete" / "Keep it"; an eval dataset names the training datasets that exclude it. */
function DeleteControl(props: { name: string; type: string; rows: number; onDelete: Props['onDelete'] }) {
  const { name, type, rows, onDelete } = props;
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(onDelete);
  const excludedBy = useExcludedBy(name, type, confirming);
  if (!confirming) {
    return (
      <button type="button" class="button danger" onClick={() => setConfirming(true)}>
        Delete…
      </button>
    );
  }
  return (
    <ConfirmDelete label="Confirm the deletion" remove={remove} onKeep={() => setConfirming(false)}>
      Delete <strong>{name}</strong> and its {formatCount(rows)} rows? This cannot be undone.
      {excludedBy.length > 0 && (
        <span class={styles.confirmWarning} data-testid="excluded-by">
          {' '}
          {excludedBy.length === 1 ? 'The training dataset ' : 'The training datasets '}
          {excludedBy.map((n, i) => (
            <span key={n}>
              {i > 0 && ', '}
              <strong>{n}</strong>
            </span>
          ))}{' '}
          {excludedBy.length === 1 ? 'was' : 'were'} kept apart from it: their rows stay, but their recipes will name an
          eval set that is gone, and a new one will not be checked against them.
        </span>
      )}
    </ConfirmDelete>
  );
}

/** Everything about one dataset. */
export function DatasetDetails({ details, onRename, onDelete }: Props) {
  const { recipe } = details;
  return (
    <section class={styles.details} data-testid="dataset-details" aria-label={`Dataset ${details.name}`}>
      <div class={layout.panelHead}>
        <h3>
          <span class={layout.datasetName} data-testid="dataset-name">
            {details.name}
          </span>{' '}
          <Badge value={details.type} />
        </h3>
        <span class="muted">
          {formatCount(details.rows)} rows · created {formatLocalTime(details.created_at)}
        </span>
      </div>
      {recipe ? (
        <dl class={styles.recipe} data-testid="dataset-recipe">
          {recipeFacts(recipe).map(({ term, value, wide }) => (
            <div key={term} data-fact={term} class={wide ? styles.wide : undefined}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="muted">A collection (captured and hand-picked rows): it has no recipe.</p>
      )}
      <ExportControls key={details.name} dataset={details.name} rows={details.rows} />
      <div class={layout.actions}>
        <RenameForm key={details.name} name={details.name} onRename={onRename} />
        <DeleteControl
          key={details.name}
          name={details.name}
          type={details.type}
          rows={details.rows}
          onDelete={onDelete}
        />
      </div>
      <DatasetRows key={details.name} dataset={details.name} total={details.rows} />
    </section>
  );
}
