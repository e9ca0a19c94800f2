// The drawer's Messages tab: a span's input and output messages as a chat, one role-labelled bubble
// per message (system, user, assistant, tool, ...), tool calls and results as formatted JSON text.
// Everything is rendered as text nodes: message content is untrusted and never parsed as HTML.
import type { Span } from 'tracesift';
import { toMessages, type ChatMessage, type MessageBlock } from './messages';

const KNOWN_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function', 'input', 'output']);

function Block({ block }: { block: MessageBlock }) {
  switch (block.type) {
    case 'text':
      return <div class="msg-text">{block.text}</div>;
    case 'tool_call':
      return (
        <div class="msg-call" data-testid="tool-call">
          <div class="msg-call-head">
            <span class="msg-call-kind">Tool call</span> <code>{block.name}</code>
            {block.id && <span class="muted"> · {block.id}</span>}
          </div>
          {block.text !== '' && <pre class="msg-json">{block.text}</pre>}
        </div>
      );
    case 'tool_result':
      return (
        <div class="msg-call" data-testid="tool-result">
          <div class="msg-call-head">
            <span class="msg-call-kind">Tool result</span>
            {block.id && <span class="muted"> · {block.id}</span>}
          </div>
          <pre class="msg-json">{block.text}</pre>
        </div>
      );
    case 'json':
      return (
        <div class="msg-call">
          {block.label && <div class="msg-call-head">{block.label}</div>}
          <pre class="msg-json">{block.text}</pre>
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

function Section({ title, messages, testId }: { title: string; messages: ChatMessage[]; testId: string }) {
  return (
    <section class="chat-section" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      {messages.length === 0 ? (
        <p class="muted">None recorded.</p>
      ) : (
        <ol class="chat">
          {messages.map((m, i) => (
            <Bubble key={i} message={m} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The span's input and output as chat messages, and its error if it failed. */
export function ChatView({ span }: { span: Span }) {
  return (
    <div class="chat-view">
      {span.error && (
        <p class="drawer-error" data-testid="span-error">
          {span.error}
        </p>
      )}
      <Section title="Input" messages={toMessages(span.input, 'input')} testId="chat-input" />
      <Section title="Output" messages={toMessages(span.output, 'output')} testId="chat-output" />
    </div>
  );
}
