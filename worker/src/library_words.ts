// The engine's messages are shared with the CLI, which names its flags ("pass --format"). A
// program using the library sets options instead: these rewrite the flags' advice into the
// library's options before an answer leaves the worker (browser and node). The CLI keeps its words.
import { mapStrings } from './map_strings.js';
import type { ResponseEnvelope } from './protocol.js';

/** The CLI's advice, and the same advice for the library. */
const REWORDED: [RegExp, string][] = [
  [/\bpass --format\b/g, "pass importFile's `format` option"],
  [/\(--db, open\(\{path\}\), openDatabaseFile\)/g, '(open({ path }) or openDatabaseFile)'],
];

/** `text` with the CLI's advice given in the library's terms. */
export function libraryText(text: string): string {
  return text.includes('--') ? REWORDED.reduce((t, [from, to]) => t.replace(from, to), text) : text;
}

/** A copy of a JSON-like value in the library's words. */
function reword<T>(value: T): T {
  return mapStrings(value, libraryText);
}

/** Answers that can carry the engine's advice: every error, and the reports of an import. */
const REPORTS = new Set(['importChunk', 'importFinish', 'importCancel']);

/** The response to a `method` request as the library says it. */
export function inLibraryWords(message: ResponseEnvelope, method: string): ResponseEnvelope {
  if (!message.ok) return { ...message, error: reword(message.error) };
  return REPORTS.has(method) ? { ...message, result: reword(message.result) } : message;
}
