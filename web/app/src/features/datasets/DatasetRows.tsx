// Browsing a dataset's rows a page at a time ("rows X–Y of N", Prev/Next): each row's source span,
// and its input and output as one line of text (tool calls as "assistant → name(arguments)") that
// expands to the messages as a chat, like the span drawer's (trace content is untrusted: it is
// only ever rendered as text).
import { useState } from 'preact/hooks';
import type { Datapoint, Json } from 'tracesift';
import { NONE, formatCount } from '../../common/format';
import { MessageList } from '../../common/messages/MessageList';
import { cut, valueText } from '../../common/messages/preview';
import { ROWS_PAGE, useDatasetRows } from './useDatasetRows';
import datapoints from '../../common/datapoints.module.css';
import styles from './datasets.module.css';

interface Props {
  dataset: string;
  /** The dataset's row count. */
  total: number;
}

/** One side of a row (input or output): the line, and the messages when opened. */
function RowValue({ label, value }: { label: string; value: Json }) {
  const line = valueText(value);
  const name = label === 'in' ? 'input' : 'output';
  if (line === '') {
    return (
      <div class={datapoints.line} data-preview={label}>
        <span class="field-label">{label}</span> {NONE}
      </div>
    );
  }
  return (
    <details class={datapoints.value}>
      <summary class={datapoints.line} data-preview={label} title={`Show the full ${name}`}>
        <span class="field-label">{label}</span> {cut(line)}
      </summary>
      <div class={datapoints.full}>
        <MessageList value={value} label={`Full ${name}`} />
      </div>
    </details>
  );
}

function Row({ row, position }: { row: Datapoint; position: number }) {
  return (
    <li data-testid="datapoint" data-span-id={row.source_span_id ?? ''} value={position}>
      <div class={`${datapoints.head} muted`}>
        <span class={datapoints.no}>#{formatCount(position)}</span> <code>{row.source_span_id ?? NONE}</code> ·{' '}
        {row.source}
      </div>
      <RowValue label="in" value={row.input} />
      <RowValue label="out" value={row.output} />
    </li>
  );
}

/** The row browser of one dataset (mount with `key={dataset}`: the page belongs to it). */
export function DatasetRows({ dataset, total }: Props) {
  const [offset, setOffset] = useState(0);
  const page = useDatasetRows(dataset, offset);
  const rows = page.rows;
  const first = offset + 1;
  const last = offset + (rows?.length ?? 0);
  const range = rows === null ? '…' : rows.length === 0 ? 'rows 0' : `rows ${formatCount(first)}–${formatCount(last)}`;
  return (
    <section aria-label="Rows">
      <div class={styles.rowsHead}>
        <h4>Rows</h4>
        <span class="muted" data-testid="rows-range" data-offset={offset} data-shown={rows?.length ?? ''}>
          {range} of {formatCount(total)}
        </span>
        <div class={styles.rowsPager}>
          <button
            type="button"
            class="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - ROWS_PAGE))}
          >
            Prev
          </button>
          <button
            type="button"
            class="button"
            disabled={offset + ROWS_PAGE >= total}
            onClick={() => setOffset(offset + ROWS_PAGE)}
          >
            Next
          </button>
        </div>
      </div>
      {page.error && (
        <p class="error-text" role="alert">
          The rows could not be read: {page.error.message}
        </p>
      )}
      {rows === null && !page.error && <p class="muted">Loading the rows…</p>}
      {rows !== null && rows.length === 0 && <p class="muted">No rows.</p>}
      {rows !== null && rows.length > 0 && (
        <ol class={datapoints.datapoints} data-testid="dataset-rows" start={first}>
          {rows.map((row, i) => (
            <Row key={row.id} row={row} position={first + i} />
          ))}
        </ol>
      )}
    </section>
  );
}
