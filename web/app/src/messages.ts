// A span's input or output as chat messages for the drawer: one role and a list of text, tool-call,
// tool-result and JSON blocks per message. Pure, no DOM: the drawer renders every block as text.
//
// Spans come from many exporters, so messages come in many shapes (docs/CONTRACT.md "span record": the
// engine normalises what it recognises to [{role, content}], and keeps the raw value otherwise):
// - content as a string, null, or an array of parts: {type: "text", text}, {type: "input_text" |
//   "output_text", text}, {type: "image_url"}, Anthropic {type: "tool_use", id, name, input} and
//   {type: "tool_result", tool_use_id, content}, GenAI semconv {type: "text", content},
//   {type: "tool_call", id, name, arguments}, {type: "tool_call_response", id, response};
// - OpenAI tool_calls: [{id, type: "function", function: {name, arguments}}], and tool_call_id on
//   the tool's answer; semconv `parts` instead of `content`;
// - Responses API items: {type: "function_call", name, arguments, call_id},
//   {type: "function_call_output", call_id, output}, {type: "message", role, content: [...]};
// - anything else (a prompt string, a tool's argument object): shown whole as text or JSON.
import type { Json } from 'tracesift';

/** One piece of a message. `text` is always plain text, never markup. */
export type MessageBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; name: string; id: string | null; text: string }
  | { type: 'tool_result'; id: string | null; text: string }
  | { type: 'json'; label: string | null; text: string };

/** One chat message: its role (lower case: system, user, assistant, tool, ...) and its blocks. */
export interface ChatMessage {
  role: string;
  /** The sender's name when the message gives one (a tool's name, a participant). */
  name: string | null;
  blocks: MessageBlock[];
}

type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);

/** A value as readable text: strings as they are, JSON strings and other values pretty-printed. */
export function prettyJson(value: Json | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(trimmed) as Json, null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value, null, 2);
}

/** The blocks of one content part. */
function partBlocks(part: Json): MessageBlock[] {
  if (typeof part === 'string') return [{ type: 'text', text: part }];
  if (!isObject(part)) return part === null ? [] : [{ type: 'json', label: null, text: prettyJson(part) }];
  const type = str(part.type) ?? '';
  const text = str(part.text) ?? (type === 'text' ? str(part.content) : null);
  if (text !== null && (type === '' || type.endsWith('text'))) return [{ type: 'text', text }];
  if (type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
    const args = part.input ?? part.arguments;
    return [
      {
        type: 'tool_call',
        name: str(part.name) ?? 'tool',
        id: str(part.id) ?? str(part.call_id),
        text: prettyJson(args),
      },
    ];
  }
  if (type === 'tool_result' || type === 'tool_call_response' || type === 'function_call_output') {
    const result = part.content ?? part.response ?? part.output ?? null;
    const id = str(part.tool_use_id) ?? str(part.id) ?? str(part.call_id);
    return [{ type: 'tool_result', id, text: resultText(result) }];
  }
  if (type === 'refusal' && str(part.refusal) !== null)
    return [{ type: 'text', text: `Refusal: ${str(part.refusal)}` }];
  // Images, audio, files: say what it is; the data itself is not shown (nor fetched).
  return [{ type: 'json', label: type || null, text: prettyJson(part) }];
}

/** A tool result's text: a string, or the text of its parts, or its JSON. */
function resultText(result: Json): string {
  if (typeof result === 'string') return prettyJson(result);
  if (Array.isArray(result)) {
    const texts = result.map((p) => (isObject(p) ? (str(p.text) ?? null) : typeof p === 'string' ? p : null));
    if (texts.every((t) => t !== null)) return texts.join('\n');
  }
  return prettyJson(result);
}

/** The blocks of a message's content (a string, parts, or another value). */
function contentBlocks(content: Json | undefined): MessageBlock[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (Array.isArray(content)) return content.flatMap(partBlocks);
  return [{ type: 'json', label: null, text: prettyJson(content) }];
}

/** OpenAI-style tool_calls as blocks. */
function toolCallBlocks(calls: Json | undefined): MessageBlock[] {
  if (!Array.isArray(calls)) return [];
  return calls.map((call): MessageBlock => {
    if (!isObject(call)) return { type: 'json', label: 'tool call', text: prettyJson(call) };
    const fn = isObject(call.function) ? call.function : call;
    return {
      type: 'tool_call',
      name: str(fn.name) ?? 'tool',
      id: str(call.id),
      text: prettyJson(fn.arguments ?? fn.input ?? null),
    };
  });
}

/** True when `value` looks like one chat message (or Responses API item). */
function isMessage(value: Json): value is JsonObject {
  if (!isObject(value)) return false;
  if (typeof value.role === 'string') return true;
  const type = str(value.type);
  return type === 'function_call' || type === 'function_call_output' || type === 'message';
}

/** One message-like object as a ChatMessage. */
function toMessage(m: JsonObject): ChatMessage {
  const type = str(m.type);
  if (type === 'function_call' || type === 'function_call_output')
    return { role: type === 'function_call' ? 'assistant' : 'tool', name: str(m.name), blocks: partBlocks(m) };
  const role = (str(m.role) ?? 'message').toLowerCase();
  const blocks = [...contentBlocks(m.content ?? m.parts), ...toolCallBlocks(m.tool_calls)];
  // A tool's answer names the call it answers.
  const callId = str(m.tool_call_id);
  if (callId !== null && blocks.every((b) => b.type === 'text'))
    return {
      role,
      name: str(m.name),
      blocks: [{ type: 'tool_result', id: callId, text: blocks.map((b) => (b as { text: string }).text).join('\n') }],
    };
  return { role, name: str(m.name), blocks };
}

/**
 * A span's input or output as messages. `fallbackRole` names a value that is not a message list
 * ("input" or "output"); null gives no messages.
 */
export function toMessages(value: Json, fallbackRole: string): ChatMessage[] {
  if (value === null) return [];
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) return value.map(toMessage);
  if (isMessage(value)) return [toMessage(value)];
  // {messages: [...]} wrappers (chat requests).
  if (isObject(value) && Array.isArray(value.messages) && value.messages.every(isMessage)) {
    return value.messages.map(toMessage);
  }
  if (typeof value === 'string') return [{ role: fallbackRole, name: null, blocks: [{ type: 'text', text: value }] }];
  return [{ role: fallbackRole, name: null, blocks: [{ type: 'json', label: null, text: prettyJson(value) }] }];
}
