// JSONL bytes -> records, for results that cross from the engine as bytes.

const decoder = new TextDecoder();

/** Decodes UTF-8 JSONL into one value per non-empty line. */
export function parseJsonl<T>(bytes: Uint8Array | ArrayBuffer): T[] {
  const text = decoder.decode(bytes);
  const out: T[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) out.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
  }
  return out;
}
