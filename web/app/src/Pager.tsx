// Paging of the span list: "rows X–Y of N" with Prev/Next.
import { formatCount } from './format';

interface Props {
  offset: number;
  pageSize: number;
  /** Rows on the current page. */
  rows: number;
  /** All matching rows, or null while unknown. */
  total: number | null;
  onOffset: (offset: number) => void;
}

/** The row range, the total count and the page buttons. */
export function Pager({ offset, pageSize, rows, total, onOffset }: Props) {
  const last = offset + rows;
  const range = rows === 0 ? 'rows 0' : `rows ${formatCount(offset + 1)}–${formatCount(last)}`;
  return (
    <div class="pager">
      <span class="muted">
        {range} of{' '}
        <strong data-testid="span-count" data-count={total ?? ''}>
          {total === null ? '…' : formatCount(total)}
        </strong>
      </span>
      <button
        type="button"
        class="button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        Prev
      </button>
      <button
        type="button"
        class="button"
        disabled={total === null || last >= total}
        onClick={() => onOffset(offset + pageSize)}
      >
        Next
      </button>
    </div>
  );
}
