// The drawer's Trace tab: every span of the trace as an indented timeline (children under their
// parent, by start time) with a duration bar on the trace's time span. The span shown is marked;
// choosing another one shows it in the drawer.
import type { SpanDetail } from 'tracesift';
import { NONE, formatCost, formatCount, formatDuration } from '../../common/format';
import { traceLines } from './traceTree';
import { Badge } from '../../common/Badge';
import styles from './drawer.module.css';

interface Props {
  detail: SpanDetail;
  /** Shows another span of the trace in the drawer. */
  onPick: (spanId: string) => void;
}

/** The trace's spans as a timeline. */
export function TraceView({ detail, onPick }: Props) {
  const lines = traceLines(detail.trace);
  const current = detail.span.span_id;
  return (
    <div>
      <p class={`muted ${styles.traceSummary}`}>
        {formatCount(detail.trace_total)} span{detail.trace_total === 1 ? '' : 's'} in trace{' '}
        <code>{detail.trace_id}</code>
        {detail.trace_total > detail.trace.length && ` (the first ${formatCount(detail.trace.length)} shown)`}
      </p>
      <ol class={styles.traceLines} data-testid="trace-spans">
        {lines.map(({ span, depth, left, width }) => {
          const tokens =
            span.input_tokens === null && span.output_tokens === null
              ? null
              : (span.input_tokens ?? 0) + (span.output_tokens ?? 0);
          const isCurrent = span.span_id === current;
          return (
            <li key={span.span_id}>
              <button
                type="button"
                class={styles.traceLine}
                data-testid="trace-span"
                data-span-id={span.span_id}
                aria-current={isCurrent ? 'true' : undefined}
                onClick={() => onPick(span.span_id)}
              >
                <span class={styles.traceLabel} style={{ paddingLeft: `${depth * 14}px` }}>
                  <span class={styles.traceKind} data-kind={span.kind}>
                    {span.kind}
                  </span>
                  <span class={styles.traceName} title={span.name}>
                    {span.name}
                  </span>
                  {span.status === 'failed' && <Badge value="failed" />}
                </span>
                <span class={`${styles.traceMeta} muted`}>
                  {span.model ?? ''}
                  {tokens !== null && ` · ${formatCount(tokens)} tok`}
                  {span.cost_usd !== null && ` · ${formatCost(span.cost_usd)}`}
                </span>
                <span class={styles.traceBarTrack} aria-hidden="true">
                  <span
                    class={styles.traceBar}
                    data-status={span.status}
                    style={{ left: `${left * 100}%`, width: `max(2px, ${width * 100}%)` }}
                  />
                </span>
                <span class={styles.traceDuration}>
                  {span.ended_at ? formatDuration(span.started_at, span.ended_at) : NONE}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
