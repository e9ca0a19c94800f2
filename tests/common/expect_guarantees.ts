// The assertions over what client_guarantees.mjs observed, shared by the node test (worker thread)
// and the pack test (Chromium's module Web Worker).
import { expect } from 'vitest';

/** What observeGuarantees returns (loosely typed: it comes from plain JavaScript or a page). */
type Seen = Record<string, any>;

/** Asserts every guarantee of the client on what was observed. */
export function expectGuarantees(seen: Seen): void {
  // Errors are TraceSiftErrors with a code, a message and details.
  expect(seen.error).toMatchObject({ isTraceSiftError: true, isError: true, code: 'invalid_filter', field: 'modle' });
  expect(seen.error.message).toMatch(/modle/);
  expect(seen.queryError).toMatchObject({ ok: false, name: 'TraceSiftError', code: 'invalid_filter' });
  expect(seen.queryError.details.position).toBeGreaterThan(0);

  // Import progress: one event a chunk, bytes growing to the file's size.
  const { progress } = seen;
  expect(progress.size).toBeGreaterThan(4 << 20);
  expect(progress.importEvents.length).toBe(Math.ceil(progress.size / (4 << 20)));
  const bytes = progress.importEvents.map((e: { bytes: number }) => e.bytes);
  expect(bytes).toEqual([...bytes].sort((a: number, b: number) => a - b));
  expect(progress.importEvents.at(-1)).toMatchObject({ bytes: progress.size, totalBytes: progress.size });
  expect(progress.report).toMatchObject({ bytes: progress.size, cancelled: false, error_count: 0 });
  expect(progress.report.imported).toBe(progress.total);
  // Export progress: every file reported, the last event counts every row.
  expect(progress.saved.rows).toBeGreaterThan(0);
  expect(progress.files.map((f: { name: string }) => f.name)).toEqual(['eval.jsonl', 'eval.recipe.json']);
  const reported = new Set(progress.exportEvents.map((e: { file: string }) => e.file));
  expect(reported).toEqual(new Set(['eval.jsonl', 'eval.recipe.json', '']));
  expect(progress.exportEvents.at(-1)).toMatchObject({ rows: progress.saved.rows, rejected: 0 });
  expect(progress.exportedLines).toBe(progress.saved.rows);

  // Cancellation.
  expect(seen.abortExport.before).toMatchObject({ ok: false, code: 'aborted' });
  expect(seen.abortExport.during).toMatchObject({ ok: false, code: 'aborted' });
  expect(seen.abortExport.after).toBe(true);
  const { abortImport } = seen;
  expect(abortImport.before).toMatchObject({ ok: false, code: 'aborted' });
  expect(abortImport.countBefore).toBe(0);
  expect(abortImport.during).toMatchObject({ ok: false, code: 'aborted', details: { report: { cancelled: true } } });
  expect(abortImport.during.details.report.bytes).toBeLessThan(progress.size);
  expect(abortImport.countAfter).toBe(abortImport.during.details.report.imported);
  expect(abortImport.countAfter).toBeLessThan(progress.total);

  // close(): the running import and later calls reject with "closed"; closing again resolves.
  expect(seen.close.running).toMatchObject({ ok: false, code: 'closed' });
  expect(seen.close.close.ok).toBe(true);
  expect(seen.close.later).toMatchObject({ ok: false, code: 'closed' });
  expect(seen.close.again.ok).toBe(true);

  // A dead worker: every pending call and every later one rejects with "worker_failed".
  expect(seen.crash.pending).toHaveLength(4);
  for (const p of seen.crash.pending) expect(p).toMatchObject({ ok: false, code: 'worker_failed' });
  expect(seen.crash.pending[0].message).toMatch(/crashed \(on purpose\)/);
  expect(seen.crash.later).toMatchObject({ ok: false, code: 'worker_failed' });
  expect(seen.crash.close.ok).toBe(true);
  expect(seen.missing).toMatchObject({ ok: false, name: 'TraceSiftError', code: 'worker_failed' });
}
