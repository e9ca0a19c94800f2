// The span list: one row per span with its time, name, kind, model, provider, status, tokens, cost
// and duration. Every value is rendered as text (trace content is untrusted).
import type { SortOrder, Span, SpanSort } from 'tracesift';
import { NONE, formatCost, formatDuration, formatLocalTime, formatTokens } from './format';

interface Props {
  spans: Span[];
  /** Shown instead of the rows when there are none. */
  emptyMessage: string;
  /** A query is on its way; the rows shown are the previous ones. */
  loading: boolean;
  /** The listing's order, and the handler of a click on a sortable column. */
  sort: SpanSort;
  order: SortOrder;
  onSort: (sort: SpanSort) => void;
}

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
    <th scope="col" class={numeric ? 'num' : undefined} aria-sort={ariaSort}>
      <button type="button" class="sort-button" data-testid={`sort-${column}`} onClick={() => onSort(column)}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
}

function SpanRow({ span }: { span: Span }) {
  const tokens = formatTokens(span.input_tokens, span.output_tokens);
  const tokensTitle =
    span.input_tokens === null && span.output_tokens === null
      ? undefined
      : `${span.input_tokens ?? 0} in + ${span.output_tokens ?? 0} out`;
  return (
    <tr data-testid="span-row" data-span-id={span.span_id}>
      <td class="time" title={span.started_at}>
        {formatLocalTime(span.started_at)}
      </td>
      <td class="name" title={span.error ? `${span.name}\n${span.error}` : span.name}>
        {span.name}
      </td>
      <td>{span.kind}</td>
      <td class="model" title={span.model ?? undefined}>
        {span.model ?? NONE}
      </td>
      <td>{span.provider ?? NONE}</td>
      <td>
        <span class={`badge ${span.status}`}>{span.status}</span>
      </td>
      <td class="num" title={tokensTitle}>
        {tokens}
      </td>
      <td class="num" title={span.cost_usd === null ? undefined : `$${span.cost_usd}`}>
        {formatCost(span.cost_usd)}
      </td>
      <td class="num">{formatDuration(span.started_at, span.ended_at)}</td>
    </tr>
  );
}

/** The table of spans, or an empty-state message. */
export function SpanTable({ spans, emptyMessage, loading, sort, order, onSort }: Props) {
  const header = { sort, order, onSort };
  return (
    <div class={`table-wrap${loading ? ' is-loading' : ''}`} aria-busy={loading}>
      <table class="span-table" data-testid="span-table">
        <thead>
          <tr>
            <SortHeader label="Time" column="time" {...header} />
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
            <SortHeader label="Tokens" column="tokens" numeric {...header} />
            <SortHeader label="Cost" column="cost" numeric {...header} />
            <SortHeader label="Duration" column="duration" numeric {...header} />
          </tr>
        </thead>
        <tbody>
          {spans.map((s) => (
            <SpanRow key={s.span_id} span={s} />
          ))}
        </tbody>
      </table>
      {spans.length === 0 && (
        <p class="empty" data-testid="empty-state">
          {loading ? 'Loading…' : emptyMessage}
        </p>
      )}
    </div>
  );
}
