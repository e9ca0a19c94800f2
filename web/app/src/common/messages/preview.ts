// One-line previews of a stored input or output (dataset rows, captured datapoints): each canonical
// message as "role: text", a tool call as "assistant → name(arguments)", joined by " · ". Pure: the
// result is plain text, rendered as text (trace content is untrusted).
import type { Json } from 'tracesift';
import { readMessages, type ChatMessage, type MessageBlock } from './canonical.js';

/** Characters a preview keeps before it is cut with "…". */
export const PREVIEW_CHARS = 240;

/** Cuts `text` to `max` characters (code points), marking the cut. */
export function cut(text: string, max = PREVIEW_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Text on one line: runs of white space holding a line break become one space. */
const oneLine = (text: string): string => text.replace(/\s*[\r\n]\s*/g, ' ').trim();

/** A block's text in a preview, or null for a block the preview leaves out (reasoning, tool calls, extra keys). */
function blockText(block: MessageBlock): string | null {
  switch (block.type) {
    case 'text':
    case 'tool_result':
      return block.text === '' ? null : block.text;
    case 'media':
      return `[${block.label}]`;
    case 'json':
      return JSON.stringify(block.value);
    case 'reasoning':
    case 'tool_call':
    case 'extra':
      return null;
  }
}

/** One message as one line: "role: text", "role → call(args), ..." or both; never only "role:". */
function messageLine(m: ChatMessage): string {
  const text = m.blocks.flatMap((b) => blockText(b) ?? []).join(' ');
  const calls = m.blocks.flatMap((b) => (b.type === 'tool_call' ? [`${b.name}(${oneLine(b.arguments)})`] : []));
  const reasoning = m.blocks.find((b) => b.type === 'reasoning');
  if (calls.length > 0) return `${m.role}${text === '' ? '' : `: ${text}`} → ${calls.join(', ')}`;
  if (text !== '') return `${m.role}: ${text}`;
  if (reasoning) return `${m.role}: [${reasoning.redacted ? 'reasoning, encrypted' : 'reasoning'}]`;
  return `${m.role}: (no content)`;
}

/**
 * The full text of a stored value on one line: messages as "role: content" joined by " · ", a
 * string as it is, anything else as its JSON; "" for null.
 */
export function valueText(value: Json): string {
  const read = readMessages(value);
  if (read.kind === 'none') return '';
  if (read.kind === 'messages') return read.messages.map(messageLine).join(' · ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
