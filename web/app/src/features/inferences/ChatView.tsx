// The drawer's Messages tab: a span's input and output as a chat (messages/MessageList.tsx: the
// canonical messages the engine hands over, one role-labelled bubble each, tool calls and results
// as formatted JSON text), and its error if it failed. Everything is rendered as text nodes.
import type { Json, Span } from 'tracesift';
import { MessageList } from '../../common/messages/MessageList';
import styles from './drawer.module.css';

function Section({ title, value, testId }: { title: string; value: Json; testId: string }) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <MessageList value={value} label={`${title} messages`} />
    </section>
  );
}

/** The span's input and output as chat messages, and its error if it failed. */
export function ChatView({ span }: { span: Span }) {
  return (
    <div>
      {span.error && (
        <p class={styles.error} data-testid="span-error">
          {span.error}
        </p>
      )}
      <Section title="Input" value={span.input} testId="chat-input" />
      <Section title="Output" value={span.output} testId="chat-output" />
    </div>
  );
}
