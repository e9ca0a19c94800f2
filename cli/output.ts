// Results on stdout: JSON (one object a line) and raw JSONL bytes, waiting when the pipe is full.

/** Writes text or bytes to stdout, waiting for the pipe to drain when it is full. */
export async function write(text: string | Uint8Array): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

/** Writes one JSON value on one line. */
export function writeJson(value: unknown): Promise<void> {
  return write(JSON.stringify(value) + '\n');
}

/** Writes JSONL: one line per record. */
export async function writeJsonl(records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await write(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** The number of lines (records) in JSONL bytes. */
export function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (const b of bytes) if (b === 10) lines++;
  return lines;
}
