// Canonical messages shown as a chat, one role-labelled bubble per message: text, reasoning
// (collapsed, apart from the answer), image/audio/file labels, tool calls with their arguments,
// tool results, and anything else as indented JSON. A value that is not a message list is shown
// whole as text. Everything is a text node: content is untrusted and never parsed as HTML. Used by
// the span drawer, the dataset rows and the review desk.
import type { Json } from 'tracesift';
import { prettyJson, readMessages, type ChatMessage, type MessageBlock } from './canonical';
import './messages.css';

const KNOWN_ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function Block({ block }: { block: MessageBlock }) {
  switch (block.type) {
    case 'text':
      return <div class="msg-text">{block.text}</div>;
    case 'reasoning':
      return block.redacted ? (
        <div class="msg-reasoning msg-reasoning-redacted" data-testid="reasoning" data-redacted="true">
          reasoning (encrypted, not shown)
        </div>
      ) : (
        <details class="msg-reasoning" data-testid="reasoning">
          <summary>reasoning</summary>
          <div class="msg-text">{block.text}</div>
        </details>
      );
    case 'media':
      return (
        <div class="msg-media" data-testid="media">
          [{block.label}]
        </div>
      );
    case 'tool_call':
      return (
        <div class="msg-call" data-testid="tool-call">
          <div class="msg-call-head">
            <span class="msg-call-kind">Tool call</span> <code>{block.name}</code>
            {block.id && <span class="muted"> · {block.id}</span>}
          </div>
          {block.arguments !== '' && <pre class="msg-json">{prettyJson(block.arguments)}</pre>}
        </div>
      );
    case 'tool_result':
      return (
        <div class="msg-call" data-testid="tool-result">
          <div class="msg-call-head">
            <span class="msg-call-kind">Tool result</span>
            {block.id && <span class="muted"> · {block.id}</span>}
          </div>
          <pre class="msg-json">{block.text === '' ? '(empty)' : prettyJson(block.text)}</pre>
        </div>
      );
    case 'extra':
      return (
        <div class="msg-call" data-testid="extra-fields">
          <div class="msg-call-head">other fields (not canonical)</div>
          <pre class="msg-json">{prettyJson(block.value)}</pre>
        </div>
      );
    case 'json':
      return (
        <div class="msg-call">
          {block.label && <div class="msg-call-head">{block.label}</div>}
          <pre class="msg-json">{prettyJson(block.value)}</pre>
        </div>
      );
  }
}

function Bubble({ message }: { message: ChatMessage }) {
  const role = KNOWN_ROLES.has(message.role) ? message.role : 'other';
  return (
    <li class={`msg msg-${role}`} data-testid="chat-message" data-role={message.role}>
      <div class="msg-role">
        {message.role}
        {message.name && <span class="muted"> · {message.name}</span>}
      </div>
      <div class="msg-body">
        {message.blocks.length === 0 ? (
          <div class="msg-text muted">(empty)</div>
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
      <pre class="msg-raw" role="group" aria-label={label} data-testid={testId}>
        {read.text === '' ? '(empty)' : read.text}
      </pre>
    );
  }
  return (
    <ol class="chat" aria-label={label} data-testid={testId}>
      {read.messages.map((m, i) => (
        <Bubble key={i} message={m} />
      ))}
    </ol>
  );
}
