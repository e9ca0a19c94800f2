// Canonical messages shown as a chat, one role-labelled bubble per message: text, reasoning
// (collapsed, apart from the answer), image/audio/file labels, tool calls with their arguments,
// tool results, and anything else as indented JSON. A value that is not a message list is shown
// whole as text. Everything is a text node: content is untrusted and never parsed as HTML. Used by
// the span drawer, the dataset rows and the review desk.
import type { Json } from 'tracesift';
import { prettyJson, readMessages, type ChatMessage, type MessageBlock } from './canonical';
import { cx } from '../cx';
import styles from './messages.module.css';

/** The roles with a bubble style of their own (a Map: roles are untrusted text). */
const ROLE_STYLES = new Map([
  ['system', styles.system],
  ['user', styles.user],
  ['assistant', styles.assistant],
  ['tool', styles.tool],
]);

function Block({ block }: { block: MessageBlock }) {
  switch (block.type) {
    case 'text':
      return (
        <div class={styles.text} data-chat="text">
          {block.text}
        </div>
      );
    case 'reasoning':
      return block.redacted ? (
        <div class={styles.reasoning} data-testid="reasoning" data-redacted="true">
          reasoning (encrypted, not shown)
        </div>
      ) : (
        <details class={styles.reasoning} data-testid="reasoning">
          <summary>reasoning</summary>
          <div class={styles.text} data-chat="text">
            {block.text}
          </div>
        </details>
      );
    case 'media':
      return (
        <div class={styles.media} data-testid="media">
          [{block.label}]
        </div>
      );
    case 'tool_call':
      return (
        <div class={styles.call} data-testid="tool-call">
          <div class={styles.callHead}>
            <span class={styles.callKind}>Tool call</span> <code>{block.name}</code>
            {block.id && (
              <span class="muted" data-chat="call-id">
                {' · '}
                {block.id}
              </span>
            )}
          </div>
          {block.arguments !== '' && <pre class={styles.json}>{prettyJson(block.arguments)}</pre>}
        </div>
      );
    case 'tool_result':
      return (
        <div class={styles.call} data-testid="tool-result">
          <div class={styles.callHead}>
            <span class={styles.callKind}>Tool result</span>
            {block.id && (
              <span class="muted" data-chat="call-id">
                {' · '}
                {block.id}
              </span>
            )}
          </div>
          <pre class={styles.json}>{block.text === '' ? '(empty)' : prettyJson(block.text)}</pre>
        </div>
      );
    case 'extra':
      return (
        <div class={styles.call} data-testid="extra-fields">
          <div class={styles.callHead}>other fields (not canonical)</div>
          <pre class={styles.json}>{prettyJson(block.value)}</pre>
        </div>
      );
    case 'json':
      return (
        <div class={styles.call}>
          {block.label && <div class={styles.callHead}>{block.label}</div>}
          <pre class={styles.json}>{prettyJson(block.value)}</pre>
        </div>
      );
  }
}

function Bubble({ message }: { message: ChatMessage }) {
  return (
    <li class={cx(styles.msg, ROLE_STYLES.get(message.role))} data-testid="chat-message" data-role={message.role}>
      <div class={styles.role} data-chat="role">
        {message.role}
        {message.name && <span class="muted"> · {message.name}</span>}
      </div>
      <div class={styles.body} data-chat="body">
        {message.blocks.length === 0 ? (
          <div class={`${styles.text} muted`} data-chat="text">
            (empty)
          </div>
        ) : (
          message.blocks.map((b, i) => <Block key={i} block={b} />)
        )}
      </div>
    </li>
  );
}

interface Props {
  /** The stored input or output (JSON, as the engine hands it). */
  value: unknown;
  /** What the list holds, for screen readers ("Input messages", "Original output", ...). */
  label: string;
  testId?: string;
}

/** A stored input or output: its messages as a chat, or the value whole as text; "None recorded." for null. */
export function MessageList({ value, label, testId }: Props) {
  const read = readMessages(value as Json | undefined);
  if (read.kind === 'none') {
    return (
      <p class="muted" data-testid={testId}>
        None recorded.
      </p>
    );
  }
  if (read.kind === 'raw') {
    return (
      <pre class={styles.raw} role="group" aria-label={label} data-testid={testId}>
        {read.text === '' ? '(empty)' : read.text}
      </pre>
    );
  }
  return (
    <ol class={styles.chat} aria-label={label} data-testid={testId}>
      {read.messages.map((m, i) => (
        <Bubble key={i} message={m} />
      ))}
    </ol>
  );
}
