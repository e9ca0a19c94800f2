// Paging of the span list: "rows X–Y of N" with Prev/Next. Pages follow the engine's cursors, so
// spans arriving meanwhile never shift or repeat rows.
import { formatCount } from './format';

interface Props {
  /** Zero-based index of the current page. */
  pageIndex: number;
  pageSize: number;
  /** Rows on the current page. */
  rows: number;
  /** All matching rows, or null while unknown. */
  total: number | null;
  /** The filter (as JSON) the total belongs to: lets tests wait for a particular answer. */
  answered: string | null;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
}

/** The row range, the total count and the page buttons. */
export function Pager({ pageIndex, pageSize, rows, total, answered, hasNext, onPrev, onNext }: Props) {
  const first = pageIndex * pageSize;
  const range = rows === 0 ? 'rows 0' : `rows ${formatCount(first + 1)}–${formatCount(first + rows)}`;
  return (
    <div class="pager">
      <span class="muted">
        {range} of{' '}
        <strong data-testid="span-count" data-count={total ?? ''} data-filter={answered ?? ''}>
          {total === null ? '…' : formatCount(total)}
        </strong>
      </span>
      <button type="button" class="button" disabled={pageIndex === 0} onClick={onPrev}>
        Prev
      </button>
      <button type="button" class="button" disabled={!hasNext} onClick={onNext}>
        Next
      </button>
    </div>
  );
}
