// The virtual span table: every matching span in one scrollable table (time, name, kind, model,
// provider, status, tokens, cost, duration) with only the visible rows in the DOM, sortable column
// headers, and keyboard selection (Up/Down/PageUp/PageDown/Home/End, Enter opens the drawer).
// Rows come from useSpanList block by block; a row whose block is on its way is a placeholder.
// Every value is rendered as text (trace content is untrusted).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SortOrder, Span, SpanSort } from 'tracesift';
import { NONE, formatCost, formatDuration, formatLocalTime, formatTokens } from '../../common/format';
import type { SpanList } from './useSpanList';
import { useFillHeight } from './useFillHeight';
import { layoutViewport, pageRows, scrollTopFor } from './virtualScroll';
import { cx } from '../../common/cx';
import styles from './table.module.css';
import { Badge } from '../../common/Badge';

/** Height of one row (px); table.module.css gives rows exactly this height. */
export const ROW_HEIGHT = 32;
const OVERSCAN = 8;
const COLUMNS = 9;

interface Props {
  list: SpanList;
  /** Shown instead of the rows when there are none. */
  emptyMessage: string;
  /** The listing's order, and the handler of a click on a sortable column. */
  sort: SpanSort;
  order: SortOrder;
  onSort: (sort: SpanSort) => void;
  /** The span shown in the drawer (highlighted), if any. */
  openId: string | null;
  /** Opens a span in the drawer (a click, or Enter on the selected row). */
  onOpen: (span: Span) => void;
}

/** The width of each sortable column (table.module.css). */
const SORT_COLUMNS: Record<SpanSort, string> = {
  time: styles.colTime,
  tokens: styles.colTokens,
  cost: styles.colCost,
  duration: styles.colDuration,
};

interface HeaderProps {
  label: string;
  column: SpanSort;
  sort: SpanSort;
  order: SortOrder;
  onSort: (sort: SpanSort) => void;
  numeric?: boolean;
}

