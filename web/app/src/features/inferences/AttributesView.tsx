// The drawer's Attributes tab: every field of the span record (ids copyable, times, tokens, cost,
// duration) and its attributes as key/value rows, nested values as formatted JSON. Text only.
import type { ComponentChildren } from 'preact';
import type { Json, Span } from 'tracesift';
import { CopyButton } from '../../common/CopyButton';
import { NONE, formatCost, formatCount, formatDuration, formatLocalTime } from '../../common/format';
import { prettyJson } from '../../common/messages/canonical';
import messages from '../../common/messages/messages.module.css';
import styles from './drawer.module.css';

const IDS = ['span_id', 'trace_id', 'parent_span_id', 'session_id', 'user_id'] as const;
const PLAIN = ['name', 'kind', 'status', 'model', 'provider', 'environment', 'task'] as const;

function Row({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class={styles.kvRow} data-field={name}>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** An attribute value: strings as they are, anything else as JSON (pretty when nested). */
function Value({ value }: { value: Json }) {
  if (typeof value === 'string') return <span class={styles.kvText}>{value}</span>;
  if (value !== null && typeof value === 'object')
    return <pre class={`${messages.json} ${styles.kvJson}`}>{prettyJson(value)}</pre>;
  return <code>{JSON.stringify(value)}</code>;
}

/** The span's fields and attributes. */
export function AttributesView({ span }: { span: Span }) {
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div data-testid="span-attributes">
      <h3>Span</h3>
      <dl class={styles.kv}>
        {IDS.map((key) => (
          <Row key={key} name={key}>
            {span[key] === null ? (
              NONE
            ) : (
              <>
                <code class={styles.kvId}>{span[key]}</code>
                <CopyButton value={span[key]!} label={key} />
              </>
            )}
          </Row>
        ))}
        {PLAIN.map((key) => (
          <Row key={key} name={key}>
            <span class={styles.kvText}>{span[key] ?? NONE}</span>
          </Row>
        ))}
        <Row name="started_at">
          {formatLocalTime(span.started_at)} <span class="muted">({span.started_at})</span>
        </Row>
        <Row name="ended_at">
          {span.ended_at ? (
            <>
              {formatLocalTime(span.ended_at)} <span class="muted">({span.ended_at})</span>
            </>
          ) : (
            NONE
          )}
        </Row>
        <Row name="duration">{formatDuration(span.started_at, span.ended_at)}</Row>
        <Row name="input_tokens">{span.input_tokens === null ? NONE : formatCount(span.input_tokens)}</Row>
        <Row name="output_tokens">{span.output_tokens === null ? NONE : formatCount(span.output_tokens)}</Row>
        <Row name="cost_usd">
          {formatCost(span.cost_usd)}
          {span.cost_usd !== null && <span class="muted"> ({span.cost_usd})</span>}
        </Row>
        <Row name="error">{span.error === null ? NONE : <span class={styles.kvText}>{span.error}</span>}</Row>
      </dl>
      <h3>Attributes</h3>
      {attributes.length === 0 ? (
        <p class="muted">No attributes.</p>
      ) : (
        <dl class={styles.kv}>
          {attributes.map(([key, value]) => (
            <Row key={key} name={key}>
              <Value value={value} />
            </Row>
          ))}
        </dl>
      )}
    </div>
  );
}
