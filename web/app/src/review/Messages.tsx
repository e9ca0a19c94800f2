// A value of a datapoint shown for reading: chat messages as role-labelled blocks (text, parts and
// tool calls as plain text), anything else as indented JSON. Untrusted: text only, never HTML.

interface Props {
  value: unknown;
  /** What the block holds, for screen readers ("Input", "Original output", ...). */
  label: string;
  testId?: string;
}

interface Message {
  role: string;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
  name?: unknown;
}

function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Message).role === 'string'
  );
}

/** A message's content as text: strings as they are, text parts joined, other parts as JSON. */
function contentText(content: unknown): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') {
          return (part as { text: string }).text;
        }
        return JSON.stringify(part);
      })
      .join('\n');
  }
  return JSON.stringify(content, null, 2);
}

/** The tool calls of a message, one line each: name(arguments). */
function toolCallLines(calls: unknown): string[] {
  if (!Array.isArray(calls)) return [];
  return calls.map((call) => {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } })?.function;
    if (fn && typeof fn.name === 'string') {
      return `${fn.name}(${typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? '')})`;
    }
    return JSON.stringify(call);
  });
}

/** The messages, or the JSON of a value that is not a message list. */
export function Messages({ value, label, testId }: Props) {
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) {
    return (
      <ol class="messages" aria-label={label} data-testid={testId}>
        {value.map((m, i) => {
          const text = contentText(m.content);
          const calls = toolCallLines(m.tool_calls);
          return (
            <li key={i} class={`message role-${m.role.replace(/[^a-z_-]/gi, '')}`} data-role={m.role}>
              <div class="message-role">
                {m.role}
                {typeof m.name === 'string' && ` · ${m.name}`}
                {typeof m.tool_call_id === 'string' && ` · ${m.tool_call_id}`}
              </div>
              {text !== '' && <div class="message-text">{text}</div>}
              {calls.map((c, j) => (
                <div key={j} class="message-tool-call">
                  calls {c}
                </div>
              ))}
              {text === '' && calls.length === 0 && <div class="message-text muted">(no content)</div>}
            </li>
          );
        })}
      </ol>
    );
  }
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre class="messages-raw" aria-label={label} data-testid={testId}>
      {text === '' ? '(empty)' : text}
    </pre>
  );
}
