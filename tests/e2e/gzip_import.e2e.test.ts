// Gzip-compressed files on the Import page in a real browser (Chromium's DecompressionStream), picked
// with the file input as people do: a real fixture gzipped imports exactly as the client imports the
// plain file (run here in node); members joined with cat import as one text (the browser's
// decompressor stops at the first); a file cut short and one with a broken checksum fail alone, with
// the one gzip error naming the file and the compressed bytes. No page or console error.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSift } from '../../dist/web/src/client.js';
import type { ImportReport } from '../../dist/worker/src/types.js';
import { badChecksum, cutShort, REAL_DOCUMENT, twoMembers } from '../node/gzip_files.js';
import { openInProcess } from '../node/in_process_worker.js';
import { openApp, showPage, type Preview } from './harness.js';

/** A number as the app prints it. */
const shown = (n: number) => n.toLocaleString('en-US');
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, '') || 'NaN');

/** `count` native span lines of task `task`, each with some text so the file spans several pieces. */
function spanLines(task: string, count: number): Buffer {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      span_id: `${task}-${i}`,
      trace_id: `trace-${task}-${i % 50}`,
      name: 'chat',
      kind: 'llm_call',
      status: 'completed',
      task,
      started_at: '2020-03-01T00:00:00Z',
      ended_at: '2020-03-01T00:00:01Z',
      input: [{ role: 'user', content: `question ${i}: ${(i * 7919).toString(36).repeat(20)}` }],
    }),
  );
  return Buffer.from(lines.join('\n') + '\n');
}

describe('gzip files on the import page in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  let reference: TraceSift;
  let expected: ImportReport;
  const requests: string[] = [];
  const problems: string[] = [];

  const fileReport = (name: string) => page.getByTestId('import-report').locator(`li[data-file="${name}"]`);
  const statuses = () =>
    page.getByTestId('import-file').evaluateAll((li) => li.map((l) => l.getAttribute('data-status')));
  const stat = async (file: string, name: string) =>
    numberIn(await fileReport(file).locator(`[data-stat="${name}"]`).textContent());

  beforeAll(async () => {
    ({ ts: reference } = await openInProcess());
    expected = await reference.importFile(new Blob([readFileSync(REAL_DOCUMENT)]), { fileName: 'beeai.trace.json' });
    ({ server, origin, browser, page } = await openApp({ requests, problems }));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await reference?.close();
  });

  it('imports gzip files picked with the file input; a file cut short fails alone, naming the byte', async () => {
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/^Imported [\d,]+ spans/);
    await showPage(page, 'import');
    const real = gzipSync(readFileSync(REAL_DOCUMENT));
    // Members of about 4 MiB of text each: more than a chunk to the engine and many reads apiece.
    const joined = twoMembers(spanLines('gz-joined', 30_000));
    const whole = gzipSync(spanLines('gz-cut', 3000));
    const keep = Math.floor(whole.length / 2);
    await page.getByTestId('file-input').setInputFiles([
      { name: 'beeai.trace.json.gz', mimeType: 'application/gzip', buffer: real },
      { name: 'joined.jsonl.gz', mimeType: 'application/gzip', buffer: Buffer.from(joined) },
      { name: 'cut.jsonl.gz', mimeType: 'application/gzip', buffer: Buffer.from(cutShort(whole, keep)) },
      { name: 'crc.json.gz', mimeType: 'application/gzip', buffer: Buffer.from(badChecksum(real)) },
    ]);
    await expect.poll(statuses).toEqual(['done', 'done', 'failed', 'failed']);

    // The real export: the counts the client gives for the plain file.
    expect(expected.imported).toBeGreaterThan(0);
    expect(await stat('beeai.trace.json.gz', 'read')).toBe(expected.read);
    expect(await stat('beeai.trace.json.gz', 'imported')).toBe(expected.imported);
    expect(await stat('beeai.trace.json.gz', 'errors')).toBe(expected.error_count);
    // Both members of the joined file.
    expect(await stat('joined.jsonl.gz', 'imported')).toBe(30_000);
    // The file cut short: the one gzip error, with the compressed byte where it ended.
    expect(await fileReport('cut.jsonl.gz').getByRole('alert').textContent()).toBe(
      `'cut.jsonl.gz' is not a valid gzip file: unexpected end of file at compressed byte ${shown(keep)}`,
    );

    // A broken checksum: the browser's words for it, and the piece it was found in.
    expect(await fileReport('crc.json.gz').getByRole('alert').textContent()).toBe(
      `'crc.json.gz' is not a valid gzip file: incorrect data check in compressed bytes 0 to ${shown(real.length)}`,
    );

    // What the Inferences page finds of them.
    await showPage(page, 'inferences');
    const box = page.getByTestId('query-input');
    for (const [task, n] of [
      ['gz-joined', 30_000],
      ['gz-cut', 0],
    ] as const) {
      await box.fill(`task:${task}`);
      await box.press('Enter');
      const count = page.getByTestId('span-count');
      await expect.poll(() => count.getAttribute('data-filter')).toBe(JSON.stringify(`task:${task}`));
      await expect.poll(async () => numberIn(await count.textContent())).toBe(n);
    }
  });

  it('logged no page or console error', () => {
    expect(problems).toEqual([]);
  });
});
