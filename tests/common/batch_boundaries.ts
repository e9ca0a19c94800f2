// What a database can hold after an import stopped between batches: the span counts after each
// whole batch (duplicate span ids merge, so a count is of distinct ids), for the kill tests.
import { readFileSync } from 'node:fs';

/** The span counts a database can hold after whole batches of `batch` records of JSONL `file`: 0, after each batch, and at the end. */
export function batchBoundaries(file: string, batch: number): number[] {
  const seen = new Set<string>();
  const counts = [0];
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    seen.add((JSON.parse(line) as { span_id: string }).span_id);
    if ((i + 1) % batch === 0 || i === lines.length - 1) counts.push(seen.size);
  });
  return counts;
}
