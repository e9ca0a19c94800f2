// The datapoints of the rules' dataset, oldest first: which rule took each, and its input and
// output as one line of text each (trace content is untrusted: text only).
import type { CaptureRule, Datapoint } from 'tracesift';
import { NONE, formatCount } from '../../common/format';
import { cut, valueText } from '../../common/messages/preview';
import datapoints from '../../common/datapoints.module.css';

interface Props {
  /** The first rows, or null while loading. */
  rows: Datapoint[] | null;
  /** Rows in the dataset. */
  total: number;
  /** The dataset's rules, to name the rule of a row. */
  rules: CaptureRule[];
}

/** The list under the rules. */
export function CapturedRows({ rows, total, rules }: Props) {
  if (rows === null) return <p class="muted">Loading the datapoints…</p>;
  if (rows.length === 0) {
    return (
      <p class="muted" data-testid="captured-empty">
        No datapoints yet: backfill a rule, or import spans its filter matches.
      </p>
    );
  }
  const ruleName = (id: number | null) => {
    if (id === null) return null;
    return rules.find((r) => r.id === id)?.name ?? `rule ${id} (deleted)`;
  };
  return (
    <>
      <p class="muted" data-testid="captured-count" data-total={total}>
        First {formatCount(rows.length)} of {formatCount(total)} datapoints
      </p>
      <ol class={datapoints.datapoints} data-testid="captured-rows">
        {rows.map((row) => {
          const input = valueText(row.input);
          const output = valueText(row.output);
          const rule = ruleName(row.rule_id);
          return (
            <li
              key={row.id}
              data-testid="captured-row"
              data-span-id={row.source_span_id ?? ''}
              data-rule-id={row.rule_id ?? ''}
            >
              <div class={`${datapoints.head} muted`}>
                <code>{row.source_span_id ?? NONE}</code> · {rule ? `captured by ${rule}` : row.source}
              </div>
              <div class={datapoints.line} data-preview="in" title={cut(input, 2000)}>
                <span class="field-label">in</span> {cut(input) || NONE}
              </div>
              <div class={datapoints.line} data-preview="out" title={cut(output, 2000)}>
                <span class="field-label">out</span> {cut(output) || NONE}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
