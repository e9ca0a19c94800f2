// The Inferences page: the filter bar, the chart strip, the count of matching spans and the virtual
// span table; a click or Enter on a row opens the span's detail drawer, which gives the focus back
// to the table when it closes.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { Facets, FilterSpec, SortOrder, Span, SpanSort } from 'tracesift';
import { useEngine } from '../../data/engine';
import { FilterBar } from './FilterBar';
import { SpanCharts } from './SpanCharts';
import { SpanDrawer, inDrawer } from './SpanDrawer';
import { SpanTable } from './SpanTable';
import { formatCount } from '../../common/format';
import type { FilterState } from './filterState';
import type { SpanList } from './useSpanList';
import styles from './table.module.css';

interface Props {
  hidden: boolean;
  filterState: FilterState;
  onFilter: (next: FilterState) => void;
  /** The engine query the filter bar composes (what the table, charts and count answer). */
  filter: FilterSpec;
  facets: Facets | null;
  list: SpanList;
  sort: { sort: SpanSort; order: SortOrder };
  onSort: (column: SpanSort) => void;
  queryError: { message: string; position: number | null } | null;
  emptyMessage: string;
}

/** The page; the App holds its filter so the Datasets and Capture rules pages start from it. */
export function InferencesPage(props: Props) {
  const { list } = props;
  const { ts } = useEngine();
  const [openId, setOpenId] = useState<string | null>(null);
  // Where the focus was when the drawer opened, to give it back on close.
  const returnFocus = useRef<HTMLElement | null>(null);

  const onOpen = useCallback((span: Span) => {
    const active = document.activeElement as HTMLElement | null;
    if (!inDrawer(active)) returnFocus.current = active;
    setOpenId(span.span_id);
  }, []);
  const onClose = useCallback(() => {
    setOpenId(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  return (
    <section class="page" aria-label="Inferences" hidden={props.hidden} data-testid="page-inferences">
      <FilterBar
        state={props.filterState}
        onChange={props.onFilter}
        facets={props.facets}
        queryError={props.queryError}
        disabled={ts === null}
      />
      <SpanCharts filter={props.filter} visible={!props.hidden} />
      <div class={styles.listBar}>
        <span>
          <strong data-testid="span-count" data-count={list.total ?? ''} data-filter={list.answered ?? ''}>
            {list.total === null ? '…' : formatCount(list.total)}
          </strong>{' '}
          <span class="muted">{list.total === 1 ? 'span' : 'spans'}</span>
        </span>
        <span class={`muted ${styles.hint}`}>
          <kbd>↑</kbd> <kbd>↓</kbd> select · <kbd>Enter</kbd> opens · <kbd>Esc</kbd> closes
        </span>
      </div>
      <SpanTable
        list={list}
        emptyMessage={props.emptyMessage}
        sort={props.sort.sort}
        order={props.sort.order}
        onSort={props.onSort}
        openId={openId}
        onOpen={onOpen}
      />
      {openId !== null && !props.hidden && <SpanDrawer spanId={openId} onPick={setOpenId} onClose={onClose} />}
    </section>
  );
}