/** A column header that sorts by its column; a second click reverses the order. */
function SortHeader({ label, column, sort, order, onSort, numeric = false }: HeaderProps) {
  const active = sort === column;
  const ariaSort = active ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" class={cx(SORT_COLUMNS[column], numeric && styles.num)} aria-sort={ariaSort}>
      <button type="button" class={styles.sortButton} data-testid={`sort-${column}`} onClick={() => onSort(column)}>
        {label}
        <span class={styles.sortMark} aria-hidden="true">
          {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
}

interface RowProps {
  span: Span;
  index: number;
  selected: boolean;
  open: boolean;
  onClick: () => void;
}

function SpanRow({ span, index, selected, open, onClick }: RowProps) {
  const tokens = formatTokens(span.input_tokens, span.output_tokens);
  const tokensTitle =
    span.input_tokens === null && span.output_tokens === null
      ? undefined
      : `${span.input_tokens ?? 0} in + ${span.output_tokens ?? 0} out`;
  return (
    <tr
      id={`span-row-${index}`}
      class={cx(styles.row, index % 2 === 1 && styles.odd, selected && styles.selected, open && styles.open)}
      data-testid="span-row"
      data-span-id={span.span_id}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={onClick}
    >
      <td class={styles.time} data-cell="time" title={span.started_at}>
        {formatLocalTime(span.started_at)}
      </td>
      <td data-cell="name" title={span.error ? `${span.name}\n${span.error}` : span.name}>
        {span.name}
      </td>
      <td data-cell="kind">{span.kind}</td>
      <td data-cell="model" title={span.model ?? undefined}>
        {span.model ?? NONE}
      </td>
      <td data-cell="provider">{span.provider ?? NONE}</td>
      <td data-cell="status">
        <Badge value={span.status} />
      </td>
      <td class={styles.num} data-cell="tokens" title={tokensTitle}>
        {tokens}
      </td>
      <td class={styles.num} data-cell="cost" title={span.cost_usd === null ? undefined : `$${span.cost_usd}`}>
        {formatCost(span.cost_usd)}
      </td>
      <td class={styles.num} data-cell="duration">
        {formatDuration(span.started_at, span.ended_at)}
      </td>
    </tr>
  );
}

/**
 * A row whose block has not arrived yet. Besides its scoped classes it keeps the plain class
 * `vt-placeholder`: bench/ui_chromium.mjs waits until none is left.
 */
function PlaceholderRow({ index }: { index: number }) {
  return (
    <tr
      class={cx(styles.row, styles.placeholder, index % 2 === 1 && styles.odd, 'vt-placeholder')}
      aria-rowindex={index + 2}
      aria-busy="true"
    >
      <td colSpan={COLUMNS}>
        <span class={styles.shimmer} />
      </td>
    </tr>
  );
}

/** A spacer row standing for the rows not rendered. */
function Spacer({ height }: { height: number }) {
  if (height <= 0) return null;
  return (
    <tr class={styles.spacer} aria-hidden="true">
      <td colSpan={COLUMNS} style={{ height: `${height}px` }} />
    </tr>
  );
}

/** The table of every matching span, or an empty-state message. */
export function SpanTable({ list, emptyMessage, sort, order, onSort, openId, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const height = useFillHeight(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  const [header, setHeader] = useState(ROW_HEIGHT);
  const [selected, setSelected] = useState<number | null>(null);
  const total = list.total ?? 0;

  // A new listing (filter, order, data) starts at the top with nothing selected.
  useEffect(() => {
    setSelected(null);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [list.key]);
  useLayoutEffect(() => {
    if (head.current) setHeader(head.current.offsetHeight);
  });

  const geometry = { total, rowHeight: ROW_HEIGHT, viewport: height, header };
  const layout = layoutViewport({ ...geometry, scrollTop, overscan: OVERSCAN });
  useEffect(() => list.want(layout.start, layout.end), [layout.start, layout.end, list.key, list.want]);

  const select = (index: number) => {
    const i = Math.min(Math.max(0, index), total - 1);
    if (i < 0) return;
    setSelected(i);
    const el = scroller.current;
    if (!el) return;
    const target = scrollTopFor(i, { ...geometry, scrollTop: el.scrollTop });
    if (target !== null) {
      el.scrollTop = target;
      setScrollTop(el.scrollTop);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget || total === 0) return;
    const page = pageRows(height, header, ROW_HEIGHT);
    const from = selected ?? layout.firstVisible - 1;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: Math.max(0, from - 1),
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: total - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      select(moves[e.key]!);
    } else if (e.key === 'Enter' && selected !== null) {
      const span = list.rowAt(selected);
      if (span) {
        e.preventDefault();
        onOpen(span);
      }
    }
  };

  const rows = [];
  for (let i = layout.start; i < layout.end; i++) {
    const span = list.rowAt(i);
    rows.push(
      span ? (
        <SpanRow
          key={i}
          span={span}
          index={i}
          selected={selected === i}
          open={span.span_id === openId}
          onClick={() => {
            setSelected(i);
            onOpen(span);
          }}
        />
      ) : (
        <PlaceholderRow key={i} index={i} />
      ),
    );
  }
  const header_ = { sort, order, onSort };
  return (
    <div
      ref={scroller}
      class={cx(styles.scroller, list.loading && styles.isLoading)}
      style={{ height: `${height}px` }}
      aria-busy={list.loading}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <table
        class={styles.table}
        data-testid="span-table"
        role="grid"
        aria-label="Spans (arrow keys move, Enter opens)"
        aria-rowcount={total + 1}
        aria-activedescendant={selected !== null && list.rowAt(selected) ? `span-row-${selected}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <thead ref={head}>
          <tr aria-rowindex={1}>
            <SortHeader label="Time" column="time" {...header_} />
            <th scope="col">Name</th>
            <th scope="col" class={styles.colKind}>
              Kind
            </th>
            <th scope="col" class={styles.colModel}>
              Model
            </th>
            <th scope="col" class={styles.colProvider}>
              Provider
            </th>
            <th scope="col" class={styles.colStatus}>
              Status
            </th>
            <SortHeader label="Tokens" column="tokens" numeric {...header_} />
            <SortHeader label="Cost" column="cost" numeric {...header_} />
            <SortHeader label="Duration" column="duration" numeric {...header_} />
          </tr>
        </thead>
        <tbody>
          <Spacer height={layout.top} />
          {rows}
          <Spacer height={layout.bottom} />
        </tbody>
      </table>
      {total === 0 && (
        <p class={styles.empty} data-testid="empty-state">
          {list.loading && !list.error ? 'Loading…' : emptyMessage}
        </p>
      )}
    </div>
  );
}
