// A span's or datapoint's input/output read as the canonical messages the engine hands over
// (docs/FORMAT.md, "Canonical messages"): an array of {role, content, tool_calls?, tool_call_id?,
// name?} with content a string, null, or parts ({type: "text"}, {type: "reasoning"} (maybe
// "redacted"), OpenAI image/audio/file parts, any other part as given). Provider shapes are the
// engine's job: a value that is not a message list (a prompt string, a tool's arguments, a shape the
// engine kept raw) is shown whole as text or indented JSON. Pure, no DOM: every view renders the
// result as text nodes, never as markup.
import type { Json } from 'tracesift';

/** One piece of a message, in the order the message holds them. */
export type MessageBlock =
  /** Message text, shown as it is. */
  | { type: 'text'; text: string }
  /** A reasoning part: shown apart from the answer, collapsed; `redacted` when only an encrypted blob existed. */
  | { type: 'reasoning'; text: string; redacted: boolean }
  /** An image, audio or file part: a label only (the data is neither shown nor fetched). */
  | { type: 'media'; label: string }
  /** A tool call: the function's name, the call's id, its arguments as the source wrote them. */
  | { type: 'tool_call'; name: string; id: string | null; arguments: string }
  /** A tool message's answer to the call `id`: its text (JSON text is indented by the views). */
  | { type: 'tool_result'; id: string | null; text: string }
  /** Anything else (an unknown part, a malformed call): the value itself, labelled. */
  | { type: 'json'; label: string | null; value: Json }
  /** The keys of a message that are not canonical, as given (not part of what is trained on). */
  | { type: 'extra'; value: Json };

/** One canonical message: its role (system, user, assistant, tool), its sender's name, its blocks. */
export interface ChatMessage {
  role: string;
  name: string | null;
  blocks: MessageBlock[];
}

/** A stored value as the views show it: messages, a raw value, or nothing. */
export type Conversation =
  | { kind: 'messages'; messages: ChatMessage[] }
  /** Not a message list: a string as it is, anything else as indented JSON. */
  | { kind: 'raw'; text: string }
  | { kind: 'none' };

type JsonObject = { [key: string]: Json };

/** The keys a canonical message may have; any other key is shown as a JSON block. */
const MESSAGE_KEYS = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'name']);

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);

/** A value as readable text: strings as they are (indented when they hold a JSON object or array), other values indented. */
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

/** True when `value` is a list of messages: a non-empty array of objects with a string role. */
export function isMessageList(value: Json): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isObject(m) && typeof m.role === 'string');
}

/** About how many bytes a data: URL holds, as "N KB". */
function dataSize(url: string): string {
  const comma = url.indexOf(',');
  const bytes = Math.round(((url.length - comma - 1) * 3) / 4);
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

/** An image/audio/file part's label, or null when `part` is none of them. */
function mediaLabel(type: string, part: JsonObject): string | null {
  if (type === 'image_url') {
    const url = isObject(part.image_url) ? str(part.image_url.url) : null;
    if (url === null) return 'image';
    return url.startsWith('data:') ? `image (embedded, ${dataSize(url)})` : `image: ${url}`;
  }
  if (type === 'input_audio') {
    const format = isObject(part.input_audio) ? str(part.input_audio.format) : null;
    return format ? `audio (${format})` : 'audio';
  }
  if (type === 'file') {
    const file: JsonObject = isObject(part.file) ? part.file : {};
    const name = str(file.filename) ?? str(file.file_id);
    return name ? `file: ${name}` : 'file';
  }
  return null;
}

/** The block of one content part. */
function partBlock(part: Json): MessageBlock {
  if (typeof part === 'string') return { type: 'text', text: part };
  if (!isObject(part)) return { type: 'json', label: null, value: part };
  const type = str(part.type) ?? '';
  if (type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
  if (type === 'reasoning') {
    return { type: 'reasoning', text: str(part.text) ?? '', redacted: part.redacted === true };
  }
  const label = mediaLabel(type, part);
  if (label !== null) return { type: 'media', label };
  return { type: 'json', label: type || null, value: part };
}

/** The blocks of a content value: a string, null, parts, or (not canonical) another value. */
function contentBlocks(content: Json | undefined): MessageBlock[] {
  if (content === undefined || content === null || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (Array.isArray(content)) return content.map(partBlock);
  return [{ type: 'json', label: 'content', value: content }];
}

/** The blocks of a message's tool_calls: [{id, type: "function", function: {name, arguments}}]. */
function toolCallBlocks(calls: Json | undefined): MessageBlock[] {
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) return [{ type: 'json', label: 'tool_calls', value: calls }];
  return calls.map((call): MessageBlock => {
    const fn = isObject(call) && isObject(call.function) ? call.function : null;
    const name = fn ? str(fn.name) : null;
    if (!isObject(call) || fn === null || name === null) return { type: 'json', label: 'tool call', value: call };
    const args = fn.arguments;
    return {
      type: 'tool_call',
      name,
      id: str(call.id),
      arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
    };
  });
}

/** A tool message's blocks: its answer to the call it names, then any part that is not text. */
function toolResultBlocks(m: JsonObject, content: MessageBlock[]): MessageBlock[] {
  const texts = content.flatMap((b) => (b.type === 'text' ? [b.text] : []));
  const others = content.filter((b) => b.type !== 'text');
  const result: MessageBlock = { type: 'tool_result', id: str(m.tool_call_id), text: texts.join('\n') };
  return [result, ...others];
}

/** One canonical message as a ChatMessage. */
function toMessage(m: JsonObject): ChatMessage {
  const role = str(m.role) ?? '';
  const content = contentBlocks(m.content);
  const blocks = role === 'tool' ? toolResultBlocks(m, content) : content;
  blocks.push(...toolCallBlocks(m.tool_calls));
  // Keys that are not canonical are not dropped silently: shown as they are.
  const extra = Object.entries(m).filter(([key]) => !MESSAGE_KEYS.has(key));
  if (extra.length > 0) blocks.push({ type: 'extra', value: Object.fromEntries(extra) });
  return { role, name: str(m.name), blocks };
}

/** A stored input or output as the views show it. */
export function readMessages(value: Json | undefined): Conversation {
  if (value === undefined || value === null) return { kind: 'none' };
  if (isMessageList(value)) return { kind: 'messages', messages: value.map(toMessage) };
  return { kind: 'raw', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
}
