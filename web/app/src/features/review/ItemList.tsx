// The items of a queue by state (pending / claimed / completed), a page at a time, in the order they
// were enqueued; each can be opened in the review view, and an approved one links to the golden
// dataset it was copied into.
import { useEffect, useState } from 'preact/hooks';
import type { ReviewItemState, ReviewQueue } from 'tracesift';
import { useEngineRead } from '../../data/useEngineRead';
import { NONE, formatCount, formatLocalTime } from '../../common/format';
import { Badge } from '../../common/Badge';
import { DataTable, cells } from '../../common/DataTable';
import { cx } from '../../common/cx';
import tabStyles from '../../common/tabs.module.css';
import styles from './review.module.css';

/** Items on one page of the list. */
export const ITEMS_PAGE = 10;

const STATES: ReviewItemState[] = ['pending', 'claimed', 'completed'];

interface Props {
  queue: ReviewQueue;
  /** Opens an item in the review view. */
  onOpen: (id: number) => void;
}

/** The tabs, the page of items and Prev/Next. */
export function ItemList({ queue, onOpen }: Props) {
  const [state, setState] = useState<ReviewItemState>('pending');
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [queue.name, state]);
  // Read again after each step of the review (the review topic) and when the counts change.
  const items = useEngineRead(
    { queue: queue.name, state, offset, progress: queue.progress },
    async (ts) => (await ts.listReviewItems(queue.name, { state, limit: ITEMS_PAGE, offset })).items,
    { topics: ['review'] },
  );
  const { progress } = queue;
  const counts: Record<ReviewItemState, number> = {
    pending: progress.pending,
    claimed: progress.claimed,
    completed: progress.approved + progress.rejected,
  };
  const total = counts[state];
  const rows = items.data ?? [];
  return (
    <section class={styles.itemList} aria-label="Items" data-testid="item-list">
      <div class={tabStyles.list} role="tablist" aria-label="Items by state">
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            class={cx(tabStyles.tab, styles.itemTab)}
            aria-selected={s === state}
            data-testid={`items-${s}`}
            onClick={() => setState(s)}
          >
            {s} <span class={tabStyles.count}>{formatCount(counts[s])}</span>
          </button>
        ))}
      </div>
      {items.error && (
        <p class="error-text" role="alert">
          The items could not be listed: {items.error.message}
        </p>
      )}
      {rows.length === 0 ? (
        <p class="muted" data-testid="items-empty">
          {items.data === null ? 'Loading…' : `No ${state} items.`}
        </p>
      ) : (
        <DataTable className={styles.itemsTable} label={`${state} items`}>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Datapoint</th>
              <th scope="col">Reviewer</th>
              <th scope="col">{state === 'pending' ? 'Enqueued' : state === 'claimed' ? 'Claimed' : 'Completed'}</th>
              <th scope="col">Outcome</th>
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => {
              const when =
                state === 'pending' ? item.enqueued_at : state === 'claimed' ? item.claimed_at : item.completed_at;
              return (
                <tr key={item.id} data-testid="item-row" data-item-id={item.id} data-outcome={item.outcome ?? ''}>
                  <td>#{item.id}</td>
                  <td>{item.datapoint_id}</td>
                  <td title={item.reviewer ?? ''}>{item.reviewer ?? NONE}</td>
                  <td class={cells.time}>{when ? formatLocalTime(when) : NONE}</td>
                  <td title={item.note ?? ''}>
                    {item.outcome ? <Badge value={item.outcome} /> : NONE}
                    {item.edited && <span class="muted"> · edited</span>}
                    {item.outcome === 'approved' && (
                      <>
                        {' '}
                        <a href="#/datasets" title={`Datapoint ${item.golden_datapoint_id} of ${queue.golden}`}>
                          → {queue.golden}
                        </a>
                      </>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button subtle"
                      aria-label={`Open item ${item.id}`}
                      onClick={() => onOpen(item.id)}
                    >
                      Open
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      <div>
        <span class="muted">
          {rows.length === 0
            ? `0 of ${formatCount(total)}`
            : `${formatCount(offset + 1)}–${formatCount(offset + rows.length)} of ${formatCount(total)}`}
        </span>
        <button
          type="button"
          class="button"
          disabled={offset === 0}
          onClick={() => setOffset((o) => Math.max(0, o - ITEMS_PAGE))}
        >
          Prev
        </button>
        <button
          type="button"
          class="button"
          disabled={offset + rows.length >= total}
          onClick={() => setOffset((o) => o + ITEMS_PAGE)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
