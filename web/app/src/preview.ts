// One-line previews of a datapoint's input and output for the dataset details. Pure: the result is
// plain text, rendered as text (trace content is untrusted).
import type { Json } from 'tracesift';

/** Characters a preview keeps before it is cut with "…". */
export const PREVIEW_CHARS = 240;

function isMessage(value: Json): value is { role: string; content?: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value['role'] === 'string';
}

function contentText(content: Json | undefined): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (typeof part === 'object' && part !== null && !Array.isArray(part) && typeof part['text'] === 'string') {
          return part['text'];
        }
        return JSON.stringify(part);
      })
      .join(' ');
  }
  return JSON.stringify(content);
}

/** Cuts `text` to `max` characters (code points), marking the cut. */
export function cut(text: string, max = PREVIEW_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The full text of a stored value: messages as "role: content" joined by " · ", a string as it
 * is, anything else as its JSON; "" for null.
 */
export function valueText(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) {
    return value.map((m) => `${m.role}: ${contentText(m.content)}`).join(' · ');
  }
  return JSON.stringify(value);
}

/**
 * The whole stored value for reading in full: each message as "role:" and its content on the
 * lines after, separated by a blank line; a string as it is; anything else as indented JSON.
 */
export function fullText(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) {
    return value.map((m) => `${m.role}:\n${contentText(m.content)}`).join('\n\n');
  }
  return JSON.stringify(value, null, 2);
}
